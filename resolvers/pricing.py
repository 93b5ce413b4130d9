"""Price suggestions: recorded by the pricing job, reviewed by admins before they become prices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

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


class PricingErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    NOT_PENDING = "not_pending"
    TOO_MANY = "too_many"
    REQUIRED = "required"
    NOT_ENOUGH_DATA = "not_enough_data"


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
    prices: Mapping[int, Decimal],
    source: PriceSource,
    model: str,
) -> None:
    """One batch, one transaction: the suggestions with the job's item markers (priced or not).

    A newer suggestion supersedes a product's pending one, so reviewers see one per product.
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
            price = prices.get(product.id)
            if price is None:
                jobs.add_item(
                    session, job_id, product.id, JobItemOutcome.FAILED, "no clean price from the model"
                )
                continue
            session.add(
                PriceSuggestion(
                    product_id=product.id,
                    job_id=job_id,
                    suggested_price=price,
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


async def accept_suggestions(
    session: AsyncSession, ids: Sequence[int], decided_by: int
) -> list[PriceSuggestion]:
    """All or nothing: every suggestion becomes its product's selling price in one transaction."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise DomainError.of(PricingErrorCode.REQUIRED, "give at least one suggestion", "ids")
    if len(unique) > MAX_BULK:
        raise DomainError.of(PricingErrorCode.TOO_MANY, f"at most {MAX_BULK} at once", "ids")
    now = utcnow()
    async with transaction(session):
        suggestions = await _pending(session, unique)
        for suggestion in suggestions:
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
                .values(price=suggestion.suggested_price, updated_at=now)
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
