"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def shared_data_path() -> Path:
    """../shared/data beside the checkout, or MALL_SHARED_DATA."""
    return Path(os.environ.get("MALL_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data set; tests that need it skip with a reason where it is absent."""
    path = shared_data_path()
    if not path.is_dir():
        pytest.skip(f"real data folder {path} is absent (set MALL_SHARED_DATA)")
    return path


# ---- stores: every data-layer test runs on SQLite and on MariaDB ----

import uuid  # noqa: E402
from collections.abc import AsyncIterator, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402
from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from config.settings import Settings  # noqa: E402
from db import migrations  # noqa: E402
from db.relational import RelationalStore  # noqa: E402

MYSQL_SERVER_URL = os.environ.get("MALL_TEST_MYSQL_URL", "mysql+aiomysql://root@127.0.0.1:3306")
BACKENDS = ["sqlite", "mariadb"]


def _create_mysql_database(name: str) -> str:
    import pymysql

    url = make_url(MYSQL_SERVER_URL)
    try:
        connection = pymysql.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 3306,
            user=url.username or "root",
            password=url.password or "",
        )
    except pymysql.err.OperationalError as exc:
        raise RuntimeError(
            f"MariaDB is not reachable at {MYSQL_SERVER_URL}: start it (see README, 'Tests') "
            "or set MALL_TEST_MYSQL_URL"
        ) from exc
    with connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    return str(url.set(database=name))


def _drop_mysql_database(name: str) -> None:
    import pymysql

    url = make_url(MYSQL_SERVER_URL)
    connection = pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
    )
    with connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database per backend for the whole session; tests clean up after themselves."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "mall.db"
        url = f"sqlite+aiosqlite:///{path}"
        migrations.upgrade(url)
        yield url
        return
    name = f"mall_test_{uuid.uuid4().hex[:10]}"
    url = _create_mysql_database(name)
    migrations.upgrade(url)
    yield url
    _drop_mysql_database(name)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path / "var",
        secret_key="test-secret-key-that-is-long-enough-0123456789",
    )


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[RelationalStore]:
    store = RelationalStore(settings.relational_url)
    yield store
    # empty every table so the next test starts clean (children first)
    async with store.engine.begin() as connection:
        if store.dialect == "mysql":
            await connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        else:  # categories refer to themselves: check keys at commit, not per row
            await connection.execute(text("PRAGMA defer_foreign_keys=ON"))
        for table in reversed(SQLModel.metadata.sorted_tables):
            await connection.execute(table.delete())
        if store.dialect == "mysql":
            await connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))
    await store.dispose()


@pytest.fixture
async def session(store: RelationalStore) -> AsyncIterator[Any]:
    async with store.session() as session:
        yield session


@dataclass
class SqlCounter:
    statements: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.statements.clear()

    @property
    def count(self) -> int:
        return len(self.statements)


def count_statements(store: RelationalStore) -> SqlCounter:
    counter = SqlCounter()

    @event.listens_for(store.engine.sync_engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("PRAGMA", "SELECT 1")):
            counter.statements.append(statement)

    return counter


# ---- the app, driven over ASGI like a client would ----


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.token: str | None = None

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = {}
        bearer = token or self.token
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The response body; fails the test on any GraphQL error (use .post to expect them)."""
        response = await self.post(query, variables, token)
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        assert response.status_code == 200, body
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
async def app(settings: Settings, store: RelationalStore) -> Any:
    from api.app import create_app

    application = create_app(settings, start_vectors=False)
    # share the test's store so the SQL counter and cleanup see the app's statements
    application.state.services.store = store
    return application


@pytest.fixture
async def gql(app: Any) -> AsyncIterator[GraphQLClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield GraphQLClient(http)


# ---- Redis and jobs: each test gets its own arq queue name, and only its own keys are deleted ----

REDIS_URL = os.environ.get("MALL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def job_settings(settings: Settings) -> AsyncIterator[Settings]:
    """Settings for arq on the real Redis: a unique queue, quick retries, no schedules."""
    from redis.asyncio import Redis

    queue = f"mall-test-{uuid.uuid4().hex[:12]}"
    yield settings.model_copy(
        update={
            "redis_url": REDIS_URL,
            "job_queue_name": queue,
            "job_retry_delay_s": 0.05,
            "job_poll_delay_s": 0.05,
            "cron_enabled": False,
        }
    )
    redis = Redis.from_url(REDIS_URL)
    try:
        # arq's keys embed our job ids, which start with the queue name (workers.runner.arq_job_id)
        keys = [queue, f"{queue}:health-check"]
        for pattern in ("arq:job:", "arq:result:", "arq:retry:", "arq:in-progress:"):
            keys += [key async for key in redis.scan_iter(match=f"{pattern}{queue}:*")]
        await redis.delete(*keys)
    finally:
        await redis.aclose()


# ---- the vector store: a real embedded PostgreSQL + pgvector for the whole session ----

import hashlib  # noqa: E402

import numpy as np  # noqa: E402

from db.vector import VectorStore  # noqa: E402
from ml.embeddings import Vectors, default_embedder  # noqa: E402

EMBEDDING_CACHE = PROJECT_ROOT / "artifacts" / "tests" / "embeddings.npz"


class CachedEmbedder:
    """The real MiniLM model with a memo (kept across runs in artifacts/): CPU time is scarce.

    `embedded` counts the texts the model was asked for, cached or not, so a test can check
    what an embedding run asked to embed.
    """

    def __init__(self) -> None:
        self.memo: dict[str, np.ndarray] = {}
        self.embedded = 0
        self._dirty = False
        if EMBEDDING_CACHE.is_file():
            with np.load(EMBEDDING_CACHE) as stored:
                self.memo = {key: stored[key] for key in stored.files}

    @staticmethod
    def key(text_: str) -> str:
        return hashlib.sha256(text_.encode()).hexdigest()[:24]

    async def embed(self, texts: list[str]) -> Vectors:
        import asyncio

        self.embedded += len(texts)
        missing = [t for t in dict.fromkeys(texts) if self.key(t) not in self.memo]
        if missing:
            rows = await asyncio.to_thread(default_embedder().encode, missing)
            for text_, row in zip(missing, rows, strict=True):
                self.memo[self.key(text_)] = row
            self._dirty = True
        return np.stack([self.memo[self.key(t)] for t in texts]).astype(np.float32)

    def save(self) -> None:
        if self._dirty:
            EMBEDDING_CACHE.parent.mkdir(parents=True, exist_ok=True)
            np.savez(EMBEDDING_CACHE, **self.memo)  # type: ignore[arg-type]  # numpy's stub types **kwds as bool


@pytest.fixture(scope="session")
def embedder() -> Iterator[CachedEmbedder]:
    cached = CachedEmbedder()
    yield cached
    cached.save()


@pytest.fixture(scope="session")
async def vector_store() -> AsyncIterator[VectorStore]:
    import shutil
    import tempfile

    # not tmp_path: PostgreSQL runs as its own user and pg_ctl must reach the data directory
    root = Path(tempfile.mkdtemp(prefix="mall-test-vectors-"))
    os.chmod(root, 0o755)
    store = VectorStore(None, embedded_dir=root / "pg")
    await store.start()
    await store.upgrade()
    assert store.engine is not None, store.error
    yield store
    await store.dispose()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def vectors(vector_store: VectorStore) -> AsyncIterator[VectorStore]:
    """The session's vector store, emptied after each test."""
    yield vector_store
    assert vector_store.engine is not None
    async with vector_store.engine.begin() as connection:
        await connection.execute(vector_store.products.delete())


@pytest.fixture
def dead_vectors(tmp_path: Path) -> VectorStore:
    """A vector store whose server went away: it has an engine, every connection is refused."""
    from sqlalchemy.ext.asyncio import create_async_engine

    url = "postgresql+asyncpg://nobody@127.0.0.1:1/mall"
    store = VectorStore(url, embedded_dir=tmp_path / "pg")
    store.engine = create_async_engine(url, connect_args={"timeout": 2})
    return store
