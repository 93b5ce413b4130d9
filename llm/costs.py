"""Estimated USD cost of a call from a small per-model price table."""

from __future__ import annotations

from decimal import Decimal

_PER_MILLION = Decimal(1_000_000)

# USD per 1M tokens (prompt, completion), list prices when written; an estimate for operators,
# not an invoice. Dated snapshots ("gpt-4o-mini-2024-07-18") match by prefix.
PRICES: dict[str, tuple[Decimal, Decimal]] = {
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")),
    "gpt-4o": (Decimal("2.50"), Decimal("10.00")),
    "gpt-4.1-nano": (Decimal("0.10"), Decimal("0.40")),
    "gpt-4.1-mini": (Decimal("0.40"), Decimal("1.60")),
    "gpt-4.1": (Decimal("2.00"), Decimal("8.00")),
    "gpt-3.5-turbo": (Decimal("0.50"), Decimal("1.50")),
    "text-embedding-3-small": (Decimal("0.02"), Decimal("0")),
    "text-embedding-3-large": (Decimal("0.13"), Decimal("0")),
    "text-embedding-ada-002": (Decimal("0.10"), Decimal("0")),
}


def price_of(model: str) -> tuple[Decimal, Decimal] | None:
    """The longest table entry the model name starts with, so "gpt-4o-mini" beats "gpt-4o"."""
    matches = [name for name in PRICES if model == name or model.startswith(name + "-")]
    if not matches:
        return None
    return PRICES[max(matches, key=len)]


def estimate_cost(model: str, prompt_tokens: int, completion_tokens: int) -> Decimal | None:
    """USD rounded to a millionth of a dollar; None for models the table does not know."""
    price = price_of(model)
    if price is None:
        return None
    prompt_price, completion_price = price
    cost = (prompt_price * prompt_tokens + completion_price * completion_tokens) / _PER_MILLION
    return cost.quantize(Decimal("0.000001"))
