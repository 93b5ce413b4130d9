"""The credit limit rule: earned by delivered orders and repayments, capped by age and the maximum."""

from __future__ import annotations

from decimal import Decimal

from ml.credit_score import PurchaseHistory
from ml.loans.credit_limit import LimitPolicy, credit_limit

MAXIMUM = Decimal("50000.00")


def history(age_days: int, delivered: list[str] | None = None, **instalments: int) -> PurchaseHistory:
    totals = [Decimal(total) for total in delivered or []]
    return PurchaseHistory(
        account_age_days=age_days,
        order_count=len(totals),
        active_month_share=1.0 if totals else 0.0,
        total_spend=sum(totals, Decimal("0.00")),
        delivered_orders=len(totals),
        delivered_spend=sum(totals, Decimal("0.00")),
        **instalments,
    )


def test_a_stranger_starts_at_the_starting_limit() -> None:
    limit = credit_limit(history(0), LimitPolicy(), MAXIMUM)
    assert limit.amount == Decimal("500.00")
    assert limit.binding == "earned"


def test_the_new_account_cap_binds_whatever_was_bought() -> None:
    limit = credit_limit(history(30, ["4000.00"]), LimitPolicy(), MAXIMUM)
    assert limit.amount == Decimal("1000.00")
    assert limit.binding == "account_age"
    assert [line.rule for line in limit.lines] == ["earned", "account_age", "mall_maximum"]


def test_the_cap_rises_with_the_account_age() -> None:
    caps = [
        credit_limit(history(days, ["9000.00"]), LimitPolicy(), MAXIMUM).amount for days in (89, 90, 365, 730)
    ]
    assert caps == [Decimal("1000.00"), Decimal("5000.00"), Decimal("15000.00"), Decimal("27500.00")]


def test_on_time_repayments_raise_and_late_ones_lower_the_earned_limit() -> None:
    policy = LimitPolicy()
    base = credit_limit(history(800, ["1000.00"]), policy, MAXIMUM).amount
    on_time = credit_limit(history(800, ["1000.00"], instalments_on_time=4), policy, MAXIMUM).amount
    late = credit_limit(history(800, ["1000.00"], instalments_on_time=4, instalments_late=6), policy, MAXIMUM)
    assert (base, on_time) == (Decimal("3500.00"), Decimal("4500.00"))
    assert late.amount == Decimal("3000.00")
    # many late payments never take the limit below the start
    worst = credit_limit(history(800, instalments_late=40), policy, MAXIMUM)
    assert worst.amount == Decimal("500.00")


def test_an_overdue_instalment_stops_new_credit() -> None:
    limit = credit_limit(history(800, ["5000.00"], instalments_missed=1), LimitPolicy(), MAXIMUM)
    assert limit.amount == Decimal("0.00")
    assert limit.binding == "missed_instalment"
    assert not limit.allows(Decimal("500.00"))


def test_the_limit_is_a_round_figure_and_never_above_the_maximum() -> None:
    assert credit_limit(history(800, ["56.00"]), LimitPolicy(), MAXIMUM).amount == Decimal("660.00")
    rich = credit_limit(history(3000, ["90000.00"]), LimitPolicy(), MAXIMUM)
    assert rich.amount == MAXIMUM
    assert rich.binding == "account_age"  # past two years the age line allows the maximum too
