"""Explainable purchase-based credit score on the 300-850 scale, from a shopper's history.

A points scorecard: every score starts at BASE_SCORE (580) and each factor adds or subtracts
a bounded number of whole points. The bounds are chosen so that the best possible history sums
to +270 (850) and the worst to -280 (300): the score never needs clipping, and the factors'
points always add up to exactly score - BASE_SCORE.

| factor               | points     | shape                                                      |
|----------------------|------------|------------------------------------------------------------|
| account age          | -20 .. +40 | linear, full credit at 2 years                             |
| completed orders     | -10 .. +40 | log(1 + n), full credit at 24 orders                       |
| regularity           | -20 .. +40 | linear in the share of months with an order                |
| total spend          |   0 .. +30 | log(1 + spend), full credit at 2,000                       |
| average order value  |   0 .. +15 | linear, full credit at 50                                  |
| cancellation rate    | -60 .. 0   | linear in cancelled / (completed + cancelled)              |
| refund rate          | -40 .. 0   | linear in refunds / completed orders, floor at 100%        |
| on-time instalments  |   0 .. +105| 105 * (1 - exp(-n / 6)): each one counts, less and less    |
| late instalments     | -40 .. 0   | -40 * (1 - exp(-n / 2))                                    |
| missed instalments   | -90 .. 0   | -90 * (1 - exp(-n)): the first miss costs 57 points        |

The weights are a judgement, not a fit: the mall has no repayment outcomes yet to fit a
logistic scorecard on. Repayment behaviour weighs most because it is the behaviour the score
predicts; refit the weights once loans have outcomes. No purchases and no instalments is a
thin file: BASE_SCORE with one explanatory factor, below the credit guideline.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

MIN_SCORE = 300
MAX_SCORE = 850
BASE_SCORE = 580
THIN_FILE_SCORE = BASE_SCORE
# Scores from here up map to Credit_History = 1 ("meets the guidelines") for the loan model.
GUIDELINE_SCORE = 620


@dataclass(frozen=True, slots=True)
class PurchaseHistory:
    """What the mall knows about a shopper's buying and repaying; money in Decimal."""

    account_age_days: int
    order_count: int  # completed orders; cancelled ones are counted in `cancellations`
    active_month_share: float  # months with at least one order / months since sign-up, 0..1
    total_spend: Decimal
    cancellations: int = 0
    refunds: int = 0
    instalments_on_time: int = 0
    instalments_late: int = 0
    instalments_missed: int = 0
    # completed (delivered) orders only: the part of `order_count` that can no longer be refunded
    delivered_orders: int = 0
    delivered_spend: Decimal = Decimal("0.00")

    @property
    def average_order_value(self) -> Decimal:
        if self.order_count == 0:
            return Decimal("0.00")
        return (self.total_spend / self.order_count).quantize(Decimal("0.01"))

    @property
    def instalments_due(self) -> int:
        return self.instalments_on_time + self.instalments_late + self.instalments_missed

    @property
    def is_thin_file(self) -> bool:
        return self.order_count == 0 and self.cancellations == 0 and self.instalments_due == 0

    @classmethod
    def from_orders(
        cls,
        opened_on: date,
        today: date,
        orders: Sequence[tuple[date, Decimal]],
        *,
        cancellations: int = 0,
        refunds: int = 0,
        instalments_on_time: int = 0,
        instalments_late: int = 0,
        instalments_missed: int = 0,
        delivered: Sequence[Decimal] = (),
    ) -> PurchaseHistory:
        """A history from completed orders as (order date, order total) pairs.

        `delivered` holds the totals of the orders among them that were delivered.
        """
        months_open = (today.year - opened_on.year) * 12 + today.month - opened_on.month + 1
        active_months = {(day.year, day.month) for day, _ in orders}
        return cls(
            account_age_days=max((today - opened_on).days, 0),
            order_count=len(orders),
            active_month_share=min(1.0, len(active_months) / max(months_open, 1)),
            total_spend=sum((total for _, total in orders), Decimal("0.00")),
            cancellations=cancellations,
            refunds=refunds,
            instalments_on_time=instalments_on_time,
            instalments_late=instalments_late,
            instalments_missed=instalments_missed,
            delivered_orders=len(delivered),
            delivered_spend=sum(delivered, Decimal("0.00")),
        )


@dataclass(frozen=True, slots=True)
class ScoreFactor:
    name: str
    value: float
    points: int  # contribution to the score, relative to BASE_SCORE
    explanation: str


@dataclass(frozen=True, slots=True)
class CreditScore:
    score: int
    factors: tuple[ScoreFactor, ...]
    thin_file: bool
    base: int = BASE_SCORE

    @property
    def meets_guideline(self) -> bool:
        return meets_credit_guideline(self.score)


def _between(lo: int, hi: int, share: float) -> float:
    return lo + (hi - lo) * min(max(share, 0.0), 1.0)


def _factor(name: str, value: float, points: float, sentence: str) -> ScoreFactor:
    whole = round(points)
    return ScoreFactor(name, value, whole, f"{sentence}: {whole:+d} points.")


def _factors(history: PurchaseHistory) -> list[ScoreFactor]:
    h = history
    orders, cancelled = h.order_count, h.cancellations
    cancel_rate = cancelled / (orders + cancelled) if orders + cancelled else 0.0
    refund_rate = min(1.0, h.refunds / orders) if orders else float(h.refunds > 0)
    spend = float(h.total_spend)
    average = float(h.average_order_value)
    return [
        _factor(
            "account_age",
            h.account_age_days,
            _between(-20, 40, h.account_age_days / 730),
            f"Account open {h.account_age_days} days (full credit at two years)",
        ),
        _factor(
            "completed_orders",
            orders,
            _between(-10, 40, math.log1p(orders) / math.log1p(24)),
            f"{orders} completed orders (full credit at 24)",
        ),
        _factor(
            "regularity",
            h.active_month_share,
            _between(-20, 40, h.active_month_share),
            f"Ordered in {h.active_month_share:.0%} of the months since sign-up",
        ),
        _factor(
            "total_spend",
            spend,
            _between(0, 30, math.log1p(max(spend, 0.0)) / math.log1p(2000)),
            f"Total spend {h.total_spend:.2f} (full credit at 2,000)",
        ),
        _factor(
            "average_order_value",
            average,
            _between(0, 15, average / 50),
            f"Average order {h.average_order_value:.2f} (full credit at 50)",
        ),
        _factor(
            "cancellation_rate",
            cancel_rate,
            -60 * cancel_rate,
            f"{cancelled} cancelled orders, {cancel_rate:.0%} of all orders placed",
        ),
        _factor(
            "refund_rate",
            refund_rate,
            -40 * refund_rate,
            f"{h.refunds} refunds, {refund_rate:.0%} of completed orders",
        ),
        _factor(
            "instalments_on_time",
            h.instalments_on_time,
            105 * (1 - math.exp(-h.instalments_on_time / 6)),
            f"{h.instalments_on_time} loan instalments paid on time",
        ),
        _factor(
            "instalments_late",
            h.instalments_late,
            -40 * (1 - math.exp(-h.instalments_late / 2)),
            f"{h.instalments_late} loan instalments paid late",
        ),
        _factor(
            "instalments_missed",
            h.instalments_missed,
            -90 * (1 - math.exp(-h.instalments_missed)),
            f"{h.instalments_missed} loan instalments missed",
        ),
    ]


def credit_score(history: PurchaseHistory | None) -> CreditScore:
    """The score with its factors, largest effect first; None or no activity is a thin file."""
    if history is None or history.is_thin_file:
        thin = ScoreFactor(
            "thin_file",
            0.0,
            0,
            f"No purchases or loan instalments yet, so the score starts at {THIN_FILE_SCORE}; "
            "it moves as orders and repayments build a history.",
        )
        return CreditScore(THIN_FILE_SCORE, (thin,), thin_file=True)
    factors = _factors(history)
    score = BASE_SCORE + sum(f.points for f in factors)
    # The points table's bounds keep the sum inside the scale; this guards future edits.
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise AssertionError(f"points table out of bounds: score {score}")
    ordered = tuple(sorted(factors, key=lambda f: -abs(f.points)))
    return CreditScore(score, ordered, thin_file=False)


def meets_credit_guideline(score: int) -> bool:
    """The loan model's Credit_History signal (1 = meets guidelines) derived from the score."""
    return score >= GUIDELINE_SCORE


def credit_history_signal(result: CreditScore) -> bool | None:
    """Credit_History for the loan model: None (unknown) for a thin file, not a "no".

    The loan model has its own category for unknown history; a thin file is absence of
    evidence, which the training data treats differently from a failed history.
    """
    return None if result.thin_file else meets_credit_guideline(result.score)
