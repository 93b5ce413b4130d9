"""The job platform: arq workers on the real Redis, the in-process runner, retries, cancellation, crashes."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from config.settings import Settings
from db.relational import RelationalStore
from db.tables import JobState
from resolvers import jobs
from resolvers.errors import DomainError
from resolvers.jobs import JobErrorCode
from resolvers.paging import PageRequest
from tests.workers.conftest import finished, read_job, run_burst_worker, spawn_worker, wait_for
from workers import registry
from workers.context import Resources
from workers.runner import ArqQueue, InProcessQueue, execute, start_job


def arq_queue(settings: Settings) -> ArqQueue:
    assert settings.redis_url
    return ArqQueue(settings.redis_url, settings.job_queue_name)


async def test_job_runs_on_an_arq_worker_and_reports_progress(
    job_settings: Settings, store: RelationalStore
) -> None:
    # given
    queue = arq_queue(job_settings)
    async with store.session() as session:
        job = await start_job(queue, session, "sleep", {"seconds": 0.6, "steps": 4})
    assert job.id is not None
    assert job.state == JobState.QUEUED
    seen: list[float] = []

    async def watch() -> None:
        while not finished(row := await read_job(store, job.id or 0)):
            seen.append(row.progress)
            await asyncio.sleep(0.05)

    # when
    await asyncio.gather(run_burst_worker(job_settings), watch())
    await queue.close()

    # then
    done = await read_job(store, job.id)
    assert done.state == JobState.SUCCEEDED
    assert done.progress == 1.0
    assert done.result == {"slept_s": 0.6}
    assert done.attempts == 1
    assert done.started_at is not None
    assert done.finished_at is not None
    assert any(0 < fraction < 1 for fraction in seen), seen


async def test_transient_failure_is_retried_with_backoff_until_it_succeeds(
    job_settings: Settings, store: RelationalStore
) -> None:
    queue = arq_queue(job_settings)
    async with store.session() as session:
        job = await start_job(queue, session, "flaky", {"fail_times": 2})
    started = time.monotonic()

    await run_burst_worker(job_settings)
    await queue.close()

    done = await read_job(store, job.id or 0)
    assert done.state == JobState.SUCCEEDED
    assert done.attempts == 3
    assert done.result == {"succeeded_on_try": 3}
    assert done.error is None
    # backoff of 0.05 s then 0.1 s between the tries
    assert time.monotonic() - started >= 0.15


async def test_transient_failures_fail_the_job_after_max_tries(
    job_settings: Settings, store: RelationalStore
) -> None:
    queue = arq_queue(job_settings)
    async with store.session() as session:
        job = await start_job(queue, session, "flaky", {"fail_times": 10})

    await run_burst_worker(job_settings)
    await queue.close()

    done = await read_job(store, job.id or 0)
    assert done.state == JobState.FAILED
    assert done.attempts == job_settings.job_max_tries
    assert done.error is not None
    assert "transient failure on purpose" in done.error


async def test_permanent_failure_is_not_retried(job_settings: Settings, store: RelationalStore) -> None:
    queue = arq_queue(job_settings)
    async with store.session() as session:
        job = await start_job(queue, session, "flaky", {"fail_times": 1, "permanent": True})

    await run_burst_worker(job_settings)
    await queue.close()

    done = await read_job(store, job.id or 0)
    assert done.state == JobState.FAILED
    assert done.attempts == 1
    assert done.error == "ValueError: failing on purpose (try 1)"


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
async def test_job_of_a_killed_worker_is_resumed_and_no_item_is_processed_twice(
    job_settings: Settings, store: RelationalStore, tmp_path: Path
) -> None:
    # given: a job of 20 slow items on a worker process; arq re-delivers it once the dead
    # worker's in-progress key expires (job timeout + margin + 10 s)
    settings = job_settings.model_copy(update={"job_timeout_s": 3})
    queue = arq_queue(settings)
    async with store.session() as session:
        job = await start_job(queue, session, "walk_items", {"count": 20, "delay_s": 0.05})
    await queue.close()
    assert job.id is not None
    log = tmp_path / "worker.log"
    first = spawn_worker(settings, log)
    try:
        await wait_for(store, job.id, lambda row: row.progress >= 0.25, timeout_s=30)
    finally:
        # when: the worker dies without any chance to clean up
        first.send_signal(signal.SIGKILL)
        first.wait()
    async with store.session() as session:
        before_kill = await jobs.done_item_keys(session, job.id)
    assert 0 < len(before_kill) < 20, "the worker should die mid-job"

    second = spawn_worker(settings, log)
    try:
        done = await wait_for(store, job.id, finished, timeout_s=40)
    finally:
        second.terminate()
        second.wait(timeout=10)

    # then
    assert done.state == JobState.SUCCEEDED, log.read_text()[-3000:]
    assert done.attempts == 2
    assert done.result == {"items": 20, "resumed_after": len(before_kill)}
    async with store.session() as session:
        items = await jobs.items_of(session, job.id)
    assert sorted(int(item.item_key) for item in items) == list(range(20))
    by_first_worker = {item.item_key for item in items if item.detail and item.detail.endswith("try 1")}
    assert by_first_worker == before_kill  # nothing done before the kill was done again


async def test_in_process_queue_runs_jobs_without_redis(resources: Resources) -> None:
    queue = InProcessQueue(lambda: resources, concurrency=2)
    async with resources.store.session() as session:
        started = [await start_job(queue, session, "walk_items", {"count": 3}) for _ in range(3)]

    await queue.drain()

    for job in started:
        done = await read_job(resources.store, job.id or 0)
        assert done.state == JobState.SUCCEEDED
        assert done.result == {"items": 3, "resumed_after": 0}


async def test_cancelling_a_running_job_stops_it_at_its_next_progress_report(resources: Resources) -> None:
    queue = InProcessQueue(lambda: resources, concurrency=1)
    async with resources.store.session() as session:
        job = await start_job(queue, session, "sleep", {"seconds": 20, "steps": 200})
    assert job.id is not None
    await wait_for(resources.store, job.id, lambda row: row.progress > 0)

    async with resources.store.session() as session:
        cancelling = await jobs.request_cancel(session, job.id)
    assert cancelling.cancel_requested
    await asyncio.wait_for(queue.drain(), timeout=5)

    done = await read_job(resources.store, job.id)
    assert done.state == JobState.CANCELLED
    assert done.finished_at is not None


async def test_cancelling_a_queued_job_means_it_never_runs(resources: Resources) -> None:
    async with resources.store.session() as session:
        job = await jobs.create_job(session, "walk_items", {"count": 3, "delay_s": 0})
        await jobs.request_cancel(session, job.id or 0)

    assert await execute(resources, job.id or 0) is None

    done = await read_job(resources.store, job.id or 0)
    assert done.state == JobState.CANCELLED
    assert done.started_at is None


async def test_finished_job_delivered_again_is_not_run_again(resources: Resources) -> None:
    queue = InProcessQueue(lambda: resources, concurrency=1)
    async with resources.store.session() as session:
        job = await start_job(queue, session, "flaky", {"fail_times": 0})
    await queue.drain()

    assert await execute(resources, job.id or 0, attempt=2) is None

    done = await read_job(resources.store, job.id or 0)
    assert done.state == JobState.SUCCEEDED
    assert done.attempts == 1


async def test_cancelling_a_finished_job_is_refused(resources: Resources) -> None:
    queue = InProcessQueue(lambda: resources, concurrency=1)
    async with resources.store.session() as session:
        job = await start_job(queue, session, "noop", {})
    await queue.drain()

    async with resources.store.session() as session:
        with pytest.raises(DomainError) as raised:
            await jobs.request_cancel(session, job.id or 0)
    assert raised.value.errors[0].code == JobErrorCode.ALREADY_FINISHED


def test_unknown_job_kind_is_a_typed_error() -> None:
    with pytest.raises(DomainError) as raised:
        registry.validate("mine_bitcoin", {})
    [error] = raised.value.errors
    assert (error.code, error.field) == (JobErrorCode.UNKNOWN_KIND, "kind")


def test_bad_arguments_are_all_reported_with_their_field() -> None:
    with pytest.raises(DomainError) as raised:
        registry.validate("sleep", {"seconds": -1, "steps": "many", "colour": "red"})
    fields = {error.field for error in raised.value.errors}
    assert fields == {"args.seconds", "args.steps", "args.colour"}
    assert {error.code for error in raised.value.errors} == {JobErrorCode.INVALID_ARGUMENT}


def test_arguments_are_stored_with_their_defaults() -> None:
    kind, args = registry.validate("sleep", {"seconds": "2"})
    assert kind.name == "sleep"
    assert args == {"seconds": 2.0, "steps": 10}


async def test_a_job_is_failed_not_lost_when_redis_is_down(
    settings: Settings, store: RelationalStore
) -> None:
    queue = ArqQueue("redis://127.0.0.1:1/0", "mall-test-nowhere")
    async with store.session() as session:
        with pytest.raises(DomainError) as raised:
            await start_job(queue, session, "noop", {})
    assert raised.value.errors[0].code == JobErrorCode.QUEUE_UNAVAILABLE
    async with store.session() as session:
        page = await jobs.list_jobs(session, jobs.JobFilter(kind="noop"), PageRequest(0, 10))
    assert [job.state for job in page.items] == [JobState.FAILED]


async def test_server_restart_resumes_jobs_left_unfinished(resources: Resources) -> None:
    # given: a job whose process died while it ran (its row still says running)
    async with resources.store.session() as session:
        job = await jobs.create_job(session, "walk_items", {"count": 4})
        await jobs.mark_running(session, job.id or 0, 1)
    queue = InProcessQueue(lambda: resources, concurrency=1)

    # when
    await queue.start()
    await queue.drain()

    # then
    done = await read_job(resources.store, job.id or 0)
    assert done.state == JobState.SUCCEEDED
    assert done.attempts == 2


def test_schedules_follow_their_settings(settings: Settings) -> None:
    from datetime import UTC, datetime

    from workers.schedules import active_schedules

    names = {s.name for s in active_schedules(settings)}
    assert names == {"close-unpaid-orders", "mark-overdue-installments", "embed-products"}
    off = settings.model_copy(update={"cron_mark_overdue_installments": False})
    assert "mark-overdue-installments" not in {s.name for s in active_schedules(off)}
    assert active_schedules(settings.model_copy(update={"cron_enabled": False})) == []
    [every_minute] = [s for s in active_schedules(settings) if s.name == "close-unpaid-orders"]
    after = datetime(2026, 1, 1, 10, 0, 30, tzinfo=UTC)
    assert every_minute.next_run(after) == datetime(2026, 1, 1, 10, 1, tzinfo=UTC)


async def test_a_worker_migrates_its_embedded_vector_store() -> None:
    """`mall worker` / `mall jobs run` before any `mall serve`: the embedding table must exist."""
    import os
    import shutil
    import tempfile

    from sqlalchemy import text

    # not tmp_path: PostgreSQL runs as its own user and must reach the data directory
    root = Path(tempfile.mkdtemp(prefix="mall-test-worker-pg-"))
    os.chmod(root, 0o755)
    resources = await Resources.open(
        Settings(data_dir=root, secret_key="worker-test-secret-0123456789abcdef")
    )
    try:
        assert resources.vectors.engine is not None, resources.vectors.error
        async with resources.vectors.engine.connect() as connection:
            table = (
                await connection.execute(
                    text("SELECT to_regclass(:name)"), {"name": resources.vectors.products.name}
                )
            ).scalar()
        assert table == resources.vectors.products.name
    finally:
        await resources.close()
        shutil.rmtree(root, ignore_errors=True)
