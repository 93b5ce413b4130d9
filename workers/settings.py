"""arq's WorkerSettings: every job kind as an arq function, the schedules, resources in ctx.

`mall worker` runs it with the process's settings; `arq workers.settings.WorkerSettings` works
too. Tests build a Worker from `worker_options(settings)` with burst=True.
"""

from __future__ import annotations

from typing import Any

from arq import Retry, cron, func
from arq.connections import RedisSettings

from config.settings import Settings, get_settings
from workers.context import JobKind, Resources
from workers.registry import KINDS
from workers.runner import ArqQueue, execute, start_job
from workers.schedules import Schedule, active_schedules

# arq keeps its own copy of a result; the job row is the record that lasts
KEEP_ARQ_RESULT_S = 60
# arq's own time limit sits above ours, so that ours (which records "timed out") fires first
TIMEOUT_MARGIN_S = 1


def _arq_function(kind: JobKind[Any], settings: Settings) -> Any:
    async def run(ctx: dict[str, Any], job_id: int) -> None:
        delay = await execute(ctx["resources"], job_id, attempt=ctx["job_try"])
        if delay is not None:
            raise Retry(defer=delay)

    run.__qualname__ = kind.name
    return func(
        run,
        name=kind.name,
        timeout=(kind.timeout_s or settings.job_timeout_s) + TIMEOUT_MARGIN_S,
        keep_result=KEEP_ARQ_RESULT_S,
        # one delivery more than our tries: the try after a lost last try records the failure
        max_tries=settings.job_max_tries + 1,
    )


def _arq_cron(schedule: Schedule, settings: Settings) -> Any:
    async def run(ctx: dict[str, Any]) -> None:
        resources: Resources = ctx["resources"]
        queue = ArqQueue(settings.redis_url or "", settings.job_queue_name, pool=ctx["redis"])
        async with resources.store.session() as session:
            await start_job(queue, session, schedule.kind, schedule.args)

    run.__qualname__ = f"cron:{schedule.name}"
    return cron(
        run,
        name=f"cron:{schedule.name}",
        minute=schedule.minute,
        hour=schedule.hour,
        weekday=schedule.weekday,
        unique=True,  # several workers: each scheduled time runs once
    )


def worker_options(settings: Settings, *, start_vectors: bool = True) -> dict[str, Any]:
    """Keyword arguments of arq's Worker for these settings."""
    if not settings.redis_url:
        raise RuntimeError("set MALL_REDIS_URL to run a worker (without Redis, jobs run in the server)")

    async def on_startup(ctx: dict[str, Any]) -> None:
        ctx["resources"] = await Resources.open(settings, start_vectors=start_vectors)

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        resources: Resources | None = ctx.get("resources")
        if resources is not None:
            await resources.close()

    return {
        "functions": [_arq_function(kind, settings) for kind in KINDS.values()],
        "cron_jobs": [_arq_cron(schedule, settings) for schedule in active_schedules(settings)],
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "queue_name": settings.job_queue_name,
        "max_jobs": settings.job_concurrency,
        "job_timeout": settings.job_timeout_s + TIMEOUT_MARGIN_S,
        "max_tries": settings.job_max_tries + 1,
        "keep_result": KEEP_ARQ_RESULT_S,
        "poll_delay": settings.job_poll_delay_s,
        "health_check_key": f"{settings.job_queue_name}:health-check",
    }


def __getattr__(name: str) -> Any:
    # built on first access, not at import: settings are read when a worker starts
    if name == "WorkerSettings":
        return type("WorkerSettings", (), worker_options(get_settings()))
    raise AttributeError(name)
