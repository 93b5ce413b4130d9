"""The root types: every domain's Query and Mutation merged, with the limits the settings ask for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.tools import merge_types

from api.observability import OperationLabels, OperationMetrics
from api.persisted_queries import AllowList
from config.settings import Settings
from schema.accounts import AccountMutation, AccountQuery
from schema.addresses import AddressMutation, AddressQuery
from schema.cart import CartMutation, CartQuery
from schema.catalog import CatalogMutation, CatalogQuery
from schema.coupons import CouponMutation, CouponQuery
from schema.extensions import CloseSession, MallSchema, PublicErrors
from schema.gate import GateRules, OperationGate
from schema.jobs import JobMutation, JobQuery, JobSubscription
from schema.loans import LoanMutation, LoanQuery
from schema.orders import OrderMutation, OrderQuery
from schema.pricing import PricingMutation, PricingQuery
from schema.recommend import RecommendMutation, RecommendQuery
from schema.reviews import ReviewMutation
from schema.scalars import FINITE_DECIMAL
from schema.search import AssistantMutation, AssistantQuery, SearchQuery
from schema.tags import TagQuery
from schema.wallet import WalletQuery

QUERIES: tuple[type, ...] = (
    AccountQuery,
    CatalogQuery,
    CartQuery,
    AddressQuery,
    OrderQuery,
    CouponQuery,
    WalletQuery,
    RecommendQuery,
    JobQuery,
    PricingQuery,
    SearchQuery,
    AssistantQuery,
    LoanQuery,
    TagQuery,
)
SUBSCRIPTIONS: tuple[type, ...] = (JobSubscription,)
MUTATIONS: tuple[type, ...] = (
    AccountMutation,
    CatalogMutation,
    ReviewMutation,
    CartMutation,
    AddressMutation,
    OrderMutation,
    CouponMutation,
    RecommendMutation,
    JobMutation,
    PricingMutation,
    AssistantMutation,
    LoanMutation,
)


def _node_query() -> type:
    """A fresh class per schema: relay.node() binds its field to the first schema built with it."""

    @strawberry.type
    class NodeQuery:
        node: relay.Node | None = relay.node(description="Any object by its global ID.")

    return NodeQuery


def build_schema(settings: Settings, allow_list: AllowList | None = None) -> strawberry.Schema:
    gate = GateRules.build(
        max_tokens=settings.max_query_tokens,
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_cost=settings.max_query_cost,
        production=settings.is_production,
        allow_list=allow_list,
        enforce_allow_list=settings.enforces_persisted_queries,
    )
    labels = OperationLabels(allow_list.operation_names() if allow_list else None)
    # factories, not instances: extensions keep per-request state (the cost, for one)
    extensions: list[Any] = [
        CloseSession,
        lambda: OperationMetrics(labels),
        lambda: OperationGate(gate),
        lambda: PublicErrors(hide_suggestions=settings.is_production),
    ]
    return MallSchema(
        query=merge_types("Query", (_node_query(), *QUERIES)),
        mutation=merge_types("Mutation", MUTATIONS),
        subscription=merge_types("Subscription", SUBSCRIPTIONS) if SUBSCRIPTIONS else None,
        extensions=extensions,
        scalar_overrides={Decimal: FINITE_DECIMAL},
    )


def schema_sdl() -> str:
    """The schema as SDL, for schema.graphql (the frontend's types are generated from it)."""
    return build_schema(Settings()).as_str() + "\n"
