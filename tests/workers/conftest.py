"""Fixtures of the worker tests: resources on the test's store, arq workers in burst mode or as processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from arq.worker import Worker

from config.settings import Settings
from db.relational import RelationalStore
from db.tables import Job
from db.tables.jobs import FINAL_STATES
from db.vector import VectorStore
from llm.local_client import LocalLLMClient
from llm.openai_client import OpenAIClient, RetryPolicy
from ml.embeddings import default_embedder
from resolvers import jobs
from resolvers.vectors import LocalEmbedder
from tests.conftest import PROJECT_ROOT
from tests.fakes.openai_server import (  # noqa: F401  (fixtures re-exported for pytest)
    FAKE_API_KEY,
    FakeOpenAIServer,
    fake_openai,
    fake_openai_server,
)
from workers.context import Resources
from workers.settings import worker_options


@pytest.fixture
async def resources(settings: Settings, store: RelationalStore, tmp_path: Path) -> Resources:
    """The test's store; the vector store is not started (jobs that need it start their own)."""
    return Resources(
        settings=settings,
        store=store,
        vectors=VectorStore(None, embedded_dir=tmp_path / "pg"),
        llm=LocalLLMClient(),
        embedder=default_embedder(),
        vector_embedder=LocalEmbedder(default_embedder()),
    )


async def run_burst_worker(settings: Settings) -> Worker:
    """A real arq worker on the real Redis that stops once its queue is empty."""
    options = {**worker_options(settings, start_vectors=False), "poll_delay": 0.01}
    worker = Worker(**options, burst=True, handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()
    return worker


def spawn_worker(settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    """`mall worker` in its own process, configured through the environment like in production."""
    env = {
        **os.environ,
        "MALL_DATABASE_URL": settings.relational_url,
        "MALL_REDIS_URL": settings.redis_url or "",
        "MALL_JOB_QUEUE_NAME": settings.job_queue_name,
        "MALL_JOB_TIMEOUT_S": str(settings.job_timeout_s),
        "MALL_JOB_POLL_DELAY_S": "0.05",
        "MALL_DATA_DIR": str(settings.data_dir),
        "MALL_CRON_ENABLED": "false",
    }
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "cli.main", "worker", "--without-vectors"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


async def read_job(store: RelationalStore, job_id: int) -> Job:
    # a fresh session per read: MariaDB's repeatable read would otherwise show an old snapshot
    async with store.session() as session:
        job = await jobs.get_job(session, job_id)
    assert job is not None
    return job


async def wait_for(
    store: RelationalStore, job_id: int, condition: Callable[[Job], bool], timeout_s: float = 20
) -> Job:
    deadline = time.monotonic() + timeout_s
    while True:
        job = await read_job(store, job_id)
        if condition(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.state} ({job.message}) after {timeout_s} s")
        await asyncio.sleep(0.05)


def finished(job: Job) -> bool:
    return job.state in FINAL_STATES


def item_count_at_least(store: RelationalStore, job_id: int, count: int) -> Any:
    async def check() -> bool:
        async with store.session() as session:
            return len(await jobs.done_item_keys(session, job_id)) >= count

    return check


@pytest.fixture
async def vector_resources(resources: Resources, vector_store: VectorStore) -> AsyncIterator[Resources]:
    yield Resources(
        settings=resources.settings,
        store=resources.store,
        vectors=vector_store,
        llm=resources.llm,
        embedder=resources.embedder,
        vector_embedder=resources.vector_embedder,
    )
    assert vector_store.engine is not None
    async with vector_store.engine.begin() as connection:
        await connection.execute(vector_store.products.delete())


@pytest.fixture
async def llm_resources(
    resources: Resources,
    fake_openai: FakeOpenAIServer,  # noqa: F811
) -> AsyncIterator[Resources]:
    """Resources whose LLM is the real OpenAI client, pointed at the local fake server."""
    client = OpenAIClient(
        api_key=FAKE_API_KEY,
        model="gpt-4o-mini",
        base_url=fake_openai.base_url,
        timeout_s=2,
        retry=RetryPolicy(max_retries=1, base_delay_s=0.01, max_delay_s=0.02),
    )
    yield Resources(
        resources.settings,
        resources.store,
        resources.vectors,
        client,
        resources.embedder,
        resources.vector_embedder,
    )
    await client.aclose()
