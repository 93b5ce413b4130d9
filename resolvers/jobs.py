"""Job records: create, claim, report progress, finish, cancel and list; per-item completion markers.

These functions keep the `jobs` row (the source of truth for a job's state) honest. They know
nothing of arq or of what a job kind does: workers/runner.py drives them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Job, JobItem, JobItemOutcome, JobState
from db.tables.jobs import FINAL_STATES
from db.transaction import transaction
from db.types import utcnow
from resolvers.errors import DomainError
from resolvers.paging import Page, PageRequest

MESSAGE_CHARS = 500
ERROR_CHARS = 2000


class JobErrorCode(StrEnum):
    UNKNOWN_KIND = "unknown_kind"
    INVALID_ARGUMENT = "invalid_argument"
    NOT_FOUND = "not_found"
    ALREADY_FINISHED = "already_finished"
    QUEUE_UNAVAILABLE = "queue_unavailable"


@dataclass(frozen=True)
class JobFilter:
    state: JobState | None = None
    kind: str | None = None


async def create_job(
    session: AsyncSession, kind: str, args: dict[str, Any], created_by: int | None = None
) -> Job:
    """A queued job; the caller enqueues it only after this commits (a worker must see the row)."""
    job = Job(kind=kind, args=args, created_by=created_by, message="queued")
    async with transaction(session):
        session.add(job)
    return job


async def get_job(session: AsyncSession, job_id: int) -> Job | None:
    return await session.get(Job, job_id, populate_existing=True)


async def list_jobs(session: AsyncSession, job_filter: JobFilter, page: PageRequest) -> Page[Job]:
    query = select(Job)
    if job_filter.state is not None:
        query = query.where(Job.state == job_filter.state)
    if job_filter.kind is not None:
        query = query.where(Job.kind == job_filter.kind)
    rows = await session.exec(
        query.order_by(col(Job.created_at).desc(), col(Job.id).desc())
        .offset(page.offset)
        .limit(page.limit + 1)
    )
    return Page.from_overfetch(list(rows), page)


async def unfinished_jobs(session: AsyncSession) -> list[Job]:
    """Jobs queued or running: what an in-process runner resumes when the server restarts."""
    rows = await session.exec(
        select(Job).where(col(Job.state).in_([JobState.QUEUED, JobState.RUNNING])).order_by(col(Job.id))
    )
    return list(rows)


async def request_cancel(session: AsyncSession, job_id: int) -> Job:
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    job = await get_job(session, job_id)
    if job is None:
        raise DomainError.of(JobErrorCode.NOT_FOUND, "no such job", "id")
    if job.state in FINAL_STATES:
        raise DomainError.of(JobErrorCode.ALREADY_FINISHED, f"the job has already {job.state}", "id")
    now = utcnow()
    async with transaction(session):
        # conditional: a worker finishing the job at this instant wins, and the row says so
        await session.exec(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == JobState.QUEUED)
            .values(state=JobState.CANCELLED, finished_at=now, updated_at=now, message="cancelled")
        )
        await session.exec(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == JobState.RUNNING)
            .values(cancel_requested=True, updated_at=now, message="cancelling")
        )
    refreshed = await get_job(session, job_id)
    assert refreshed is not None
    return refreshed


async def mark_running(session: AsyncSession, job_id: int, attempt: int) -> Job | None:
    """Claim the job for this attempt; None when it is already final (a duplicate delivery)."""
    now = utcnow()
    async with transaction(session):
        job = await get_job(session, job_id)
        if job is None or job.state in FINAL_STATES:
            return job
        job.state = JobState.RUNNING
        job.attempts = attempt
        job.started_at = job.started_at or now
        job.updated_at = now
        job.error = None
        job.message = "running" if attempt == 1 else f"running (try {attempt})"
    return job


async def report_progress(session: AsyncSession, job_id: int, progress: float, message: str) -> bool:
    """Record progress; True when an admin asked to cancel (the job should stop)."""
    async with transaction(session):
        await session.exec(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == JobState.RUNNING)
            .values(
                progress=min(max(progress, 0.0), 1.0), message=message[:MESSAGE_CHARS], updated_at=utcnow()
            )
        )
        cancel = await session.exec(select(Job.cancel_requested).where(Job.id == job_id))
        return bool(cancel.first())


async def finish_job(
    session: AsyncSession,
    job_id: int,
    state: JobState,
    *,
    message: str,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    now = utcnow()
    values: dict[str, Any] = {
        "state": state,
        "message": message[:MESSAGE_CHARS],
        "updated_at": now,
        "error": error[:ERROR_CHARS] if error else None,
    }
    if state in FINAL_STATES:
        values["finished_at"] = now
    if state == JobState.SUCCEEDED:
        values["progress"] = 1.0
    if result is not None:
        values["result"] = result
    async with transaction(session):
        await session.exec(update(Job).where(col(Job.id) == job_id).values(**values))


async def done_item_keys(session: AsyncSession, job_id: int) -> set[str]:
    rows = await session.exec(select(JobItem.item_key).where(JobItem.job_id == job_id))
    return set(rows)


def add_item(
    session: AsyncSession, job_id: int, key: str | int, outcome: JobItemOutcome, detail: str | None = None
) -> None:
    """Add an item marker to the caller's transaction, beside the item's effect."""
    session.add(JobItem(job_id=job_id, item_key=str(key), outcome=outcome, detail=(detail or None)))


async def counts_by_state(session: AsyncSession) -> dict[str, int]:
    """Jobs per state, every state present (queued is the queue's depth): one grouped count."""
    rows = await session.exec(select(Job.state, func.count()).group_by(Job.state))
    counts = {str(state): 0 for state in JobState}
    for state, count in rows:
        counts[str(state)] = int(count)
    return counts


async def item_counts(session: AsyncSession, job_id: int) -> dict[str, int]:
    rows = await session.exec(select(JobItem.outcome).where(JobItem.job_id == job_id))
    counts: dict[str, int] = {}
    for outcome in rows:
        counts[str(outcome)] = counts.get(str(outcome), 0) + 1
    return counts


async def items_of(
    session: AsyncSession, job_id: int, outcome: JobItemOutcome | None = None
) -> list[JobItem]:
    query = select(JobItem).where(JobItem.job_id == job_id)
    if outcome is not None:
        query = query.where(JobItem.outcome == outcome)
    rows = await session.exec(query.order_by(col(JobItem.created_at), col(JobItem.item_key)))
    return list(rows)


async def jobs_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Job | None]:
    rows = await session.exec(select(Job).where(col(Job.id).in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(key) for key in ids]
