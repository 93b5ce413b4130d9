"""The most the mall lends a shopper: earned by delivered purchases and repayments, capped by age.

A careful lender does not hand a stranger the most the approval model would accept; it starts
low and lets the limit grow with evidence. The rule, applied in this order (each line can only
lower what the lines above allowed):

| rule                     | limit                                                              |
|--------------------------|--------------------------------------------------------------------|
| earned limit             | 500 to start, + 3 x the total of delivered orders,                 |
|                          | + 250 for each instalment paid on time, - 250 for each paid late   |
|                          | (never below the starting 500)                                     |
| missed instalment        | 0 while any instalment is overdue and unpaid                       |
| account younger than 90 d| at most 1,000 (the new-account cap)                                |
| account 90 d to 1 year   | at most 5,000                                                      |
| account 1 to 2 years     | at most 15,000                                                     |
| the mall's maximum       | at most MALL_LOAN_MAX_AMOUNT (50,000)                              |
| debt-to-income           | applied by the quote: instalment + debts <= 40% of stated income   |

"Delivered" means orders in the completed state: paid-but-undelivered orders can still be
cancelled and refunded, so they are not yet evidence. The figures are a judgement for a shop
without repayment outcomes; every one is a field of LimitPolicy (the first three are settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from ml.credit_score import PurchaseHistory

_ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class LimitPolicy:
    starting_limit: Decimal = Decimal("500.00")
    per_delivered_dollar: Decimal = Decimal(3)
    per_instalment: Decimal = Decimal("250.00")
    new_account_days: int = 90
    new_account_cap: Decimal = Decimal("1000.00")
    # (account age in days below which, cap); ages past the last row get the mall's maximum
    age_caps: tuple[tuple[int, Decimal], ...] = ((365, Decimal("5000.00")), (730, Decimal("15000.00")))
    step: Decimal = Decimal(10)  # limits are round figures


@dataclass(frozen=True, slots=True)
class LimitLine:
    """One row of the rule as it applied to this shopper: what it allowed and why."""

    rule: str
    amount: Decimal
    explanation: str


@dataclass(frozen=True, slots=True)
class CreditLimit:
    amount: Decimal
    lines: tuple[LimitLine, ...]  # in the order applied; `binding` names the lowest
    binding: str

    def allows(self, amount: Decimal) -> bool:
        return amount <= self.amount


def _round_down(amount: Decimal, step: Decimal) -> Decimal:
    return ((amount / step).to_integral_value(ROUND_FLOOR) * step).quantize(Decimal("0.01"))


def _age_cap(age_days: int, policy: LimitPolicy, mall_maximum: Decimal) -> tuple[Decimal, str]:
    if age_days < policy.new_account_days:
        return (
            policy.new_account_cap,
            f"new account ({age_days} days; the cap lifts at {policy.new_account_days})",
        )
    for below, cap in policy.age_caps:
        if age_days < below:
            return cap, f"account {age_days} days old (the cap rises at {below} days)"
    return mall_maximum, f"account {age_days} days old"


def credit_limit(history: PurchaseHistory, policy: LimitPolicy, mall_maximum: Decimal) -> CreditLimit:
    """The shopper's limit with every line of the rule that produced it."""
    h = history
    earned = max(
        policy.starting_limit,
        policy.starting_limit
        + policy.per_delivered_dollar * h.delivered_spend
        + policy.per_instalment * (h.instalments_on_time - h.instalments_late),
    )
    lines = [
        LimitLine(
            "earned",
            _round_down(earned, policy.step),
            f"{policy.starting_limit:.0f} to start, {h.delivered_orders} delivered orders worth "
            f"{h.delivered_spend:.2f}, {h.instalments_on_time} instalments on time and "
            f"{h.instalments_late} late",
        )
    ]
    if h.instalments_missed:
        lines.append(LimitLine("missed_instalment", _ZERO, f"{h.instalments_missed} instalments overdue"))
    cap, why = _age_cap(h.account_age_days, policy, mall_maximum)
    lines.append(LimitLine("account_age", cap, why))
    lines.append(LimitLine("mall_maximum", mall_maximum, "the most the mall lends anyone"))
    lowest = min(lines, key=lambda line: line.amount)  # the first of equals: the one applied first
    return CreditLimit(amount=lowest.amount, lines=tuple(lines), binding=lowest.rule)
