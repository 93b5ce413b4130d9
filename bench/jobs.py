"""Job platform benchmark: queue latency and throughput on Redis, embedding speed, pricing error.

Run from the project root: `python bench/jobs.py` (a few minutes on 2 CPU cores; `--only embedding`
runs one phase, here the embedding job alone, in about a minute). Needs Redis
(MALL_REDIS_URL, default redis://127.0.0.1:6379/0; only this run's keys are touched) and
../shared/data/products.jsonl (or MALL_SHARED_DATA). The relational store is a fresh SQLite file
and the vector store a fresh embedded PostgreSQL, both in a temporary folder.

Figures:
- enqueue_p50_ms / enqueue_p99_ms: job row created -> job started (its started_at), one `mall worker`,
  one job at a time (so the figure is latency, not queueing).
- jobs_per_s: 1,000 `noop` jobs enqueued at once, until the last one succeeded.
- embed_items_per_s: the embed_products job over the whole catalog, on CPU (embed_cpu_s: the CPU
  seconds this process spent in it, all threads).
- pricing_mape / pricing_baseline_mape: the local price model on a held-out 20 % of the real
  prices, and the median price of the product's level-3 category on the same split.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from sqlmodel import col, func, select  # noqa: E402

from config.settings import Settings  # noqa: E402
from db import migrations  # noqa: E402
from db.relational import RelationalStore  # noqa: E402
from db.tables import Job, JobState  # noqa: E402
from resolvers import imports, jobs  # noqa: E402
from workers.context import Resources  # noqa: E402
from workers.runner import ArqQueue, execute_with_retries, start_job  # noqa: E402

LATENCY_SAMPLES = 100
THROUGHPUT_JOBS = 1_000
WORKER_CONCURRENCY = 10
DATA = Path(os.environ.get("MALL_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def spawn_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MALL_DATA_DIR": str(settings.data_dir),
        "MALL_DATABASE_URL": settings.relational_url,
        "MALL_REDIS_URL": settings.redis_url or "",
        "MALL_JOB_QUEUE_NAME": settings.job_queue_name,
        "MALL_JOB_CONCURRENCY": str(WORKER_CONCURRENCY),
        "MALL_CRON_ENABLED": "false",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "cli.main", "worker", "--without-vectors"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


async def wait_finished(store: RelationalStore, job_ids: list[int], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        async with store.session() as session:
            left = await session.exec(
                select(func.count())
                .select_from(Job)
                .where(col(Job.id).in_(job_ids), col(Job.state).in_([JobState.QUEUED, JobState.RUNNING]))
            )
            if left.one() == 0:
                return
        await asyncio.sleep(0.005)
    raise TimeoutError(f"jobs still unfinished after {timeout_s} s")


async def queue_figures(settings: Settings, log: Path) -> dict[str, float]:
    store = RelationalStore(settings.relational_url)
    queue = ArqQueue(settings.redis_url or "", settings.job_queue_name)
    worker = spawn_worker(settings, log)
    try:
        # warm-up: the worker is ready once it ran a job
        async with store.session() as session:
            warm = await start_job(queue, session, "noop", {})
        await wait_finished(store, [warm.id or 0], 60)

        latencies: list[float] = []
        for _ in range(LATENCY_SAMPLES):
            async with store.session() as session:
                job = await start_job(queue, session, "noop", {})
            await wait_finished(store, [job.id or 0], 30)
            async with store.session() as session:
                row = await jobs.get_job(session, job.id or 0)
            assert row is not None
            assert row.started_at is not None
            latencies.append((row.started_at - row.created_at).total_seconds() * 1000)

        began = time.perf_counter()
        ids: list[int] = []
        async with store.session() as session:
            for _ in range(THROUGHPUT_JOBS):
                ids.append((await start_job(queue, session, "noop", {})).id or 0)
        await wait_finished(store, ids, 600)
        elapsed = time.perf_counter() - began
        async with store.session() as session:
            succeeded = (
                await session.exec(
                    select(func.count())
                    .select_from(Job)
                    .where(col(Job.id).in_(ids), Job.state == JobState.SUCCEEDED)
                )
            ).one()
        if succeeded != THROUGHPUT_JOBS:
            raise RuntimeError(f"only {succeeded} of {THROUGHPUT_JOBS} jobs succeeded; see {log}")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        await queue.close()
        await store.dispose()
    cut = statistics.quantiles(latencies, n=100)
    return {
        "enqueue_p50_ms": round(statistics.median(latencies), 1),
        "enqueue_p99_ms": round(cut[98], 1),
        "jobs_per_s": round(THROUGHPUT_JOBS / elapsed, 1),
    }


async def embedding_figures(settings: Settings, products_file: Path) -> dict[str, float]:
    store = RelationalStore(settings.relational_url)
    async with store.session() as session:
        with products_file.open(encoding="utf-8") as handle:
            report = await imports.import_lines(session, imports.read_jsonl(handle))
    await store.dispose()
    resources = await Resources.open(settings)
    try:
        if resources.vectors.engine is None:
            raise RuntimeError(f"vector store unavailable: {resources.vectors.error}")
        resources.embedder.encode(["warm the model up"])  # loading the model is not embedding
        async with resources.store.session() as session:
            job = await jobs.create_job(session, "embed_products", {})
        # this process's CPU time (the model's threads included, PostgreSQL's not): a figure that
        # other work on the machine's cores disturbs less than wall time
        cpu_began = time.process_time()
        await execute_with_retries(resources, job.id or 0)
        cpu_s = time.process_time() - cpu_began
        async with resources.store.session() as session:
            row = await jobs.get_job(session, job.id or 0)
    finally:
        await resources.close()
    assert row is not None
    if row.state != JobState.SUCCEEDED:
        raise RuntimeError(f"embedding job {row.state}: {row.error}")
    assert row.result is not None
    assert row.started_at
    assert row.finished_at
    seconds = (row.finished_at - row.started_at).total_seconds()
    return {
        "catalog_products": report.created,
        "embedded": row.result["embedded"],
        "embed_items_per_s": round(row.result["embedded"] / seconds, 1),
        "embed_cpu_s": round(cpu_s, 1),
    }


def pricing_figures(products_file: Path) -> dict[str, float]:
    from ml.pricing import evaluate_holdout, read_products

    products = read_products(products_file).products
    result = evaluate_holdout(products, test_share=0.2, seed=0)
    return {
        "pricing_products": result.train_size + result.test_size,
        "pricing_mape": round(result.model_mape, 4),
        "pricing_baseline_mape": round(result.baseline_mape, 4),
        "pricing_median_ape": round(result.model_median_ape, 4),
        "pricing_baseline_median_ape": round(result.baseline_median_ape, 4),
    }


async def cleanup_redis(url: str, queue_name: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    try:
        keys = [queue_name, f"{queue_name}:health-check"]
        for prefix in ("arq:job:", "arq:result:", "arq:retry:", "arq:in-progress:"):
            keys += [key async for key in redis.scan_iter(match=f"{prefix}{queue_name}:*")]
        await redis.delete(*keys)
    finally:
        await redis.aclose()


PHASES = ("queue", "embedding", "pricing")


async def main(only: set[str]) -> dict[str, float]:
    products_file = DATA / "products.jsonl"
    if not products_file.is_file():
        sys.exit(f"bench/jobs.py: {products_file} is absent (set MALL_SHARED_DATA to the data folder)")
    workdir = Path(tempfile.mkdtemp(prefix="mall-bench-jobs-"))
    os.chmod(workdir, 0o755)  # the embedded PostgreSQL runs as its own user
    # registered before the embedded PostgreSQL registers its own stop: atexit runs handlers
    # last-in first-out, so the folder goes only once the server has stopped
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    settings = Settings(
        data_dir=workdir / "var",
        redis_url=os.environ.get("MALL_REDIS_URL", "redis://127.0.0.1:6379/0"),
        job_queue_name=f"mall-bench-{uuid.uuid4().hex[:8]}",
        cron_enabled=False,
    )
    os.makedirs(settings.data_dir, mode=0o755)
    await asyncio.to_thread(migrations.upgrade, settings.relational_url)
    figures: dict[str, float] = {}
    try:
        phases: dict[str, tuple[str, Callable[[], Awaitable[dict[str, float]]]]] = {
            "queue": (
                "queue: latency and throughput on Redis, one worker",
                lambda: queue_figures(settings, workdir / "worker.log"),
            ),
            "embedding": ("embedding the catalog", lambda: embedding_figures(settings, products_file)),
            "pricing": (
                "pricing model: held-out error",
                lambda: asyncio.to_thread(pricing_figures, products_file),
            ),
        }
        for key, (title, phase) in phases.items():
            if key not in only:
                continue
            print(f"{title} ...", flush=True)
            began = time.perf_counter()
            found = await phase()
            print(f"  {found} ({time.perf_counter() - began:.0f} s)", flush=True)
            figures |= found
    finally:
        await cleanup_redis(settings.redis_url or "", settings.job_queue_name)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", action="append", choices=PHASES, help="run only this phase (repeatable); default: all"
    )
    results = asyncio.run(main(set(parser.parse_args().only or PHASES)))
    print()
    print(f"{'figure':<30}{'value':>12}")
    for name, value in results.items():
        print(f"{name:<30}{value:>12}")
    keys = (
        "enqueue_p50_ms",
        "enqueue_p99_ms",
        "jobs_per_s",
        "embed_items_per_s",
        "pricing_mape",
        "pricing_baseline_mape",
    )
    print(json.dumps({key: results[key] for key in keys if key in results}))
