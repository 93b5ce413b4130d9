"""Reviews: one per user and product, newest first, with the product's rating kept in step."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Order, OrderItem, OrderStatus, Product, Review, User
from db.transaction import transaction
from resolvers.catalog import increment_rating
from resolvers.errors import Collector, DomainError
from resolvers.paging import Page, PageRequest

TITLE_MAX = 120
TEXT_MIN, TEXT_MAX = 1, 5000


class ReviewErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    ALREADY_REVIEWED = "already_reviewed"


async def list_reviews(session: AsyncSession, product_id: int, page: PageRequest) -> Page[Review]:
    rows = await session.exec(
        select(Review)
        .where(Review.product_id == product_id)
        .order_by(col(Review.created_at).desc(), col(Review.id).desc())
        .offset(page.offset)
        .limit(page.limit + 1)
    )
    return Page.from_overfetch(list(rows), page)


async def has_received(session: AsyncSession, user_id: int, product_id: int) -> bool:
    """Whether a delivered (completed) order of this user held the product."""
    found = await session.exec(
        select(OrderItem.id)
        .join(Order, col(Order.id) == col(OrderItem.order_id))
        .where(
            Order.user_id == user_id,
            Order.status == OrderStatus.COMPLETED,
            OrderItem.product_id == product_id,
        )
        .limit(1)
    )
    return found.first() is not None


async def add_review(
    session: AsyncSession, user: User, product_id: int, stars: int, title: str, text: str
) -> Review:
    errors = Collector()
    if not 1 <= stars <= 5:
        errors.add(ReviewErrorCode.INVALID, "stars from 1 to 5", "stars")
    if not 1 <= len(title.strip()) <= TITLE_MAX:
        errors.add(ReviewErrorCode.INVALID, f"a title of 1 to {TITLE_MAX} characters", "title")
    if not TEXT_MIN <= len(text.strip()) <= TEXT_MAX:
        errors.add(ReviewErrorCode.INVALID, f"a review of 1 to {TEXT_MAX} characters", "text")
    errors.raise_if_any()
    if await session.get(Product, product_id) is None:
        raise DomainError.of(ReviewErrorCode.NOT_FOUND, "no such product", "productId")
    already = DomainError.of(
        ReviewErrorCode.ALREADY_REVIEWED, "you have already reviewed this product", "productId"
    )
    existing = await session.exec(
        select(Review.id).where(Review.product_id == product_id, Review.user_id == user.id)
    )
    if existing.first() is not None:
        raise already
    assert user.id is not None
    review = Review(
        product_id=product_id,
        user_id=user.id,
        stars=stars,
        title=title.strip(),
        text=text.strip(),
        verified_purchase=await has_received(session, user.id, product_id),
    )
    try:
        async with transaction(session):
            session.add(review)
            await session.flush()
            await increment_rating(session, product_id, stars)
    except IntegrityError as exc:  # the same user posting twice at once
        raise already from exc
    return review
