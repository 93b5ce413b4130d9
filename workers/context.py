"""What a job function gets: the opened resources, its job id, progress reporting and item markers."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from config.settings import Settings
from db.relational import RelationalStore
from db.vector import VectorStore
from db.vector_tables import EmbeddingModel
from llm.client import LLMClient
from llm.factory import make_llm_client
from ml.embeddings import TextEmbedder, default_embedder
from resolvers import jobs
from resolvers.vectors import Embedder, LocalEmbedder

A = TypeVar("A", bound=BaseModel)
ProgressCallback = Callable[[float, str], None]
# progress is written at most this often: a tight loop over 3,000 items must not cost 3,000 commits
PROGRESS_INTERVAL_S = 0.25


class JobCancelled(Exception):
    """An admin asked to cancel; raised from `progress` so the job stops at a clean point."""


class TransientJobError(Exception):
    """Worth another try later (a service was briefly away); the runner retries with backoff."""


@dataclass
class Resources:
    """Opened once per worker (arq's on_startup) or shared with the server (in-process)."""

    settings: Settings
    store: RelationalStore
    vectors: VectorStore
    llm: LLMClient
    embedder: TextEmbedder
    # what fills the vector store's table: MiniLM off the event loop, or OpenAI embeddings
    vector_embedder: Embedder

    @classmethod
    async def open(cls, settings: Settings, *, start_vectors: bool = True) -> Resources:
        """What a worker process opens at startup; the vector store may be unavailable."""
        vectors = build_vector_store(settings)
        if start_vectors:
            await vectors.start()
            # as the server does: the embedded store is ours to migrate (an external one is
            # migrated by `mall db upgrade`), so a first `mall jobs run` finds its tables
            if vectors.is_embedded:
                await vectors.upgrade(
                    hnsw_m=settings.hnsw_m, hnsw_ef_construction=settings.hnsw_ef_construction
                )
        llm = open_llm_client(settings)
        return cls(
            settings=settings,
            store=RelationalStore(settings.relational_url),
            vectors=vectors,
            llm=llm,
            embedder=default_embedder(),
            vector_embedder=build_embedder(settings, llm),
        )

    async def close(self) -> None:
        await self.llm.aclose()
        await self.vectors.dispose()
        await self.store.dispose()


def open_llm_client(settings: Settings) -> LLMClient:
    """OpenAI (or a compatible server) when a key is configured, the local client otherwise."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return make_llm_client(
        key,
        settings.openai_base_url,
        settings.openai_model,
        settings.openai_timeout_s,
        settings.openai_max_retries,
        embedding_model=EmbeddingModel.OPENAI_SMALL.value,
    )


def build_embedder(settings: Settings, llm: LLMClient) -> Embedder:
    """The product/query embedder of the configured model (its vectors fill its own table)."""
    if settings.embedding_model == EmbeddingModel.MINILM:
        return LocalEmbedder(default_embedder())
    if llm.is_local:
        raise ValueError(f"MALL_EMBEDDING_MODEL={settings.embedding_model} needs OPENAI_API_KEY")
    return llm


def build_vector_store(settings: Settings) -> VectorStore:
    return VectorStore(
        settings.vector_database_url,
        embedded_dir=settings.data_dir / "pg",
        model=settings.embedding_model,
        ef_search=settings.hnsw_ef_search,
    )


@dataclass
class JobContext:
    job_id: int
    attempt: int
    resources: Resources
    on_progress: ProgressCallback | None = None
    _last_report: float = field(default=0.0, init=False)

    @property
    def settings(self) -> Settings:
        return self.resources.settings

    def session(self) -> AsyncSession:
        """A new session on the relational store; close it (use `async with`)."""
        return self.resources.store.session()

    async def progress(self, done: int, total: int, message: str = "", *, force: bool = False) -> None:
        """Record done/total; raises JobCancelled when an admin asked to cancel this job."""
        fraction = done / total if total else 1.0
        text = message or f"{done}/{total}"
        if self.on_progress is not None:
            self.on_progress(fraction, text)
        now = time.monotonic()
        if not force and done < total and now - self._last_report < PROGRESS_INTERVAL_S:
            return
        self._last_report = now
        async with self.session() as session:
            cancel = await jobs.report_progress(session, self.job_id, fraction, text)
        if cancel:
            raise JobCancelled

    async def done_items(self) -> set[str]:
        """Keys of items this job already completed (in an earlier, interrupted try)."""
        async with self.session() as session:
            return await jobs.done_item_keys(session, self.job_id)


@dataclass(frozen=True)
class JobKind(Generic[A]):
    """A kind of job: its name, typed arguments and the coroutine that does the work.

    `run` returns a small JSON-able summary; it must be idempotent: run again after a crash, it
    skips what is done (item markers, content hashes) and finishes the rest.
    """

    name: str
    description: str
    args: type[A]
    run: Callable[[JobContext, A], Awaitable[dict[str, Any]]]
    timeout_s: int | None = None
    uses_vectors: bool = False  # `mall jobs run` starts the vector store only for these
