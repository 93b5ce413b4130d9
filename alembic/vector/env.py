"""Alembic environment of the vector store (PostgreSQL + pgvector), run on an async engine."""

from __future__ import annotations

import asyncio

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from alembic import context
from config.settings import Settings
from db.vector import asyncpg_url
from db.vector_tables import vector_metadata

config = context.config
target_metadata = vector_metadata
# its own version table: the vector store may share a PostgreSQL database with other schemas
VERSION_TABLE = "alembic_version_vector"


def database_url() -> str:
    url = config.get_main_option("sqlalchemy.url") or Settings().vector_database_url
    if not url:
        raise RuntimeError("no vector store URL: set MALL_VECTOR_DATABASE_URL or use `mall db upgrade`")
    return asyncpg_url(url)


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    engine = create_async_engine(database_url())
    async with engine.connect() as connection:
        await connection.run_sync(run_with)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=database_url(), target_metadata=target_metadata, literal_binds=True, version_table=VERSION_TABLE
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_online())
