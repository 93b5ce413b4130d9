"""Price suggestions: recorded by the pricing job, reviewed by admins before they become prices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, JobItemOutcome, PriceSource, PriceSuggestion, Product, SuggestionStatus
from db.transaction import transaction
from db.types import utcnow
from resolvers import jobs
from resolvers.catalog import category_names
from resolvers.errors import Collector, DomainError
from resolvers.paging import Page, PageRequest

MAX_BULK = 100
MAX_COMPARABLES = 10
CENT = Decimal("0.01")
MAX_PRICE = Decimal("100000.00")


class PricingErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    NOT_PENDING = "not_pending"
    TOO_MANY = "too_many"
    REQUIRED = "required"
    NOT_ENOUGH_DATA = "not_enough_data"
    CHANGE_TOO_LARGE = "change_too_large"
    INVALID_PRICE = "invalid_price"


@dataclass(frozen=True)
class ComparableReason:
    """A catalog product that explains a suggestion: its name, price and unit price."""

    product_id: int | None
    name: str
    price: Decimal
    size: str | None = None
    unit_price: Decimal | None = None  # per 100 g / 100 ml
    similarity: float | None = None
    weight: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "product_id": self.product_id,
            "name": self.name[:200],
            "price": str(self.price),
            "size": self.size,
            "unit_price": None if self.unit_price is None else str(self.unit_price),
            "similarity": self.similarity,
            "weight": self.weight,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ComparableReason:
        unit = data.get("unit_price")
        return cls(
            product_id=data.get("product_id"),
            name=str(data.get("name", "")),
            price=Decimal(str(data.get("price", "0"))),
            size=data.get("size"),
            unit_price=None if unit is None else Decimal(str(unit)),
            similarity=data.get("similarity"),
            weight=data.get("weight"),
        )


@dataclass(frozen=True)
class ProposedPrice:
    """What a pricing model proposes for one product, and why."""

    price: Decimal
    summary: str
    comparables: Sequence[ComparableReason] = field(default_factory=tuple)
    comparables_price: Decimal | None = None  # the comparables' own estimate, scaled to size


@dataclass(frozen=True)
class SuggestionReason:
    """A stored suggestion's reason, as read back."""

    summary: str
    comparables: list[ComparableReason]
    comparables_price: Decimal | None
    capped: bool


def change_share(current: Decimal, price: Decimal) -> Decimal:
    """|price - current| / current (0.15 = a 15% change)."""
    return abs(price - current) / current if current > 0 else Decimal("Infinity")


def cap_price(current: Decimal, proposed: Decimal, max_change: Decimal) -> Decimal:
    """The proposed price moved back to at most `max_change` away from the current one.

    The one place the cap is applied; every path that records a suggestion goes through
    record_suggestions, and accept_suggestions refuses a larger change unless confirmed.
    """
    if current <= 0:
        return proposed
    low = (current * (1 - max_change)).quantize(CENT, rounding=ROUND_HALF_UP)
    high = (current * (1 + max_change)).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(max(proposed, max(low, CENT)), high)


def reason_of(row: PriceSuggestion) -> SuggestionReason:
    data = row.reasons or {}
    comparables_price = data.get("comparables_price")
    return SuggestionReason(
        summary=str(data.get("summary", "")),
        comparables=[ComparableReason.from_json(c) for c in data.get("comparables", [])][:MAX_COMPARABLES],
        comparables_price=None if comparables_price is None else Decimal(str(comparables_price)),
        capped=row.model_price is not None,
    )


@dataclass(frozen=True)
class PricingProduct:
    """What the pricing job needs of a product."""

    id: int
    name: str
    description: str
    category_path: tuple[str, str, str]
    price: Decimal


async def pricing_products(session: AsyncSession, product_ids: Sequence[int] | None) -> list[PricingProduct]:

    paths = category_names(list(await session.exec(select(Category))))
    query = select(Product).order_by(col(Product.id))
    if product_ids is not None:
        query = query.where(col(Product.id).in_(list(product_ids)))
    result: list[PricingProduct] = []
    for row in await session.exec(query):
        assert row.id is not None
        path = (paths.get(row.category_id, []) + ["", "", ""])[:3]
        result.append(PricingProduct(row.id, row.name, row.intro, (path[0], path[1], path[2]), row.price))
    return result


async def record_suggestions(
    session: AsyncSession,
    job_id: int,
    products: Sequence[PricingProduct],
    prices: Mapping[int, ProposedPrice],
    source: PriceSource,
    model: str,
    max_change: Decimal,
) -> None:
    """One batch, one transaction: the suggestions with the job's item markers (priced or not).

    Each suggestion changes the price by at most `max_change` (the model's own price is kept
    beside it) and carries its reason. A newer suggestion supersedes a product's pending one,
    so reviewers see one per product.
    """
    now = utcnow()
    async with transaction(session):
        priced = [product.id for product in products if product.id in prices]
        if priced:
            await session.exec(
                update(PriceSuggestion)
                .where(
                    col(PriceSuggestion.product_id).in_(priced),
                    col(PriceSuggestion.status) == SuggestionStatus.PENDING,
                )
                .values(status=SuggestionStatus.SUPERSEDED, decided_at=now)
            )
        for product in products:
            proposed = prices.get(product.id)
            if proposed is None:
                jobs.add_item(
                    session, job_id, product.id, JobItemOutcome.FAILED, "no clean price from the model"
                )
                continue
            capped = cap_price(product.price, proposed.price, max_change)
            reasons = {
                "summary": proposed.summary,
                "comparables": [c.to_json() for c in proposed.comparables[:MAX_COMPARABLES]],
                "comparables_price": None
                if proposed.comparables_price is None
                else str(proposed.comparables_price),
                "max_change": str(max_change),
            }
            session.add(
                PriceSuggestion(
                    product_id=product.id,
                    job_id=job_id,
                    suggested_price=capped,
                    model_price=proposed.price if capped != proposed.price else None,
                    reasons=reasons,
                    previous_price=product.price,
                    source=source,
                    model=model[:100],
                    created_at=now,
                )
            )
            jobs.add_item(session, job_id, product.id, JobItemOutcome.DONE)


async def list_suggestions(
    session: AsyncSession, status: SuggestionStatus | None, page: PageRequest
) -> Page[PriceSuggestion]:
    query = select(PriceSuggestion)
    if status is not None:
        query = query.where(PriceSuggestion.status == status)
    rows = await session.exec(
        query.order_by(col(PriceSuggestion.created_at).desc(), col(PriceSuggestion.id).desc())
        .offset(page.offset)
        .limit(page.limit + 1)
    )
    return Page.from_overfetch(list(rows), page)


async def _pending(session: AsyncSession, ids: Sequence[int]) -> list[PriceSuggestion]:
    rows = {
        row.id: row
        for row in await session.exec(select(PriceSuggestion).where(col(PriceSuggestion.id).in_(ids)))
    }
    errors = Collector()
    for index, suggestion_id in enumerate(ids):
        row = rows.get(suggestion_id)
        field = "id" if len(ids) == 1 else f"ids.{index}"
        if row is None:
            errors.add(PricingErrorCode.NOT_FOUND, "no such price suggestion", field)
        elif row.status != SuggestionStatus.PENDING:
            errors.add(PricingErrorCode.NOT_PENDING, f"the suggestion is already {row.status}", field)
    errors.raise_if_any()
    return [rows[suggestion_id] for suggestion_id in ids]


def _check_price(price: Decimal | None) -> None:
    if price is not None and not (CENT <= price <= MAX_PRICE and price == price.quantize(CENT)):
        raise DomainError.of(
            PricingErrorCode.INVALID_PRICE, f"a price from 0.01 to {MAX_PRICE}, to the cent", "price"
        )


async def _check_changes(
    session: AsyncSession,
    suggestions: Sequence[PriceSuggestion],
    prices: Sequence[Decimal],
    max_change: Decimal,
) -> None:
    """A change above the cap, against the price the product has now, needs confirmation."""
    product_ids = [s.product_id for s in suggestions]
    rows = await session.exec(select(Product).where(col(Product.id).in_(product_ids)))
    current = {row.id: row.price for row in rows}
    errors = Collector()
    for index, (suggestion, price) in enumerate(zip(suggestions, prices, strict=True)):
        now_price = current.get(suggestion.product_id)
        if now_price is None or change_share(now_price, price) <= max_change:
            continue
        share = change_share(now_price, price)
        shown = "a price of zero" if share.is_infinite() else f"{share * 100:.0f}%"
        name = "confirmLargerChange" if len(suggestions) == 1 else f"ids.{index}"
        errors.add(
            PricingErrorCode.CHANGE_TOO_LARGE,
            f"{now_price} to {price} changes the price by {shown}, more than the "
            f"{max_change * 100:.0f}% allowed; confirm the larger change to apply it",
            name,
        )
    errors.raise_if_any()


async def accept_suggestions(
    session: AsyncSession,
    ids: Sequence[int],
    decided_by: int,
    max_change: Decimal,
    *,
    confirm_larger_change: bool = False,
    price: Decimal | None = None,
) -> list[PriceSuggestion]:
    """All or nothing: every suggestion becomes its product's selling price in one transaction.

    `price` (one suggestion only) sets another price than the suggested one, e.g. the model's
    uncapped price. A change of more than `max_change` from the product's current price is
    refused unless `confirm_larger_change`.
    """
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise DomainError.of(PricingErrorCode.REQUIRED, "give at least one suggestion", "ids")
    if len(unique) > MAX_BULK:
        raise DomainError.of(PricingErrorCode.TOO_MANY, f"at most {MAX_BULK} at once", "ids")
    _check_price(price)
    if price is not None and len(unique) != 1:
        raise DomainError.of(PricingErrorCode.INVALID_PRICE, "a price is for one suggestion", "price")
    now = utcnow()
    async with transaction(session):
        suggestions = await _pending(session, unique)
        applied = [price if price is not None else s.suggested_price for s in suggestions]
        if not confirm_larger_change:
            await _check_changes(session, suggestions, applied, max_change)
        for suggestion, new_price in zip(suggestions, applied, strict=True):
            # conditional: a concurrent decision on the same suggestion makes this one fail whole
            changed = await session.exec(
                update(PriceSuggestion)
                .where(
                    col(PriceSuggestion.id) == suggestion.id,
                    col(PriceSuggestion.status) == SuggestionStatus.PENDING,
                )
                .values(status=SuggestionStatus.ACCEPTED, decided_at=now, decided_by=decided_by)
            )
            if changed.rowcount != 1:
                raise DomainError.of(
                    PricingErrorCode.NOT_PENDING, "the suggestion was decided meanwhile", "ids"
                )
            await session.exec(
                update(Product)
                .where(col(Product.id) == suggestion.product_id)
                .values(price=new_price, updated_at=now)
            )
    for suggestion in suggestions:
        await session.refresh(suggestion)
    return suggestions


async def reject_suggestion(session: AsyncSession, suggestion_id: int, decided_by: int) -> PriceSuggestion:
    async with transaction(session):
        [suggestion] = await _pending(session, [suggestion_id])
        suggestion.status = SuggestionStatus.REJECTED
        suggestion.decided_at = utcnow()
        suggestion.decided_by = decided_by
    return suggestion
