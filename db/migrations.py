"""Running the relational store's alembic migrations from code (the CLI, the demo and tests)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

from alembic import command

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    # alembic's ini parser treats % as interpolation
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Blocking: alembic drives its own event loop for the async engine; call it off the loop."""
    command.upgrade(alembic_config(url), revision)


def vector_alembic_config(url: str, *, hnsw_m: int = 16, hnsw_ef_construction: int = 64) -> Config:
    """The vector store's migrations: their own script location and MetaData (STYLE rule 19)."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic" / "vector"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    # index build parameters come from settings; a migration that builds an HNSW index reads them
    config.attributes["hnsw_m"] = hnsw_m
    config.attributes["hnsw_ef_construction"] = hnsw_ef_construction
    return config


def upgrade_vectors(
    url: str, revision: str = "head", *, hnsw_m: int = 16, hnsw_ef_construction: int = 64
) -> None:
    """Blocking, like upgrade(): PostgreSQL + pgvector at `url` (asyncpg or plain postgresql://)."""
    from db.vector import asyncpg_url

    command.upgrade(
        vector_alembic_config(asyncpg_url(url), hnsw_m=hnsw_m, hnsw_ef_construction=hnsw_ef_construction),
        revision,
    )


def is_current(url: str) -> bool:
    """Whether the relational store is at the newest migration (blocking; raises SQLAlchemyError
    when the store cannot be reached)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    parsed = make_url(url)
    sync_driver = {"sqlite": "sqlite", "mysql": "mysql+pymysql"}.get(parsed.get_backend_name())
    engine = create_engine(parsed.set(drivername=sync_driver) if sync_driver else parsed)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    return current == heads
