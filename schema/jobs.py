"""Jobs in GraphQL (admins only): start, list, read and cancel jobs; live progress by subscription.

jobProgress polls the job's row (the source of truth) every half second and sends each change,
so it works the same with arq workers on Redis and with the in-process runner, and ends when the
job does. A poll is one primary-key read; Redis pub/sub would save it but not work embedded.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any, cast

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from db.tables import Job, JobState
from db.tables.jobs import FINAL_STATES
from resolvers import jobs
from resolvers.errors import DomainError
from resolvers.jobs import JobErrorCode, JobFilter
from resolvers.permissions import Perm, has_perm
from schema.base import (
    PAGE_SIZE_DESCRIPTION,
    Info,
    PageInfo,
    PublicError,
    edges,
    errors_of,
    node_pk,
    page_info,
    page_request,
)
from schema.permissions import requires
from schema.scalars import node_pks
from workers import registry
from workers.runner import start_job

strawberry.enum(JobState, name="JobState")
strawberry.enum(JobErrorCode, name="JobErrorCode")

PROGRESS_POLL_S = 0.5
# a subscription is bounded: a client that wants more simply subscribes again
PROGRESS_MAX_S = 6 * 3600


@strawberry.type(description="A user mistake in a job operation.")
class JobError:
    field: str | None = strawberry.field(description="The argument at fault, e.g. args.batchSize.")
    code: JobErrorCode
    message: str


@strawberry.type(name="Job", description="One run of a background job, with its state and progress.")
class JobNode(relay.Node):
    id: relay.NodeID[int]
    kind: str = strawberry.field(description="What the job does; see jobKinds.")
    args: JSON = strawberry.field(description="Its arguments, with defaults filled in.")
    state: JobState
    progress: float = strawberry.field(description="0 to 1.")
    message: str = strawberry.field(description="What it is doing now, or how it ended.")
    attempts: int = strawberry.field(description="Tries so far; transient failures are retried.")
    cancel_requested: bool = strawberry.field(description="Cancelling: it stops at its next report.")
    result: JSON | None = strawberry.field(description="A summary, once it succeeded.")
    error: str | None = strawberry.field(description="Why the last try failed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime = strawberry.field(description="Last state or progress change.")

    @classmethod
    def from_row(cls, row: Job) -> JobNode:
        assert row.id is not None
        return cls(
            id=row.id,
            kind=row.kind,
            args=cast("JSON", row.args),
            state=JobState(row.state),
            progress=row.progress,
            message=row.message,
            attempts=row.attempts,
            cancel_requested=row.cancel_requested,
            result=cast("JSON | None", row.result),
            error=row.error,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[JobNode | None]:
        # node(id) is open to everyone: jobs stay invisible to all but job managers
        user = await info.context.user()
        if user is None or not has_perm(user.role, Perm.MANAGE_JOBS):
            return [None for _ in node_ids]
        rows = await jobs.jobs_by_ids(await info.context.session(), node_pks(node_ids))
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type
class JobEdge:
    cursor: str
    node: JobNode


@strawberry.type(description="A page of jobs, newest first.")
class JobConnection:
    edges: list[JobEdge]
    page_info: PageInfo


@strawberry.type(description="A kind of job that startJob accepts.")
class JobKindType:
    name: str
    description: str
    args_schema: JSON = strawberry.field(description="JSON Schema of its arguments.")


@strawberry.input(description="Narrow the job list.")
class JobFilterInput:
    state: JobState | None = None
    kind: str | None = None


@strawberry.type(description="The job that was started or changed.")
class JobPayload:
    job: JobNode | None
    errors: list[JobError]


@strawberry.type
class JobQuery:
    @strawberry.field(description="Jobs, newest first.", extensions=requires(Perm.MANAGE_JOBS))
    async def jobs(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: Annotated[str | None, strawberry.argument(description="An end cursor.")] = None,
        filter: JobFilterInput | None = None,
    ) -> JobConnection:
        wanted = filter or JobFilterInput()
        page = await jobs.list_jobs(
            await info.context.session(),
            JobFilter(state=wanted.state, kind=wanted.kind),
            page_request(first, after),
        )
        return JobConnection(
            edges=edges(page, JobNode.from_row, lambda c, n: JobEdge(cursor=c, node=n)),
            page_info=page_info(page),
        )

    @strawberry.field(description="One job by its global ID.", extensions=requires(Perm.MANAGE_JOBS))
    async def job(self, info: Info, id: relay.GlobalID) -> JobNode | None:
        row = await jobs.get_job(await info.context.session(), node_pk(id, "Job"))
        return JobNode.from_row(row) if row else None

    @strawberry.field(description="What startJob can run.", extensions=requires(Perm.MANAGE_JOBS))
    def job_kinds(self) -> list[JobKindType]:
        return [
            JobKindType(
                name=kind.name, description=kind.description, args_schema=kind.args.model_json_schema()
            )
            for kind in registry.KINDS.values()
        ]


@strawberry.type
class JobMutation:
    @strawberry.mutation(
        description="Start a job; it runs in the background.", extensions=requires(Perm.MANAGE_JOBS)
    )
    async def start_job(
        self,
        info: Info,
        kind: Annotated[str, strawberry.argument(description="A job kind; see jobKinds.")],
        args: Annotated[JSON | None, strawberry.argument(description="Its arguments, an object.")] = None,
    ) -> JobPayload:
        user = await info.context.user()
        try:
            row = await start_job(
                info.context.services.jobs,
                await info.context.session(),
                kind,
                args,
                user.id if user else None,
            )
        except DomainError as exc:
            return JobPayload(job=None, errors=errors_of(JobError, exc))
        return JobPayload(job=JobNode.from_row(row), errors=[])

    @strawberry.mutation(
        description="Cancel a job: a queued one at once, a running one at its next progress report.",
        extensions=requires(Perm.MANAGE_JOBS),
    )
    async def cancel_job(self, info: Info, id: relay.GlobalID) -> JobPayload:
        try:
            row = await jobs.request_cancel(await info.context.session(), node_pk(id, "Job"))
        except DomainError as exc:
            return JobPayload(job=None, errors=errors_of(JobError, exc))
        return JobPayload(job=JobNode.from_row(row), errors=[])


def _fingerprint(row: Job) -> tuple[object, ...]:
    return (row.state, row.progress, row.message, row.attempts, row.cancel_requested, row.updated_at)


@strawberry.type
class JobSubscription:
    @strawberry.subscription(
        description="The job now and at every change of state or progress, until it ends.",
        extensions=requires(Perm.MANAGE_JOBS),
    )
    async def job_progress(self, info: Info, id: relay.GlobalID) -> AsyncGenerator[JobNode, None]:
        # the permission check read the user: release that session for the subscription's life
        await info.context.close()
        store = info.context.services.store
        job_id = node_pk(id, "Job")
        last: tuple[object, ...] | None = None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PROGRESS_MAX_S
        while loop.time() < deadline:
            # a fresh session per poll: a long-lived one would keep reading an old snapshot
            async with store.session() as session:
                row = await jobs.get_job(session, job_id)
            if row is None:
                raise PublicError("no such job", "NOT_FOUND", "id")
            if _fingerprint(row) != last:
                last = _fingerprint(row)
                yield JobNode.from_row(row)
            if row.state in FINAL_STATES:
                return
            await asyncio.sleep(PROGRESS_POLL_S)
