"""Loan offers in Decimal: risk-priced APR, annuity instalment, schedule and affordability.

Pricing rule (documented for the product page and the tests):

    APR% = min(max_apr, base_apr + risk_spread * (1 - p))

where p is the calibrated approval probability; the APR is rounded to 0.01 percentage points.
The monthly rate is APR / 12 (nominal, compounded monthly), and the instalment is the standard
annuity P * r / (1 - (1 + r) ** -n), or P / n at 0% APR, rounded half-up to the cent. The
schedule charges each month's interest on the open balance (rounded to the cent); the last
instalment takes whatever balance is left, so the principals add up to the amount exactly.

Affordability: instalment + existing monthly debt <= 40% of the household's monthly income
(applicant + co-applicant).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
_MONTHS_A_YEAR = 12
MAX_DEBT_TO_INCOME = Decimal("0.40")


@dataclass(frozen=True, slots=True)
class OfferPolicy:
    base_apr_percent: Decimal = Decimal("6.90")
    # Added in full at approval probability 0, nothing at 1.
    risk_spread_percent: Decimal = Decimal("24.00")
    max_apr_percent: Decimal = Decimal("29.99")
    max_debt_to_income: Decimal = MAX_DEBT_TO_INCOME
    terms_months: tuple[int, ...] = (3, 6, 12, 24)


@dataclass(frozen=True, slots=True)
class ScheduleLine:
    number: int  # 1-based instalment number
    due_in_months: int  # months after disbursement; see `due_date` for the calendar date
    payment: Decimal
    principal: Decimal
    interest: Decimal
    balance: Decimal  # still owed after this payment


@dataclass(frozen=True, slots=True)
class Offer:
    amount: Decimal
    term_months: int
    apr_percent: Decimal
    monthly_instalment: Decimal
    total_repayable: Decimal
    total_interest: Decimal
    affordable: bool
    schedule: tuple[ScheduleLine, ...]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _check(amount: Decimal, apr_percent: Decimal, months: int) -> None:
    if amount <= 0:
        raise ValueError(f"amount must be positive, got {amount}")
    if apr_percent < 0:
        raise ValueError(f"APR must not be negative, got {apr_percent}")
    if months < 1:
        raise ValueError(f"term must be at least one month, got {months}")


def price_apr(approval_probability: float, policy: OfferPolicy | None = None) -> Decimal:
    """APR in percent for a calibrated approval probability (see the module docstring)."""
    policy = policy or OfferPolicy()
    if not 0.0 <= approval_probability <= 1.0:
        raise ValueError(f"approval probability must lie in [0, 1], got {approval_probability}")
    risk = Decimal(1) - Decimal(str(round(approval_probability, 6)))
    apr = policy.base_apr_percent + policy.risk_spread_percent * risk
    return min(policy.max_apr_percent, apr).quantize(CENT, rounding=ROUND_HALF_UP)


def monthly_instalment(amount: Decimal, apr_percent: Decimal, months: int) -> Decimal:
    """The level annuity payment, rounded half-up to the cent; amount / months at 0% APR."""
    _check(amount, apr_percent, months)
    with localcontext() as context:
        context.prec = 34
        rate = apr_percent / _HUNDRED / _MONTHS_A_YEAR
        if rate == 0:
            return _cents(amount / months)
        return _cents(amount * rate / (1 - (1 + rate) ** -months))


def repayment_schedule(amount: Decimal, apr_percent: Decimal, months: int) -> list[ScheduleLine]:
    """Month-by-month payments; the last one absorbs rounding so principals sum to `amount`."""
    instalment = monthly_instalment(amount, apr_percent, months)
    lines: list[ScheduleLine] = []
    balance = _cents(amount)
    with localcontext() as context:
        context.prec = 34
        rate = apr_percent / _HUNDRED / _MONTHS_A_YEAR
        for number in range(1, months + 1):
            interest = _cents(balance * rate)
            last = number == months
            # min(): rounding up the instalment must never repay more than is owed.
            principal = balance if last else min(balance, instalment - interest)
            balance -= principal
            lines.append(ScheduleLine(number, number, principal + interest, principal, interest, balance))
    return lines


def is_affordable(
    instalment: Decimal,
    existing_monthly_debt: Decimal,
    applicant_income: Decimal,
    coapplicant_income: Decimal = Decimal(0),
    max_debt_to_income: Decimal = MAX_DEBT_TO_INCOME,
) -> bool:
    """instalment + existing debt <= max share (40%) of the household's monthly income."""
    income = applicant_income + coapplicant_income
    return instalment + existing_monthly_debt <= income * max_debt_to_income


def build_offer(
    amount: Decimal,
    apr_percent: Decimal,
    months: int,
    *,
    applicant_income: Decimal,
    coapplicant_income: Decimal = Decimal(0),
    existing_monthly_debt: Decimal = Decimal(0),
    policy: OfferPolicy | None = None,
) -> Offer:
    policy = policy or OfferPolicy()
    schedule = repayment_schedule(amount, apr_percent, months)
    instalment = schedule[0].payment
    total = sum((line.payment for line in schedule), Decimal(0))
    return Offer(
        amount=_cents(amount),
        term_months=months,
        apr_percent=apr_percent,
        monthly_instalment=instalment,
        total_repayable=total,
        total_interest=total - _cents(amount),
        # The largest payment decides: the last one may exceed the level instalment by cents.
        affordable=is_affordable(
            max(line.payment for line in schedule),
            existing_monthly_debt,
            applicant_income,
            coapplicant_income,
            policy.max_debt_to_income,
        ),
        schedule=tuple(schedule),
    )


def build_offers(
    amount: Decimal,
    approval_probability: float,
    *,
    applicant_income: Decimal,
    coapplicant_income: Decimal = Decimal(0),
    existing_monthly_debt: Decimal = Decimal(0),
    policy: OfferPolicy | None = None,
    terms_months: Sequence[int] | None = None,
) -> list[Offer]:
    """One offer per term (3, 6, 12, 24 months by default) at the risk-priced APR.

    Unaffordable offers are returned with affordable=False rather than dropped, so the caller
    can say why a term is not available.
    """
    policy = policy or OfferPolicy()
    apr = price_apr(approval_probability, policy)
    return [
        build_offer(
            amount,
            apr,
            months,
            applicant_income=applicant_income,
            coapplicant_income=coapplicant_income,
            existing_monthly_debt=existing_monthly_debt,
            policy=policy,
        )
        for months in (terms_months or policy.terms_months)
    ]


def due_date(disbursed_on: date, due_in_months: int) -> date:
    """The calendar due date, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = disbursed_on.month - 1 + due_in_months
    year, month = disbursed_on.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(disbursed_on.day, calendar.monthrange(year, month)[1]))
