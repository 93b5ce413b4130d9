"""Running jobs: one try of a job (shared by arq, the in-process runner and the CLI), and the queues.

A job's life: `start_job` validates the kind and arguments, records a queued row, commits, then
enqueues its id. `execute` runs one try: it claims the row, runs the kind's coroutine with a
JobContext, and records the outcome. Transient errors return a backoff delay for another try;
anything else fails the job with a message meant for operators (never a stack trace).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlmodel.ext.asyncio.session import AsyncSession

from config.settings import Settings
from db.tables import Job, JobState
from db.tables.jobs import FINAL_STATES
from llm.errors import LLMRejected, LLMUnavailable
from resolvers import jobs
from resolvers.errors import DomainError
from resolvers.jobs import JobErrorCode
from workers import registry
from workers.context import JobCancelled, JobContext, ProgressCallback, Resources, TransientJobError

log = logging.getLogger(__name__)

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientJobError,
    ConnectionError,
    TimeoutError,
    OperationalError,  # the database went away or a lock timed out
    RedisConnectionError,
    RedisTimeoutError,
)


class QueueUnavailable(Exception):
    """The job queue (Redis) could not take the job."""


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, LLMRejected):  # the server refused the request itself: retrying cannot help
        return False
    return isinstance(exc, (LLMUnavailable, *TRANSIENT_ERRORS))


def retry_delay_s(settings: Settings, attempt: int) -> float:
    """Exponential backoff: the delay before try attempt + 1."""
    return float(settings.job_retry_delay_s * 2 ** (attempt - 1))


def describe_error(exc: BaseException) -> str:
    """What operators read in `job.error`: the reason, never SQL or a stack trace."""
    if isinstance(exc, DomainError):
        return str(exc)
    if isinstance(exc, DBAPIError | SQLAlchemyError):
        return f"database error ({type(exc).__name__})"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def _finish(
    resources: Resources,
    job_id: int,
    state: JobState,
    message: str,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    async with resources.store.session() as session:
        await jobs.finish_job(session, job_id, state, message=message, result=result, error=error)


async def execute(
    resources: Resources,
    job_id: int,
    attempt: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> float | None:
    """Run one try of a job; None once the job is final, else the seconds to wait before retrying.

    `attempt` is arq's job_try under a worker; in-process it continues the row's own count.
    Safe to call for a job that already finished (a duplicate delivery): it does nothing.
    """
    settings = resources.settings
    async with resources.store.session() as session:
        job = await jobs.get_job(session, job_id)
    if job is None:
        log.warning("job %s does not exist (database reset?); dropping it", job_id)
        return None
    if job.state in FINAL_STATES:
        return None
    attempt = attempt if attempt is not None else job.attempts + 1
    if job.cancel_requested:
        await _finish(resources, job_id, JobState.CANCELLED, "cancelled")
        return None
    if attempt > settings.job_max_tries:
        # the last try's worker died: arq delivers once more so that the row tells the truth
        await _finish(
            resources,
            job_id,
            JobState.FAILED,
            "failed",
            error=f"gave up after {settings.job_max_tries} tries (the worker running it was lost)",
        )
        return None
    try:
        kind = registry.get_kind(job.kind)
        args = registry.parse_args(kind, job.args)
    except DomainError as exc:
        await _finish(resources, job_id, JobState.FAILED, "failed", error=str(exc))
        return None

    async with resources.store.session() as session:
        claimed = await jobs.mark_running(session, job_id, attempt)
    if claimed is None or claimed.state != JobState.RUNNING:
        return None

    context = JobContext(job_id=job_id, attempt=attempt, resources=resources, on_progress=on_progress)
    timeout_s = kind.timeout_s or settings.job_timeout_s
    try:
        async with asyncio.timeout(timeout_s):
            result = await kind.run(context, args)
    except JobCancelled:
        await _finish(resources, job_id, JobState.CANCELLED, "cancelled")
        return None
    except asyncio.CancelledError:
        # the worker is shutting down: arq (or the next server start) runs the job again
        with contextlib.suppress(Exception):
            await asyncio.shield(_finish(resources, job_id, JobState.QUEUED, "interrupted; will resume"))
        raise
    except TimeoutError:
        await _finish(resources, job_id, JobState.FAILED, "failed", error=f"timed out after {timeout_s} s")
        return None
    except Exception as exc:
        reason = describe_error(exc)
        if is_transient(exc) and attempt < settings.job_max_tries:
            delay = retry_delay_s(settings, attempt)
            log.warning(
                "job %s (%s) try %d failed, retrying in %.1fs: %s", job_id, job.kind, attempt, delay, reason
            )
            await _finish(
                resources,
                job_id,
                JobState.QUEUED,
                f"try {attempt} failed; retrying in {delay:g} s",
                error=reason,
            )
            return delay
        if not isinstance(exc, DomainError) and not is_transient(exc):
            log.exception("job %s (%s) failed", job_id, job.kind)
        await _finish(resources, job_id, JobState.FAILED, "failed", error=reason)
        return None
    await _finish(resources, job_id, JobState.SUCCEEDED, "done", result=result)
    return None


async def execute_with_retries(
    resources: Resources, job_id: int, on_progress: ProgressCallback | None = None
) -> None:
    """Every try of a job in this process, sleeping the backoff between tries."""
    delay = await execute(resources, job_id, on_progress=on_progress)
    while delay is not None:
        await asyncio.sleep(delay)  # the backoff: nothing to wait for but time
        delay = await execute(resources, job_id, on_progress=on_progress)


# ---- queues: where a started job goes ----


class JobQueue(Protocol):
    name: str

    async def enqueue(self, job_id: int, kind: str) -> None:
        """Hand the job to a runner; raises QueueUnavailable when that is impossible."""
        ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


async def start_job(
    queue: JobQueue, session: AsyncSession, kind_name: str, raw_args: object, created_by: int | None = None
) -> Job:
    """Validate, record (committed), then enqueue; a typed DomainError for unknown kinds or bad args."""
    kind, args = registry.validate(kind_name, raw_args)
    job = await jobs.create_job(session, kind.name, args, created_by)
    assert job.id is not None
    try:
        await queue.enqueue(job.id, kind.name)
    except QueueUnavailable as exc:
        await jobs.finish_job(
            session, job.id, JobState.FAILED, message="not queued", error="the job queue is unavailable"
        )
        raise DomainError.of(
            JobErrorCode.QUEUE_UNAVAILABLE, "the job queue is unavailable, try again later"
        ) from exc
    return job


class InProcessQueue:
    """Runs jobs as asyncio tasks in this process (the embedded default, without Redis).

    At most `concurrency` jobs run at once; the rest wait their turn. Jobs left queued or
    running by a previous process are resumed by `start` (the server's lifespan).
    """

    name = "in-process"

    def __init__(
        self, resources: Callable[[], Resources], concurrency: int, *, run_schedules: bool = False
    ) -> None:
        self._resources = resources  # a callable: tests swap the app's store after it is built
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()
        self._run_schedules = run_schedules
        self._scheduler: asyncio.Task[None] | None = None

    async def enqueue(self, job_id: int, kind: str) -> None:
        self._spawn(self._run(job_id))

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job_id: int) -> None:
        async with self._slots:
            try:
                await execute_with_retries(self._resources(), job_id)
            except Exception:  # a bug in the runner itself: keep serving, say so
                log.exception("in-process job %s crashed the runner", job_id)

    async def start(self) -> None:
        resources = self._resources()
        async with resources.store.session() as session:
            for job in await jobs.unfinished_jobs(session):
                assert job.id is not None
                log.info("resuming job %s (%s)", job.id, job.kind)
                await self.enqueue(job.id, job.kind)
        if self._run_schedules:
            from workers.schedules import run_schedules_in_process

            # kept apart from the job tasks: drain() waits for jobs, not for a loop that never ends
            self._scheduler = asyncio.ensure_future(run_schedules_in_process(self, resources))

    async def drain(self) -> None:
        """Wait for every job started so far (tests, and a graceful CLI exit)."""
        while pending := [task for task in self._tasks if not task.done()]:
            await asyncio.gather(*pending, return_exceptions=True)

    async def close(self) -> None:
        running = [*self._tasks, *([self._scheduler] if self._scheduler else [])]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def arq_job_id(queue_name: str, job_id: int) -> str:
    """arq's own id: one arq job per job row, so enqueueing twice collapses into one."""
    return f"{queue_name}:{job_id}"


class ArqQueue:
    """Enqueues into Redis for `mall worker` processes; connects on first use."""

    name = "arq"

    def __init__(self, redis_url: str, queue_name: str, *, pool: Any = None) -> None:
        self.redis_url = redis_url
        self.queue_name = queue_name
        self._pool: Any = pool
        self._lock = asyncio.Lock()

    async def pool(self) -> Any:
        from arq.connections import RedisSettings, create_pool

        async with self._lock:
            if self._pool is None:
                redis_settings = RedisSettings.from_dsn(self.redis_url)
                redis_settings.conn_retries = 1  # a request must not hang 5 s on a dead Redis
                self._pool = await create_pool(redis_settings, default_queue_name=self.queue_name)
        return self._pool

    async def enqueue(self, job_id: int, kind: str) -> None:
        try:
            pool = await self.pool()
            await pool.enqueue_job(kind, job_id, _job_id=arq_job_id(self.queue_name, job_id))
        except (OSError, RedisConnectionError, RedisTimeoutError) as exc:
            log.warning("could not enqueue job %s: %s", job_id, exc)
            raise QueueUnavailable(str(exc)) from exc

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None


def make_queue(settings: Settings, resources: Callable[[], Resources]) -> JobQueue:
    """arq on Redis when MALL_REDIS_URL is set, otherwise the in-process runner."""
    if settings.redis_url:
        return ArqQueue(settings.redis_url, settings.job_queue_name)
    return InProcessQueue(resources, settings.job_concurrency, run_schedules=settings.cron_enabled)
