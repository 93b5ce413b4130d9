"""Loan offer arithmetic: annuity, schedule, 0% APR, pricing and affordability."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ml.loans.offers import (
    OfferPolicy,
    build_offers,
    due_date,
    is_affordable,
    monthly_instalment,
    price_apr,
    repayment_schedule,
)


def test_annuity_matches_hand_computed_value() -> None:
    # 1000 at 12% APR over 12 months: r = 0.01, 1000 * 0.01 / (1 - 1.01**-12) = 88.8488
    assert monthly_instalment(Decimal("1000.00"), Decimal("12.00"), 12) == Decimal("88.85")


@pytest.mark.parametrize(
    ("amount", "apr", "months"),
    [("1000.00", "12.00", 12), ("2499.99", "19.37", 24), ("100.00", "29.99", 3), ("7.00", "5", 6)],
)
def test_schedule_principals_sum_to_amount_exactly(amount: str, apr: str, months: int) -> None:
    schedule = repayment_schedule(Decimal(amount), Decimal(apr), months)
    assert len(schedule) == months
    assert sum(line.principal for line in schedule) == Decimal(amount)
    assert schedule[-1].balance == Decimal("0.00")
    assert all(line.payment == line.principal + line.interest for line in schedule)
    assert all(line.payment.as_tuple().exponent == -2 for line in schedule)


def test_schedule_interest_is_charged_on_the_open_balance() -> None:
    schedule = repayment_schedule(Decimal("1000.00"), Decimal("12.00"), 12)
    assert schedule[0].interest == Decimal("10.00")
    assert schedule[0].principal == Decimal("78.85")
    assert schedule[1].interest == Decimal("9.21")  # 1% of 921.15


def test_zero_apr_splits_the_amount_and_charges_nothing() -> None:
    schedule = repayment_schedule(Decimal("1000.00"), Decimal("0"), 3)
    assert [line.payment for line in schedule] == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]
    assert all(line.interest == 0 for line in schedule)


def test_apr_rises_with_risk_and_is_capped() -> None:
    policy = OfferPolicy()
    assert price_apr(1.0) == policy.base_apr_percent
    assert price_apr(0.9) < price_apr(0.6)
    assert price_apr(0.0) == policy.max_apr_percent
    with pytest.raises(ValueError, match="probability"):
        price_apr(1.5)


def test_affordability_is_forty_percent_of_household_income() -> None:
    # 40% of 2000 + 500 = 1000
    assert is_affordable(Decimal("800.00"), Decimal("200.00"), Decimal("2000"), Decimal("500"))
    assert not is_affordable(Decimal("800.01"), Decimal("200.00"), Decimal("2000"), Decimal("500"))


def test_offers_cover_each_term_with_totals_and_affordability() -> None:
    offers = build_offers(Decimal("3000.00"), 0.8, applicant_income=Decimal("2000.00"))
    assert [offer.term_months for offer in offers] == [3, 6, 12, 24]
    assert len({offer.apr_percent for offer in offers}) == 1
    for offer in offers:
        assert offer.total_repayable == sum(line.payment for line in offer.schedule)
        assert offer.total_interest == offer.total_repayable - Decimal("3000.00")
    # 3 months costs about 1000 a month: more than 40% of 2000; 24 months does not.
    assert not offers[0].affordable
    assert offers[-1].affordable


def test_invalid_terms_are_refused() -> None:
    with pytest.raises(ValueError, match="amount"):
        monthly_instalment(Decimal("0"), Decimal("10"), 12)
    with pytest.raises(ValueError, match="term"):
        monthly_instalment(Decimal("100"), Decimal("10"), 0)


def test_due_date_clamps_to_month_end() -> None:
    assert due_date(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert due_date(date(2024, 11, 15), 3) == date(2025, 2, 15)
