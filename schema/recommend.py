"""Engagement and recommendations in GraphQL: events, favourites, rankings, recommendations."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from db.tables import EventKind, Product
from resolvers import personal, recommend
from resolvers.errors import DomainError
from resolvers.recommend import RecommendErrorCode
from schema.base import (
    PAGE_SIZE_DESCRIPTION,
    Info,
    PageInfo,
    PublicError,
    edges,
    errors_of,
    node_pk,
    page_info,
    page_request,
)
from schema.catalog import ProductEdge, ProductNode
from schema.permissions import login_required

strawberry.enum(EventKind, name="EventKind")
strawberry.enum(RecommendErrorCode, name="RecommendErrorCode")
MAX_RANKING = 50


@strawberry.type(description="A user mistake in an engagement operation.")
class RecommendError:
    field: str | None
    code: RecommendErrorCode
    message: str


@strawberry.type(description="Whether the event was recorded.")
class RecordEventPayload:
    recorded: bool
    errors: list[RecommendError]


@strawberry.type(description="The product whose favourite state changed.")
class FavouritePayload:
    product: ProductNode | None
    errors: list[RecommendError]


@strawberry.type(description="A page of the caller's favourite products, newest first.")
class FavouriteConnection:
    edges: list[ProductEdge]
    page_info: PageInfo


@strawberry.type(description="Products picked for the caller, and how.")
class Recommendations:
    products: list[ProductNode]
    personalized: bool = strawberry.field(
        description="False for visitors and new shoppers: they get trending and best-selling items."
    )


def _ranking_size(first: int) -> int:
    if not 1 <= first <= MAX_RANKING:
        raise PublicError(f"first must be between 1 and {MAX_RANKING}", field="first")
    return first


def _products(rows: list[Product]) -> list[ProductNode]:
    return [ProductNode.from_row(row) for row in rows]


@strawberry.type
class RecommendQuery:
    @strawberry.field(description="Best-selling products, in a category subtree or overall.")
    async def best_sellers(
        self,
        info: Info,
        category_id: relay.GlobalID | None = None,
        first: Annotated[int, strawberry.argument(description="1 to 50.")] = 10,
    ) -> list[ProductNode]:
        category = node_pk(category_id, "Category") if category_id else None
        rows = await recommend.best_sellers(await info.context.session(), category, _ranking_size(first))
        return _products(rows)

    @strawberry.field(description="Best-rated products with at least 3 reviews (a Bayesian average).")
    async def top_rated(
        self,
        info: Info,
        category_id: relay.GlobalID | None = None,
        first: Annotated[int, strawberry.argument(description="1 to 50.")] = 10,
    ) -> list[ProductNode]:
        category = node_pk(category_id, "Category") if category_id else None
        rows = await recommend.top_rated(await info.context.session(), category, _ranking_size(first))
        return _products(rows)

    @strawberry.field(description="What shoppers engaged with most in the last 7 days.")
    async def trending(
        self, info: Info, first: Annotated[int, strawberry.argument(description="1 to 50.")] = 10
    ) -> list[ProductNode]:
        return _products(await recommend.trending(await info.context.session(), _ranking_size(first)))

    @strawberry.field(description="The caller's favourites (wishlist).", extensions=login_required())
    async def favourites(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: str | None = None,
    ) -> FavouriteConnection:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        page = await recommend.list_favourites(
            await info.context.session(), user.id, page_request(first, after)
        )
        return FavouriteConnection(
            edges=edges(page, ProductNode.from_row, lambda c, n: ProductEdge(cursor=c, node=n)),
            page_info=page_info(page),
        )

    @strawberry.field(
        description="Products for the caller: ranked from their own events once the recommender is "
        "trained; popular and trending for visitors and new shoppers (personalized false)."
    )
    async def recommendations(
        self, info: Info, first: Annotated[int, strawberry.argument(description="1 to 50.")] = 10
    ) -> Recommendations:
        size = _ranking_size(first)
        session = await info.context.session()
        user = await info.context.user()
        if user is not None and user.id is not None:
            ranked = await personal.recommend_for_user(
                session, info.context.services.recommender, user.id, size
            )
            if ranked:
                return Recommendations(products=_products(ranked), personalized=True)
        rows = await recommend.popular_for_anyone(session, size)
        return Recommendations(products=_products(rows), personalized=False)


@strawberry.type
class RecommendMutation:
    @strawberry.mutation(
        description="Record that the caller viewed, carted, bought, reviewed or favourited a product.",
        extensions=login_required(),
    )
    async def record_event(
        self, info: Info, product_id: relay.GlobalID, kind: EventKind
    ) -> RecordEventPayload:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        try:
            await recommend.record_event(
                await info.context.session(), user.id, node_pk(product_id, "Product"), kind
            )
        except DomainError as exc:
            return RecordEventPayload(recorded=False, errors=errors_of(RecommendError, exc))
        return RecordEventPayload(recorded=True, errors=[])

    @strawberry.mutation(description="Add a product to the caller's favourites.", extensions=login_required())
    async def add_favourite(self, info: Info, product_id: relay.GlobalID) -> FavouritePayload:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        try:
            row = await recommend.add_favourite(
                await info.context.session(), user.id, node_pk(product_id, "Product")
            )
        except DomainError as exc:
            return FavouritePayload(product=None, errors=errors_of(RecommendError, exc))
        return FavouritePayload(product=ProductNode.from_row(row), errors=[])

    @strawberry.mutation(
        description="Remove a product from the caller's favourites.", extensions=login_required()
    )
    async def remove_favourite(self, info: Info, product_id: relay.GlobalID) -> FavouritePayload:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        session = await info.context.session()
        pk = node_pk(product_id, "Product")
        removed = await recommend.remove_favourite(session, user.id, pk)
        if not removed:
            return FavouritePayload(
                product=None,
                errors=[
                    RecommendError(
                        field="productId", code=RecommendErrorCode.NOT_FOUND, message="not a favourite"
                    )
                ],
            )
        row = await session.get(Product, pk)
        return FavouritePayload(product=ProductNode.from_row(row) if row else None, errors=[])
