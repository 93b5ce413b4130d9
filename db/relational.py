"""The relational store: one async engine and its session maker (MySQL/MariaDB or SQLite)."""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import PendingRollbackError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

T = TypeVar("T")
# every AsyncSession coroutine that talks to the connection
_SERIALIZED = (
    "exec",
    "execute",
    "scalar",
    "scalars",
    "get",
    "get_one",
    "refresh",
    "merge",
    "delete",
    "flush",
    "commit",
    "rollback",
    "close",
    "run_sync",
    "stream",
    "stream_scalars",
    "connection",
)


class _TaskLock:
    """A lock the holding task may take again: a session method calling another must not deadlock."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._depth = 0

    async def run(self, call: Callable[[], Awaitable[T]]) -> T:
        task = asyncio.current_task()
        if self._owner is task and task is not None:
            self._depth += 1
            try:
                return await call()
            finally:
                self._depth -= 1
        async with self._lock:
            self._owner, self._depth = task, 1
            try:
                return await call()
            finally:
                self._owner, self._depth = None, 0


class SerializedSession(AsyncSession):
    """An AsyncSession that takes turns.

    GraphQL resolves sibling query fields concurrently and a request shares one session; a plain
    AsyncSession refuses concurrent use ("provisioning a new connection"). Statements of one
    request now queue on the session instead; mutations run one after another anyway.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turns = _TaskLock()


_ROLLBACK = AsyncSession.rollback


def _serialize(name: str) -> None:
    original = getattr(AsyncSession, name)

    async def recovered(self: SerializedSession, *args: Any, **kwargs: Any) -> Any:
        # a statement that failed in one field leaves the transaction inactive; the next field
        # of the same request must start afresh, not die on PendingRollbackError
        transaction = self.sync_session.get_transaction()
        if name not in ("rollback", "close") and transaction is not None and not transaction.is_active:
            await _ROLLBACK(self)
        try:
            return await original(self, *args, **kwargs)
        except PendingRollbackError:
            # a sibling field cancelled mid-statement (graphql-core aborts the rest of a list when
            # one item fails) leaves the connection's transaction invalid while the session's
            # looks active; nothing was sent, so roll back and run the statement once more
            if name in ("rollback", "close"):
                raise
            await _ROLLBACK(self)
            return await original(self, *args, **kwargs)

    @functools.wraps(original)
    async def serialized(self: SerializedSession, *args: Any, **kwargs: Any) -> Any:
        return await self._turns.run(lambda: recovered(self, *args, **kwargs))

    setattr(SerializedSession, name, serialized)


for _name in _SERIALIZED:
    if hasattr(AsyncSession, _name):
        _serialize(_name)


def make_sqlite_file_private(url: str) -> None:
    """The embedded database holds password hashes and orders: readable by its owner only
    (SQLite gives its -wal and -shm files the database file's mode)."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.stat().st_uid == os.getuid():
        path.chmod(0o600)


def create_relational_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An engine tuned per dialect: FK enforcement and WAL for SQLite, pool health for MySQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        make_sqlite_file_private(url)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "mysql" and "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    return create_async_engine(
        parsed,
        echo=echo,
        pool_size=20,
        max_overflow=20,
        pool_pre_ping=True,  # a restarted MariaDB must not cost the next request an error
        pool_recycle=1800,
    )


class RelationalStore:
    """Owns the engine; hands out sessions that never expire loaded objects on commit."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = create_relational_engine(url, echo=echo)
        self.sessions = async_sessionmaker(
            self.engine, class_=SerializedSession, expire_on_commit=False, autoflush=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> AsyncSession:
        return self.sessions()

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()
