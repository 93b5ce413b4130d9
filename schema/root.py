"""The root types: every domain's Query and Mutation merged, with the limits the settings ask for."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from api.observability import OperationMetrics
from config.settings import Settings
from schema.accounts import AccountMutation, AccountQuery
from schema.addresses import AddressMutation, AddressQuery
from schema.cart import CartMutation, CartQuery
from schema.catalog import CatalogMutation, CatalogQuery
from schema.coupons import CouponMutation, CouponQuery
from schema.extensions import CloseSession, HideSuggestions, mask_internal_errors
from schema.jobs import JobMutation, JobQuery, JobSubscription
from schema.limits import QueryCostLimiter
from schema.loans import LoanMutation, LoanQuery
from schema.orders import OrderMutation, OrderQuery
from schema.pricing import PricingMutation, PricingQuery
from schema.recommend import RecommendMutation, RecommendQuery
from schema.reviews import ReviewMutation
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


def build_schema(settings: Settings) -> strawberry.Schema:
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    # factories, not instances: extensions keep per-request state (the cost, for one)
    extensions: list[Any] = [
        CloseSession,
        OperationMetrics,
        # storefronts send the same few documents over and over: parse and validate each once
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        # the same rule classes every request, so the validation cache can hit
        lambda: AddValidationRules(limit_rules),
        lambda: QueryCostLimiter(max_cost=settings.max_query_cost),
        mask_internal_errors,
    ]
    if settings.is_production:
        extensions += [DisableIntrospection, HideSuggestions]
    return strawberry.Schema(
        query=merge_types("Query", (_node_query(), *QUERIES)),
        mutation=merge_types("Mutation", MUTATIONS),
        subscription=merge_types("Subscription", SUBSCRIPTIONS) if SUBSCRIPTIONS else None,
        extensions=[*extensions],
    )


def schema_sdl() -> str:
    """The schema as SDL, for schema.graphql (the frontend's types are generated from it)."""
    return build_schema(Settings()).as_str() + "\n"
