"""Search in GraphQL: hybrid product search (keyword + semantic) and the shopping assistant."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

from resolvers import assistant, cart, search
from resolvers.assistant import AssistantErrorCode, Basket, Candidate, NeedAnswer
from resolvers.catalog import ProductFilter
from resolvers.errors import DomainError
from resolvers.search import SearchErrorCode, SearchHit
from schema.base import (
    PAGE_SIZE_DESCRIPTION,
    Info,
    PageInfo,
    PublicError,
    encode_cursor,
    node_pk,
    page_request,
    public,
    to_global_id,
)
from schema.cart import CartType
from schema.catalog import ProductFilterInput, ProductNode, _visible_to
from schema.permissions import login_required

strawberry.enum(SearchErrorCode, name="SearchErrorCode")


@strawberry.type(description="A product found by a search, with why it ranks where it does.")
class ProductSearchEdge:
    cursor: str
    node: ProductNode
    score: float = strawberry.field(description="Reciprocal-rank-fusion score (k=60); higher ranks first.")
    keyword_rank: int | None = strawberry.field(
        description="Rank among keyword matches (name/intro words), null when no word matched."
    )
    semantic_rank: int | None = strawberry.field(
        description="Rank among nearest products in meaning, null when not among them."
    )
    distance: float | None = strawberry.field(description="Cosine distance to the query (0 = same meaning).")
    matched_words: list[str] = strawberry.field(description="Query words found in the name or intro.")

    @classmethod
    def from_hit(cls, offset: int, hit: SearchHit) -> ProductSearchEdge:
        return cls(
            cursor=encode_cursor(offset),
            node=ProductNode.from_row(hit.product),
            score=hit.score,
            keyword_rank=hit.keyword_rank,
            semantic_rank=hit.semantic_rank,
            distance=None if hit.distance is None else round(hit.distance, 6),
            matched_words=hit.matched_words,
        )


@strawberry.type(description="A page of search results.")
class ProductSearchConnection:
    edges: list[ProductSearchEdge]
    page_info: PageInfo
    semantic_available: bool = strawberry.field(
        description="False when the vector store is down: the results are keyword matches only."
    )


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description='Search products by words and meaning ("gift for a coffee lover", a brand name).'
    )
    async def search_products(
        self,
        info: Info,
        query: Annotated[str, strawberry.argument(description="What to look for, 1 to 200 characters.")],
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: Annotated[str | None, strawberry.argument(description="An end cursor.")] = None,
        filter: Annotated[
            ProductFilterInput | None,
            strawberry.argument(description="Narrow the results; its keyword is ignored (use query)."),
        ] = None,
    ) -> ProductSearchConnection:
        product_filter: ProductFilter = (filter or ProductFilterInput()).to_filter()
        if not await _visible_to(info, product_filter.on_sale_only):
            raise PublicError("only catalog managers see products off sale", "FORBIDDEN", "filter")
        page = page_request(first, after)
        services = info.context.services
        try:
            result = await search.search_products(
                await info.context.session(), services.vectors, services.embedder, query, product_filter, page
            )
        except DomainError as exc:
            raise public(exc) from exc
        edges = [ProductSearchEdge.from_hit(result.offset + i, hit) for i, hit in enumerate(result.hits)]
        return ProductSearchConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=result.has_next,
                has_previous_page=result.offset > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            semantic_available=result.semantic_available,
        )


# ---- the shopping assistant ----

strawberry.enum(AssistantErrorCode, name="AssistantErrorCode")


@strawberry.type(description="A user mistake in a shopping-assistant request.")
class AssistantError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: AssistantErrorCode
    message: str


@strawberry.type(description="A product that could serve a need, and why.")
class AssistantChoice:
    product: ProductNode
    relevance: float = strawberry.field(description="How well it fits the need, 0 to 1.")
    weighted_score: float = strawberry.field(description="relevance x the need's importance.")
    matched_words: list[str] = strawberry.field(description="Words of the need in the name or intro.")
    matched_tags: list[str] = strawberry.field(description="Review tags that share a word with the need.")

    @classmethod
    def of(cls, candidate: Candidate, importance: float) -> AssistantChoice:
        return cls(
            product=ProductNode.from_row(candidate.product),
            relevance=candidate.relevance,
            weighted_score=round(candidate.relevance * importance, 4),
            matched_words=candidate.matched_words,
            matched_tags=candidate.matched_tags,
        )


@strawberry.type(description="One item of the request, the product chosen for it and the others.")
class AssistantNeed:
    text: str = strawberry.field(description='The need as understood, e.g. "fresh fruit".')
    importance: float = strawberry.field(description="0 to 1: how much it matters to the whole request.")
    choice: AssistantChoice | None = strawberry.field(description="Null when nothing fits (see reason).")
    alternatives: list[AssistantChoice] = strawberry.field(description="Other candidates, best first.")
    reason: str = strawberry.field(description="Why this product, or why none.")

    @classmethod
    def of(cls, answer: NeedAnswer) -> AssistantNeed:
        importance = answer.need.importance
        return cls(
            text=answer.need.text,
            importance=importance,
            choice=AssistantChoice.of(answer.chosen, importance) if answer.chosen else None,
            alternatives=[AssistantChoice.of(c, importance) for c in answer.alternatives],
            reason=answer.reason,
        )


@strawberry.type(description="The basket the assistant proposes.")
class ShoppingBasket:
    needs: list[AssistantNeed]
    total: Decimal = strawberry.field(description="Sum of the chosen products' prices.")
    budget: Decimal | None = strawberry.field(
        description="The budget applied (argument, or read from the request)."
    )
    product_ids: list[relay.GlobalID] = strawberry.field(
        description="The chosen products, for addBasketToCart."
    )
    split_by: str = strawberry.field(description='"llm" or "local": who itemised the request.')
    semantic_available: bool = strawberry.field(description="False when products were matched by words only.")
    note: str | None = strawberry.field(
        description="Anything noteworthy: fallbacks, truncation, no items found."
    )

    @classmethod
    def of(cls, basket: Basket) -> ShoppingBasket:
        return cls(
            needs=[AssistantNeed.of(answer) for answer in basket.needs],
            total=basket.total,
            budget=basket.budget,
            product_ids=[to_global_id("Product", pid) for pid in basket.product_ids],
            split_by=basket.source,
            semantic_available=basket.semantic_available,
            note=basket.note,
        )


@strawberry.type(description="The proposed basket, or what was wrong with the request.")
class ShoppingAssistantPayload:
    basket: ShoppingBasket | None
    errors: list[AssistantError]


@strawberry.type(description="The cart after the basket was added.")
class AddBasketToCartPayload:
    cart: CartType | None
    added: int = strawberry.field(description="How many products were added (one of each).")
    errors: list[AssistantError]


def _assistant_errors(exc: DomainError) -> list[AssistantError]:
    known = {code.value for code in AssistantErrorCode}
    return [
        AssistantError(
            field=e.field,
            code=AssistantErrorCode(str(e.code)) if str(e.code) in known else AssistantErrorCode.INVALID,
            message=e.message,
        )
        for e in exc.errors
    ]


@strawberry.type
class AssistantQuery:
    @strawberry.field(
        description='Turn a request ("friends are coming tomorrow, some fruit and snacks, under $40") '
        "into a basket: one product per need, the most important needs first within the budget."
    )
    async def shopping_assistant(
        self,
        info: Info,
        request: Annotated[str, strawberry.argument(description="What you need, 1 to 2000 characters.")],
        budget: Annotated[
            Decimal | None,
            strawberry.argument(description="Spend at most this (>= 0); wins over a budget in the request."),
        ] = None,
    ) -> ShoppingAssistantPayload:
        services = info.context.services
        try:
            basket = await assistant.plan_basket(
                await info.context.session(),
                services.vectors,
                services.embedder,
                services.llm,
                request,
                budget,
                examples=services.request_examples,
            )
        except DomainError as exc:
            return ShoppingAssistantPayload(basket=None, errors=_assistant_errors(exc))
        return ShoppingAssistantPayload(basket=ShoppingBasket.of(basket), errors=[])


@strawberry.type
class AssistantMutation:
    @strawberry.mutation(
        description="Put one of each basket product in your cart (all checked first).",
        extensions=login_required(),
    )
    async def add_basket_to_cart(
        self,
        info: Info,
        product_ids: Annotated[
            list[relay.GlobalID], strawberry.argument(description="Products of a basket (at most 100).")
        ],
    ) -> AddBasketToCartPayload:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        session = await info.context.session()
        try:
            added = await assistant.add_basket_to_cart(
                session, user.id, [node_pk(pid, "Product") for pid in product_ids[: assistant.MAX_BASKET + 1]]
            )
        except DomainError as exc:
            return AddBasketToCartPayload(cart=None, added=0, errors=_assistant_errors(exc))
        return AddBasketToCartPayload(
            cart=CartType.from_cart(await cart.get_cart(session, user.id)), added=added, errors=[]
        )
