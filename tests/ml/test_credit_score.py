"""The purchase-based credit score: direction of each rule, bounds and explanations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from ml.credit_score import (
    BASE_SCORE,
    GUIDELINE_SCORE,
    MAX_SCORE,
    MIN_SCORE,
    THIN_FILE_SCORE,
    PurchaseHistory,
    credit_history_signal,
    credit_score,
    meets_credit_guideline,
)


def make_history(**changes: object) -> PurchaseHistory:
    history = PurchaseHistory(
        account_age_days=400,
        order_count=8,
        active_month_share=0.4,
        total_spend=Decimal("420.00"),
        cancellations=1,
        refunds=1,
        instalments_on_time=3,
    )
    return replace(history, **changes)  # type: ignore[arg-type]


def test_more_on_time_repayments_raise_the_score() -> None:
    scores = [credit_score(make_history(instalments_on_time=n)).score for n in (0, 3, 6, 12)]
    assert scores == sorted(scores)
    assert len(set(scores)) == len(scores)


def test_cancellations_lower_the_score() -> None:
    scores = [credit_score(make_history(cancellations=n)).score for n in (0, 1, 3, 8)]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)


def test_missed_instalments_cost_more_than_late_ones() -> None:
    late = credit_score(make_history(instalments_late=1)).score
    missed = credit_score(make_history(instalments_missed=1)).score
    assert missed < late < credit_score(make_history()).score


@pytest.mark.parametrize(
    "history",
    [
        PurchaseHistory(100_000, 10_000, 1.0, Decimal("1000000"), 0, 0, 10_000, 0, 0),
        PurchaseHistory(0, 0, 0.0, Decimal("0"), 10_000, 10_000, 0, 10_000, 10_000),
        PurchaseHistory(0, 1, 0.0, Decimal("0.01"), 500, 7, 0, 3, 2),
    ],
)
def test_score_stays_within_300_and_850(history: PurchaseHistory) -> None:
    assert MIN_SCORE <= credit_score(history).score <= MAX_SCORE


def test_extremes_reach_the_ends_of_the_scale() -> None:
    best = PurchaseHistory(100_000, 10_000, 1.0, Decimal("1000000"), 0, 0, 10_000, 0, 0)
    worst = PurchaseHistory(0, 0, 0.0, Decimal("0"), 10_000, 10_000, 0, 10_000, 10_000)
    assert credit_score(best).score == MAX_SCORE
    assert credit_score(worst).score == MIN_SCORE


@pytest.mark.parametrize("on_time", [0, 1, 5, 40])
def test_factor_points_sum_to_score_minus_base(on_time: int) -> None:
    result = credit_score(make_history(instalments_on_time=on_time, instalments_late=1))
    assert sum(f.points for f in result.factors) == result.score - BASE_SCORE
    assert all(f.explanation.endswith("points.") for f in result.factors)


def test_factors_come_largest_effect_first() -> None:
    points = [abs(f.points) for f in credit_score(make_history()).factors]
    assert points == sorted(points, reverse=True)


def test_no_history_is_a_thin_file_with_an_explanation() -> None:
    for history in (None, PurchaseHistory(30, 0, 0.0, Decimal("0"))):
        result = credit_score(history)
        assert result.thin_file
        assert result.score == THIN_FILE_SCORE
        assert [f.name for f in result.factors] == ["thin_file"]
        assert "No purchases" in result.factors[0].explanation
        # Unknown history, not a failed one, for the loan model.
        assert credit_history_signal(result) is None


def test_guideline_threshold_maps_to_credit_history() -> None:
    assert meets_credit_guideline(GUIDELINE_SCORE)
    assert not meets_credit_guideline(GUIDELINE_SCORE - 1)
    assert credit_history_signal(credit_score(make_history(instalments_on_time=12))) is True


def test_history_from_orders_measures_regularity() -> None:
    orders = [
        (date(2024, 1, 5), Decimal("20.00")),
        (date(2024, 1, 20), Decimal("30.00")),
        (date(2024, 3, 2), Decimal("50.00")),
    ]
    history = PurchaseHistory.from_orders(date(2024, 1, 1), date(2024, 4, 30), orders)
    assert history.order_count == 3
    assert history.active_month_share == pytest.approx(2 / 4)
    assert history.total_spend == Decimal("100.00")
    assert history.average_order_value == Decimal("33.33")
    assert history.account_age_days == 120
