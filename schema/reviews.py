"""Reviews in GraphQL: a product's reviews and adding one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from db.tables import Review
from resolvers import catalog, reviews
from resolvers.errors import DomainError
from resolvers.paging import Page
from resolvers.reviews import ReviewErrorCode
from schema.base import Info, PageInfo, edges, errors_of, node_pk, page_info
from schema.permissions import login_required

if TYPE_CHECKING:
    from schema.catalog import ProductNode

strawberry.enum(ReviewErrorCode, name="ReviewErrorCode")


@strawberry.type(description="A user mistake in a review operation.")
class ReviewError:
    field: str | None
    code: ReviewErrorCode
    message: str


@strawberry.type(name="Review", description="A buyer's review of a product.")
class ReviewType:
    id: relay.GlobalID
    stars: int
    title: str
    text: str
    created_at: datetime
    verified_purchase: bool = strawberry.field(
        description="The author had received this product in a delivered order when writing."
    )
    author_pk: strawberry.Private[int]

    @strawberry.field(description="The reviewer's nickname.")
    async def author_name(self, info: Info) -> str:
        user = await info.context.loaders.user.load(self.author_pk)
        return user.nickname or user.username if user else "former customer"

    @classmethod
    def from_row(cls, row: Review) -> ReviewType:
        return cls(
            id=relay.GlobalID("Review", str(row.id)),
            stars=row.stars,
            title=row.title,
            text=row.text,
            created_at=row.created_at,
            verified_purchase=row.verified_purchase,
            author_pk=row.user_id,
        )


@strawberry.type
class ReviewEdge:
    cursor: str
    node: ReviewType


@strawberry.type(description="A page of reviews.")
class ReviewConnection:
    edges: list[ReviewEdge]
    page_info: PageInfo


def review_connection(page: Page[Review]) -> ReviewConnection:
    return ReviewConnection(
        edges=edges(page, ReviewType.from_row, lambda c, n: ReviewEdge(cursor=c, node=n)),
        page_info=page_info(page),
    )


@strawberry.input(description="A review: one per user and product.")
class AddReviewInput:
    product_id: relay.GlobalID
    stars: int = strawberry.field(description="1 to 5.")
    title: str = strawberry.field(description="1 to 120 characters.")
    text: str = strawberry.field(description="1 to 5000 characters.")


@strawberry.type(description="The review that was added, and the product's new rating.")
class AddReviewPayload:
    review: ReviewType | None
    product: Annotated[ProductNode, strawberry.lazy("schema.catalog")] | None
    errors: list[ReviewError]


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(description="Review a product.", extensions=login_required())
    async def add_review(self, info: Info, input: AddReviewInput) -> AddReviewPayload:
        from schema.catalog import ProductNode

        user = await info.context.user()
        assert user is not None
        session = await info.context.session()
        try:
            row = await reviews.add_review(
                session,
                user,
                node_pk(input.product_id, "Product"),
                input.stars,
                input.title,
                input.text,
            )
        except DomainError as exc:
            return AddReviewPayload(review=None, product=None, errors=errors_of(ReviewError, exc))
        product = await catalog.get_product(session, row.product_id, fresh=True)
        return AddReviewPayload(
            review=ReviewType.from_row(row),
            product=ProductNode.from_row(product) if product else None,
            errors=[],
        )
