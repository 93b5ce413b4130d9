"""Batched LLM pricing of products: the prompt, a strict parser of the answer, and retries."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from llm.client import ChatMessage, LLMClient
from llm.errors import LLMBadResponse, LLMNotConfigured

log = logging.getLogger(__name__)

# NUMERIC(12,2) holds up to 9,999,999,999.99; a grocery item near that is a model error anyway.
MAX_PRICE = Decimal("100000.00")
DESCRIPTION_CHARS = 600
_PRICE_TEXT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")

SYSTEM_PROMPT = (
    "You are a pricing analyst for an online grocery and gourmet food store in the United "
    "States. For each product you are given, estimate a fair retail price in US dollars for "
    "the whole listing (respect pack sizes and quantities in the name). "
    'Answer with JSON only, exactly: {"prices": [{"id": <product id>, "price": "12.99"}]} '
    "with one entry per product, every product id exactly once, the price as a string with "
    "two decimals and no currency sign. Do not add commentary."
)


@dataclass(frozen=True, slots=True)
class ProductToPrice:
    """What the model sees of a product."""

    id: int
    name: str
    description: str = ""
    category_path: Sequence[str] = ()


@dataclass(slots=True)
class ParsedPrices:
    """What a pricing answer yielded: good prices, ids still without one, and why."""

    prices: dict[int, Decimal] = field(default_factory=dict)
    unparsed: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def build_pricing_messages(products: Sequence[ProductToPrice]) -> list[ChatMessage]:
    """One prompt for the whole batch; products go in as JSON so their text cannot break out."""
    items = [
        {
            "id": product.id,
            "name": product.name.strip(),
            "category": " > ".join(part for part in product.category_path if part),
            "description": product.description.strip()[:DESCRIPTION_CHARS],
        }
        for product in products
    ]
    user = "Price these products:\n" + json.dumps(items, ensure_ascii=False, indent=1)
    return [ChatMessage.system(SYSTEM_PROMPT), ChatMessage.user(user)]


def _strip_code_fence(text: str) -> str:
    # Models wrap JSON in ```json fences even when told not to; that is harmless packaging.
    stripped = text.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", stripped, flags=re.DOTALL)
    return fenced.group(1) if fenced else stripped


def _entries(text: str) -> list[Any] | None:
    """The list of entries: a bare array, or {"prices": [...]} (what JSON mode must send)."""
    try:
        # parse_float=Decimal keeps 12.99 exact if the model sends a number, not a string
        data = json.loads(_strip_code_fence(text), parse_float=Decimal)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("prices"), list):
        return list(data["prices"])
    if isinstance(data, list):
        return data
    return None


def _price(value: object) -> Decimal | None:
    """A positive amount with at most two decimals, from "12.99", 12.99 or 12; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not _PRICE_TEXT.fullmatch(value.strip()):
            return None
        value = value.strip()
    elif not isinstance(value, int | Decimal):
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    exponent = amount.as_tuple().exponent
    if not amount.is_finite() or not isinstance(exponent, int) or exponent < -2:
        return None
    if amount <= 0 or amount > MAX_PRICE:
        return None
    return amount.quantize(Decimal("0.01"))


def _product_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def parse_pricing_answer(text: str, expected_ids: Sequence[int]) -> ParsedPrices:
    """Strict: unknown ids, duplicated ids and bad prices are dropped, never repaired."""
    result = ParsedPrices()
    expected = list(dict.fromkeys(expected_ids))
    entries = _entries(text)
    if entries is None:
        result.unparsed = expected
        result.problems.append("answer is not a JSON list of prices")
        return result

    seen: dict[int, int] = {}
    candidates: dict[int, Decimal] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            result.problems.append("an entry is not an object")
            continue
        product_id = _product_id(entry.get("id"))
        if product_id is None or product_id not in expected:
            result.problems.append(f"unknown id {entry.get('id')!r}")
            continue
        seen[product_id] = seen.get(product_id, 0) + 1
        price = _price(entry.get("price"))
        if price is None:
            result.problems.append(f"id {product_id}: bad price {entry.get('price')!r}")
            continue
        candidates[product_id] = price

    for product_id in expected:
        if seen.get(product_id, 0) > 1:
            # two answers for one product: neither can be trusted over the other
            result.problems.append(f"id {product_id}: priced more than once")
        elif product_id in candidates:
            result.prices[product_id] = candidates[product_id]
            continue
        result.unparsed.append(product_id)
    return result


async def price_batch(
    client: LLMClient, products: Sequence[ProductToPrice], attempts: int = 2
) -> tuple[dict[int, Decimal], list[int]]:
    """Prices for the products the model priced cleanly, and the ids it did not.

    Each retry asks again only for the products still without a price. A product that never
    gets a clean price is reported as failed: no price is ever guessed here.
    LLMUnavailable propagates (the job should fail and be retried later, not mark the whole
    catalog as unpriceable); a local client raises LLMNotConfigured, pricing then belongs to
    the ml/ pricing model.
    """
    if client.is_local:
        raise LLMNotConfigured("LLM pricing needs a configured LLM; use the local pricing model")
    by_id = {product.id: product for product in products}
    prices: dict[int, Decimal] = {}
    remaining = list(by_id)
    for attempt in range(1, attempts + 1):
        if not remaining:
            break
        batch = [by_id[product_id] for product_id in remaining]
        try:
            answer = await client.chat(
                build_pricing_messages(batch),
                temperature=0,
                max_tokens=40 + 25 * len(batch),
                json_mode=True,
            )
        except LLMBadResponse as exc:
            log.warning("pricing attempt %d: %s", attempt, exc)
            continue
        parsed = parse_pricing_answer(answer.text, remaining)
        if parsed.problems:
            log.warning(
                "pricing attempt %d: %d of %d unparsed (%s)",
                attempt,
                len(parsed.unparsed),
                len(remaining),
                "; ".join(parsed.problems[:5]),
            )
        prices.update(parsed.prices)
        remaining = parsed.unparsed
    return prices, remaining
