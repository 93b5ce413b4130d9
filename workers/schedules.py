"""The one place where cron-style schedules live, for the arq worker and the in-process runner alike.

A scheduled run is recorded like any other job (kind "close_unpaid_orders", created_by null).
Each schedule has a settings toggle; MALL_CRON_ENABLED=false turns them all off.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from arq.cron import next_cron

from config.settings import Settings
from db.types import utcnow
from resolvers.errors import DomainError
from workers.context import Resources

if TYPE_CHECKING:
    from workers.runner import JobQueue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    """Run `kind` with `args` at every time matching minute/hour/weekday (None = any), in UTC."""

    name: str
    kind: str
    enabled: Callable[[Settings], bool]
    args: dict[str, Any] = field(default_factory=dict)
    minute: set[int] | int | None = None
    hour: set[int] | int | None = None
    weekday: int | None = None

    def next_run(self, after: datetime) -> datetime:
        return next_cron(after, minute=self.minute, hour=self.hour, weekday=self.weekday, microsecond=0)


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        "close-unpaid-orders",
        "close_unpaid_orders",
        enabled=lambda s: s.cron_close_unpaid_orders,
    ),  # every minute; the deadline is MALL_UNPAID_ORDER_MINUTES
    Schedule(
        "mark-overdue-installments",
        "mark_overdue_installments",
        enabled=lambda s: s.cron_mark_overdue_installments,
        minute=5,
    ),  # hourly
    Schedule(
        "embed-products", "embed_products", enabled=lambda s: s.cron_embed_products, minute=15, hour=2
    ),  # nightly, incremental: only new or changed products
    Schedule(
        "reprice-products",
        "price_products",
        enabled=lambda s: s.cron_reprice_products,
        minute=30,
        hour=3,
        weekday=0,
    ),  # weekly, Monday night: suggestions wait for an admin's review
)


def active_schedules(settings: Settings) -> list[Schedule]:
    from workers.registry import KINDS

    if not settings.cron_enabled:
        return []
    return [s for s in SCHEDULES if s.enabled(settings) and s.kind in KINDS]


async def run_schedules_in_process(queue: JobQueue, resources: Resources) -> None:
    """The in-process runner's cron: sleep until the next due schedule, start it, repeat."""
    from workers.runner import start_job

    schedules = active_schedules(resources.settings)
    if not schedules:
        return
    due = {schedule.name: schedule.next_run(utcnow()) for schedule in schedules}
    while True:
        now = utcnow()
        wake = min(due.values())
        if wake > now:
            await asyncio.sleep((wake - now).total_seconds())
            continue
        for schedule in schedules:
            if due[schedule.name] <= now:
                due[schedule.name] = schedule.next_run(now)
                try:
                    async with resources.store.session() as session:
                        await start_job(queue, session, schedule.kind, schedule.args)
                except DomainError as exc:
                    log.warning("schedule %s did not start: %s", schedule.name, exc)
