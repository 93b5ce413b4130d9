"""Housekeeping jobs (closing unpaid orders) and diagnostic jobs that exercise the job platform."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from db.tables import JobItemOutcome
from db.transaction import transaction
from db.types import utcnow
from resolvers import jobs, loans, orders
from workers.context import JobContext, JobKind, TransientJobError


class NoArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")


async def noop(ctx: JobContext, args: NoArgs) -> dict[str, Any]:
    return {"ok": True}


class SleepArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seconds: float = Field(default=1.0, ge=0, le=3600, description="How long to sleep.")
    steps: int = Field(default=10, ge=1, le=1000, description="Progress reports along the way.")


async def sleep(ctx: JobContext, args: SleepArgs) -> dict[str, Any]:
    for step in range(1, args.steps + 1):
        await asyncio.sleep(args.seconds / args.steps)
        await ctx.progress(step, args.steps, f"slept {step}/{args.steps}")
    return {"slept_s": args.seconds}


class WalkItemsArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int = Field(default=10, ge=1, le=100_000, description="Dummy items to walk through.")
    delay_s: float = Field(default=0.0, ge=0, le=60, description="Time spent on each item.")


async def walk_items(ctx: JobContext, args: WalkItemsArgs) -> dict[str, Any]:
    """Marks each dummy item done in its own transaction: shows resumption after a crash."""
    done = await ctx.done_items()
    skipped = len(done)
    for number in range(args.count):
        if str(number) in done:
            continue
        await asyncio.sleep(args.delay_s)
        async with ctx.session() as session, transaction(session):
            jobs.add_item(
                session, ctx.job_id, number, JobItemOutcome.DONE, f"pid {os.getpid()} try {ctx.attempt}"
            )
        await ctx.progress(number + 1, args.count, f"item {number + 1}/{args.count}")
    async with ctx.session() as session:
        counts = await jobs.item_counts(session, ctx.job_id)
    return {"items": counts.get(JobItemOutcome.DONE, 0), "resumed_after": skipped}


class FlakyArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fail_times: int = Field(default=1, ge=0, le=20, description="Tries that fail before one succeeds.")
    permanent: bool = Field(default=False, description="Fail with a non-transient error instead.")


async def flaky(ctx: JobContext, args: FlakyArgs) -> dict[str, Any]:
    await ctx.progress(0, 1, f"try {ctx.attempt}", force=True)
    if ctx.attempt <= args.fail_times:
        if args.permanent:
            raise ValueError(f"failing on purpose (try {ctx.attempt})")
        raise TransientJobError(f"a transient failure on purpose (try {ctx.attempt})")
    return {"succeeded_on_try": ctx.attempt}


class CloseUnpaidArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    older_than_minutes: int | None = Field(
        default=None, ge=1, le=7 * 24 * 60, description="Payment deadline; default MALL_UNPAID_ORDER_MINUTES."
    )


async def close_unpaid_orders(ctx: JobContext, args: CloseUnpaidArgs) -> dict[str, Any]:
    minutes = args.older_than_minutes or ctx.settings.unpaid_order_minutes
    async with ctx.session() as session:
        closed = await orders.close_expired_orders(session, utcnow(), timedelta(minutes=minutes))
    return {"closed": closed}


NOOP = JobKind("noop", "Does nothing: measures the queue itself.", NoArgs, noop)
SLEEP = JobKind("sleep", "Sleeps, reporting progress: try progress and cancellation.", SleepArgs, sleep)
WALK_ITEMS = JobKind(
    "walk_items", "Walks dummy items, one marker each: try crash resumption.", WalkItemsArgs, walk_items
)
FLAKY = JobKind("flaky", "Fails a given number of tries, then succeeds: try retries.", FlakyArgs, flaky)
CLOSE_UNPAID_ORDERS = JobKind(
    "close_unpaid_orders",
    "Closes orders left unpaid past the deadline, returning their stock.",
    CloseUnpaidArgs,
    close_unpaid_orders,
)


async def mark_overdue_installments(ctx: JobContext, args: NoArgs) -> dict[str, Any]:
    async with ctx.session() as session:
        marked = await loans.mark_overdue_installments(session, utcnow())
    return {"marked_overdue": marked}


MARK_OVERDUE_INSTALLMENTS = JobKind(
    "mark_overdue_installments",
    "Marks loan instalments past their due date as overdue.",
    NoArgs,
    mark_overdue_installments,
)
