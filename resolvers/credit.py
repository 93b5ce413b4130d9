"""The purchase-based credit score: a user's orders and repayments, scored by ml.credit_score.

What counts (the score's own module explains the points):
- completed orders: paid, shipped or completed (an order that was paid and not given back);
- cancellations: orders cancelled by the buyer or closed (unpaid or by an admin);
- refunds: those of the cancelled/closed orders that had been paid (the money went back);
- instalments: paid by the due date (on time), paid after it (late), overdue and unpaid (missed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import InstallmentStatus, Loan, LoanInstallment, Order, OrderStatus, User
from ml.credit_score import CreditScore, PurchaseHistory, credit_history_signal, credit_score

COMPLETED = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.COMPLETED)
ENDED = (OrderStatus.CANCELLED, OrderStatus.CLOSED)


class ScoreBand(StrEnum):
    """The usual 300-850 bands, so a number means something to the user."""

    POOR = "poor"  # below 580
    FAIR = "fair"  # 580-669
    GOOD = "good"  # 670-739
    VERY_GOOD = "very_good"  # 740-799
    EXCEPTIONAL = "exceptional"  # 800 and up


def band_of(score: int) -> ScoreBand:
    for floor, band in ((800, ScoreBand.EXCEPTIONAL), (740, ScoreBand.VERY_GOOD), (670, ScoreBand.GOOD)):
        if score >= floor:
            return band
    return ScoreBand.FAIR if score >= 580 else ScoreBand.POOR


@dataclass(frozen=True)
class UserCredit:
    """The score, and what the loan model is told as Credit_History."""

    result: CreditScore
    history: PurchaseHistory
    stated_guideline: bool | None  # what the user said in their financial profile

    @property
    def score(self) -> int:
        return self.result.score

    @property
    def band(self) -> ScoreBand:
        return band_of(self.result.score)

    @property
    def used_as_credit_history(self) -> bool:
        """The score stands in only when the user did not state whether they meet the guidelines."""
        return self.stated_guideline is None

    @property
    def credit_history(self) -> bool | None:
        """Stated by the user, else from the score; None (unknown) for a thin file, never assumed."""
        if self.stated_guideline is not None:
            return self.stated_guideline
        return credit_history_signal(self.result)


async def purchase_history(
    session: AsyncSession, user_id: int, opened_at: datetime, today: date
) -> PurchaseHistory:
    """Two queries: the user's orders (date, total, status, paid or not) and instalments."""
    orders = list(
        await session.exec(
            select(col(Order.created_at), col(Order.total), col(Order.status), col(Order.paid_at)).where(
                Order.user_id == user_id
            )
        )
    )
    completed: list[tuple[date, Decimal]] = []
    delivered: list[Decimal] = []
    cancellations = refunds = 0
    for created_at, total, status, paid_at in orders:
        if status in COMPLETED:
            completed.append((created_at.date(), total))
            if status == OrderStatus.COMPLETED:
                delivered.append(total)
        elif status in ENDED:
            cancellations += 1
            refunds += paid_at is not None
    installments = list(
        await session.exec(
            select(col(LoanInstallment.status), col(LoanInstallment.due_date), col(LoanInstallment.paid_at))
            .join(Loan, col(Loan.id) == LoanInstallment.loan_id)
            .where(Loan.user_id == user_id, col(LoanInstallment.status) != InstallmentStatus.DUE)
        )
    )
    on_time = late = missed = 0
    for state, due, paid_at in installments:
        if state == InstallmentStatus.OVERDUE:
            missed += 1
        elif paid_at is not None and paid_at.date() <= due:
            on_time += 1
        else:
            late += 1
    return PurchaseHistory.from_orders(
        opened_at.date(),
        today,
        completed,
        cancellations=cancellations,
        refunds=refunds,
        instalments_on_time=on_time,
        instalments_late=late,
        instalments_missed=missed,
        delivered=delivered,
    )


async def user_credit(
    session: AsyncSession, user: User, stated_guideline: bool | None, now: datetime
) -> UserCredit:
    assert user.id is not None
    history = await purchase_history(session, user.id, user.created_at, now.date())
    return UserCredit(result=credit_score(history), history=history, stated_guideline=stated_guideline)
