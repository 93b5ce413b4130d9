"""Card payments behind one small Protocol, and the mock gateway the mall ships with.

The mock behaves like a real gateway's test mode: Stripe's test card 4000 0000 0000 0002 is
always declined, and a test (or an operator) can set `decline = True` to decline every charge.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

DECLINED_TEST_CARDS = frozenset({"4000000000000002"})


@dataclass(frozen=True)
class Charge:
    approved: bool
    reference: str | None = None
    message: str = ""


class CardGateway(Protocol):
    async def charge(self, card_number: str, amount: Decimal, description: str) -> Charge: ...

    async def refund(self, reference: str, amount: Decimal) -> None: ...


@dataclass
class MockCardGateway:
    """Approves any well-formed card number except the declining test cards; keeps what it did."""

    decline: bool = False
    charges: dict[str, Decimal] = field(default_factory=dict)
    refunds: dict[str, Decimal] = field(default_factory=dict)

    async def charge(self, card_number: str, amount: Decimal, description: str) -> Charge:
        digits = "".join(ch for ch in card_number if ch.isdigit())
        if len(digits) < 12 or len(digits) > 19 or len(digits) != len(card_number.replace(" ", "")):
            return Charge(approved=False, message="the card number is not valid")
        if self.decline or digits in DECLINED_TEST_CARDS:
            return Charge(approved=False, message="the card was declined")
        reference = f"ch_mock_{secrets.token_hex(8)}"
        self.charges[reference] = amount
        return Charge(approved=True, reference=reference)

    async def refund(self, reference: str, amount: Decimal) -> None:
        self.refunds[reference] = amount
