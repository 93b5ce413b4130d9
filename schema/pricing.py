"""Price suggestions in GraphQL: catalog managers review them, accept (one or up to 100) or reject."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay

from db.tables import PriceSource, PriceSuggestion, SuggestionStatus
from resolvers import pricing
from resolvers.errors import DomainError
from resolvers.permissions import Perm, has_perm
from resolvers.pricing import MAX_BULK, MAX_COMPARABLES, ComparableReason, PricingErrorCode, reason_of
from schema.base import (
    PAGE_SIZE_DESCRIPTION,
    Info,
    PageInfo,
    edges,
    errors_of,
    node_pk,
    page_info,
    page_request,
    to_global_id,
)
from schema.catalog import ProductNode
from schema.permissions import requires
from schema.scalars import node_pks

strawberry.enum(PricingErrorCode, name="PricingErrorCode")
strawberry.enum(PriceSource, name="PriceSource")
strawberry.enum(SuggestionStatus, name="PriceSuggestionStatus")


@strawberry.type(description="A user mistake in a pricing operation.")
class PricingError:
    field: str | None = strawberry.field(description="The argument at fault (ids.3 for the 4th id).")
    code: PricingErrorCode
    message: str


@strawberry.type(description="A catalog product a suggestion was compared with.")
class PriceComparable:
    product_id: relay.GlobalID | None = strawberry.field(description="The product; null if it is gone.")
    name: str = strawberry.field(description="Its name when the suggestion was made.")
    price: Decimal = strawberry.field(description="Its selling price then, USD.")
    size: str | None = strawberry.field(description="The size parsed from its name (12 oz × 6).")
    unit_price: Decimal | None = strawberry.field(
        description="USD per 100 g (or 100 ml), where its name gives a weight or volume."
    )
    similarity: float | None = strawberry.field(description="Cosine similarity of the two texts.")
    weight: float | None = strawberry.field(description="Its share of the comparables' estimate (0-1).")

    @classmethod
    def of(cls, reason: ComparableReason) -> PriceComparable:
        return cls(
            product_id=None if reason.product_id is None else to_global_id("Product", reason.product_id),
            name=reason.name,
            price=reason.price,
            size=reason.size,
            unit_price=reason.unit_price,
            similarity=reason.similarity,
            weight=reason.weight,
        )


@strawberry.type(description="Why a price was suggested.")
class PriceReason:
    summary: str = strawberry.field(description="One sentence a reviewer reads first.")
    comparables: list[PriceComparable] = strawberry.field(
        description=f"The nearest comparable products (never the product itself), at most {MAX_COMPARABLES}."
    )
    comparables_price: Decimal | None = strawberry.field(
        description="What the comparables alone say, scaled to this product's size; null for the LLM."
    )
    capped: bool = strawberry.field(
        description="The model's price changed the price by more than the cap, so it was cut back."
    )


@strawberry.type(name="PriceSuggestion", description="A price proposed by the pricing job, for review.")
class PriceSuggestionNode(relay.Node):
    id: relay.NodeID[int]
    suggested_price: Decimal = strawberry.field(
        description="USD, to the cent; changes the price by at most the cap (MALL_PRICING_MAX_CHANGE)."
    )
    model_price: Decimal | None = strawberry.field(
        description="The model's own price when the cap cut it back; applying it needs confirmLargerChange."
    )
    reason: PriceReason = strawberry.field(description="Why: the comparable products and their prices.")
    previous_price: Decimal = strawberry.field(description="The selling price when it was suggested.")
    source: PriceSource
    model: str = strawberry.field(description="The model that proposed it.")
    status: SuggestionStatus
    created_at: datetime
    decided_at: datetime | None
    product_pk: strawberry.Private[int]

    @strawberry.field(description="The product to be priced.")
    async def product(self, info: Info) -> ProductNode | None:
        row = await info.context.loaders.product.load(self.product_pk)
        return ProductNode.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: PriceSuggestion) -> PriceSuggestionNode:
        assert row.id is not None
        return cls(
            id=row.id,
            suggested_price=row.suggested_price,
            model_price=row.model_price,
            reason=_reason(row),
            previous_price=row.previous_price,
            source=PriceSource(row.source),
            model=row.model,
            status=SuggestionStatus(row.status),
            created_at=row.created_at,
            decided_at=row.decided_at,
            product_pk=row.product_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[PriceSuggestionNode | None]:
        user = await info.context.user()
        if user is None or not has_perm(user.role, Perm.MANAGE_PRODUCTS):
            return [None for _ in node_ids]
        session = await info.context.session()
        rows = [await session.get(PriceSuggestion, pk) for pk in node_pks(node_ids)]
        return [cls.from_row(row) if row else None for row in rows]


def _reason(row: PriceSuggestion) -> PriceReason:
    reason = reason_of(row)
    return PriceReason(
        summary=reason.summary,
        comparables=[PriceComparable.of(c) for c in reason.comparables],
        comparables_price=reason.comparables_price,
        capped=reason.capped,
    )


@strawberry.type
class PriceSuggestionEdge:
    cursor: str
    node: PriceSuggestionNode


@strawberry.type(description="A page of price suggestions, newest first.")
class PriceSuggestionConnection:
    edges: list[PriceSuggestionEdge]
    page_info: PageInfo


@strawberry.type(description="The suggestion that was decided.")
class PriceSuggestionPayload:
    suggestion: PriceSuggestionNode | None
    errors: list[PricingError]


@strawberry.type(description="The suggestions that were accepted.")
class PriceSuggestionsPayload:
    suggestions: list[PriceSuggestionNode]
    errors: list[PricingError]


@strawberry.type
class PricingQuery:
    @strawberry.field(
        description="Price suggestions, newest first.", extensions=requires(Perm.MANAGE_PRODUCTS)
    )
    async def price_suggestions(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: Annotated[str | None, strawberry.argument(description="An end cursor.")] = None,
        status: Annotated[
            SuggestionStatus | None, strawberry.argument(description="Only these; default: all.")
        ] = None,
    ) -> PriceSuggestionConnection:
        page = await pricing.list_suggestions(
            await info.context.session(), status, page_request(first, after)
        )
        return PriceSuggestionConnection(
            edges=edges(
                page, PriceSuggestionNode.from_row, lambda c, n: PriceSuggestionEdge(cursor=c, node=n)
            ),
            page_info=page_info(page),
        )


CONFIRM_DESCRIPTION = (
    "Apply a change larger than the cap (MALL_PRICING_MAX_CHANGE) of the product's current price; "
    "without it such a change is refused with CHANGE_TOO_LARGE."
)


async def _accept(
    info: Info, ids: list[int], confirm: bool, price: Decimal | None = None
) -> list[PriceSuggestion]:
    user = await info.context.user()
    assert user is not None
    assert user.id is not None
    return await pricing.accept_suggestions(
        await info.context.session(),
        ids,
        user.id,
        info.context.settings.pricing_max_change,
        confirm_larger_change=confirm,
        price=price,
    )


@strawberry.type
class PricingMutation:
    @strawberry.mutation(
        description="Accept a suggestion: it becomes the product's selling price.",
        extensions=requires(Perm.MANAGE_PRODUCTS),
    )
    async def accept_price_suggestion(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The suggestion.")],
        price: Annotated[
            Decimal | None,
            strawberry.argument(
                description="Set this price instead of the suggested one (e.g. its modelPrice), USD."
            ),
        ] = None,
        confirm_larger_change: Annotated[bool, strawberry.argument(description=CONFIRM_DESCRIPTION)] = False,
    ) -> PriceSuggestionPayload:
        try:
            [row] = await _accept(info, [node_pk(id, "PriceSuggestion")], confirm_larger_change, price)
        except DomainError as exc:
            return PriceSuggestionPayload(suggestion=None, errors=errors_of(PricingError, exc))
        return PriceSuggestionPayload(suggestion=PriceSuggestionNode.from_row(row), errors=[])

    @strawberry.mutation(
        description=f"Accept up to {MAX_BULK} suggestions at once, all or none.",
        extensions=requires(Perm.MANAGE_PRODUCTS),
    )
    async def accept_price_suggestions(
        self,
        info: Info,
        ids: Annotated[list[relay.GlobalID], strawberry.argument(description=f"At most {MAX_BULK}.")],
        confirm_larger_change: Annotated[bool, strawberry.argument(description=CONFIRM_DESCRIPTION)] = False,
    ) -> PriceSuggestionsPayload:
        try:
            rows = await _accept(info, [node_pk(i, "PriceSuggestion") for i in ids], confirm_larger_change)
        except DomainError as exc:
            return PriceSuggestionsPayload(suggestions=[], errors=errors_of(PricingError, exc))
        return PriceSuggestionsPayload(suggestions=[PriceSuggestionNode.from_row(r) for r in rows], errors=[])

    @strawberry.mutation(
        description="Reject a suggestion; the price stays as it is.",
        extensions=requires(Perm.MANAGE_PRODUCTS),
    )
    async def reject_price_suggestion(self, info: Info, id: relay.GlobalID) -> PriceSuggestionPayload:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        try:
            row = await pricing.reject_suggestion(
                await info.context.session(), node_pk(id, "PriceSuggestion"), user.id
            )
        except DomainError as exc:
            return PriceSuggestionPayload(suggestion=None, errors=errors_of(PricingError, exc))
        return PriceSuggestionPayload(suggestion=PriceSuggestionNode.from_row(row), errors=[])
