"""Engagement and recommendations: events, favourites, rankings, and what to show each shopper."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import case, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, EventKind, Favourite, Product, UserEvent
from db.transaction import transaction
from db.types import utcnow
from resolvers.errors import DomainError
from resolvers.paging import Page, PageRequest

TRENDING_DAYS = 7
MIN_REVIEWS_FOR_TOP_RATED = 3
# Bayesian average: a product with few reviews is pulled towards a neutral 3.5 stars
PRIOR_STARS, PRIOR_WEIGHT = 3.5, 5


class RecommendErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    NOT_READY = "not_ready"


async def _on_sale_product(session: AsyncSession, product_id: int) -> Product:
    product = await session.get(Product, product_id)
    if product is None or not product.on_sale:
        raise DomainError.of(RecommendErrorCode.NOT_FOUND, "no such product", "productId")
    return product


async def record_event(session: AsyncSession, user_id: int, product_id: int, kind: EventKind) -> UserEvent:
    await _on_sale_product(session, product_id)
    event = UserEvent(user_id=user_id, product_id=product_id, kind=kind)
    async with transaction(session):
        session.add(event)
    return event


async def add_favourite(session: AsyncSession, user_id: int, product_id: int) -> Product:
    """Idempotent: favouriting twice keeps one favourite (and records one event)."""
    product = await _on_sale_product(session, product_id)
    existing = await session.exec(
        select(Favourite.id).where(Favourite.user_id == user_id, Favourite.product_id == product_id)
    )
    if existing.first() is None:
        try:
            async with transaction(session):
                session.add(Favourite(user_id=user_id, product_id=product_id))
                session.add(UserEvent(user_id=user_id, product_id=product_id, kind=EventKind.FAVOURITE))
        except IntegrityError:
            pass  # the same favourite added at the same moment by a second request
    return product


async def remove_favourite(session: AsyncSession, user_id: int, product_id: int) -> int:
    rows = await session.exec(
        select(Favourite).where(Favourite.user_id == user_id, Favourite.product_id == product_id)
    )
    removed = 0
    async with transaction(session):
        for row in rows:
            await session.delete(row)
            removed += 1
    return removed


async def list_favourites(session: AsyncSession, user_id: int, page: PageRequest) -> Page[Product]:
    rows = await session.exec(
        select(Product)
        .join(Favourite, col(Favourite.product_id) == Product.id)
        .where(Favourite.user_id == user_id)
        .order_by(col(Favourite.created_at).desc(), col(Favourite.id).desc())
        .offset(page.offset)
        .limit(page.limit + 1)
    )
    return Page.from_overfetch(list(rows), page)


def _in_subtree(category_id: int | None) -> object | None:
    if category_id is None:
        return None
    prefix = select(Category.path).where(Category.id == category_id).scalar_subquery()
    return col(Product.category_id).in_(select(Category.id).where(col(Category.path).startswith(prefix)))


async def best_sellers(session: AsyncSession, category_id: int | None, limit: int) -> list[Product]:
    query = select(Product).where(col(Product.on_sale).is_(True))
    if (subtree := _in_subtree(category_id)) is not None:
        query = query.where(subtree)  # type: ignore[arg-type]
    rows = await session.exec(query.order_by(col(Product.sales).desc(), col(Product.id)).limit(limit))
    return list(rows)


async def top_rated(session: AsyncSession, category_id: int | None, limit: int) -> list[Product]:
    bayesian = (col(Product.rating_sum) + PRIOR_STARS * PRIOR_WEIGHT) / (
        col(Product.rating_count) + PRIOR_WEIGHT
    )
    query = select(Product).where(
        col(Product.on_sale).is_(True), col(Product.rating_count) >= MIN_REVIEWS_FOR_TOP_RATED
    )
    if (subtree := _in_subtree(category_id)) is not None:
        query = query.where(subtree)  # type: ignore[arg-type]
    rows = await session.exec(query.order_by(bayesian.desc(), col(Product.id)).limit(limit))
    return list(rows)


async def trending(session: AsyncSession, limit: int, now: datetime | None = None) -> list[Product]:
    """Most engaged-with products of the last days (purchases count most)."""
    since = (now or utcnow()) - timedelta(days=TRENDING_DAYS)
    weight = case(
        (col(UserEvent.kind) == EventKind.PURCHASE, 5),
        (col(UserEvent.kind) == EventKind.ADD_TO_CART, 3),
        (col(UserEvent.kind) == EventKind.FAVOURITE, 2),
        else_=1,
    )
    score = func.sum(weight).label("score")
    ranked = (
        select(UserEvent.product_id, score)
        .where(col(UserEvent.created_at) >= since)
        .group_by(col(UserEvent.product_id))
        .subquery()
    )
    rows = await session.exec(
        select(Product)
        .join(ranked, ranked.c.product_id == Product.id)
        .where(col(Product.on_sale).is_(True))
        .order_by(ranked.c.score.desc(), col(Product.id))
        .limit(limit)
    )
    return list(rows)


async def popular_for_anyone(session: AsyncSession, limit: int) -> list[Product]:
    """Cold start: trending first, then best sellers, without repeats."""
    chosen: dict[int, Product] = {}
    for product in [*await trending(session, limit), *await best_sellers(session, None, limit)]:
        if product.id is not None and product.id not in chosen:
            chosen[product.id] = product
    return list(chosen.values())[:limit]
