"""Coupons in GraphQL: your coupons; admins create templates and grant coupons."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay

from db.tables import CouponKind, CouponStatus, CouponTemplate, UserCoupon
from db.types import utcnow
from resolvers import coupons
from resolvers.coupons import CouponErrorCode, TemplateFields
from resolvers.errors import DomainError
from resolvers.permissions import Perm
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
from schema.permissions import login_required, requires
from schema.scalars import node_pks

strawberry.enum(CouponErrorCode, name="CouponErrorCode")
strawberry.enum(CouponKind, name="CouponKind")
strawberry.enum(CouponStatus, name="CouponStatus")

__all__ = ["CouponErrorCode"]


@strawberry.type(description="A user mistake in a coupon operation.")
class CouponError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: CouponErrorCode
    message: str


@strawberry.type(name="CouponTemplate", description="What a kind of coupon gives, and to how many.")
class CouponTemplateNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    kind: CouponKind
    value: Decimal = strawberry.field(description="An amount off (FIXED) or a percentage off (PERCENT).")
    min_spend: Decimal = strawberry.field(description="The covered lines must cost at least this.")
    valid_from: datetime
    valid_until: datetime
    total_quantity: int
    granted: int = strawberry.field(description="How many have been granted so far.")
    per_user_limit: int
    category_pk: strawberry.Private[int | None]

    @strawberry.field(description="Only lines in this category's subtree count; null for all.")
    def category_id(self) -> relay.GlobalID | None:
        return to_global_id("Category", self.category_pk) if self.category_pk else None

    @classmethod
    def from_row(cls, row: CouponTemplate) -> CouponTemplateNode:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            kind=row.kind,
            value=row.value,
            min_spend=row.min_spend,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            total_quantity=row.total_quantity,
            granted=row.granted,
            per_user_limit=row.per_user_limit,
            category_pk=row.category_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[CouponTemplateNode | None]:
        rows = await info.context.loaders.coupon_template.load_many(node_pks(node_ids))
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type(name="Coupon", description="A coupon you hold: give its code at checkout.")
class CouponType:
    code: str
    status: CouponStatus = strawberry.field(description="EXPIRED once its template's window has passed.")
    granted_at: datetime
    used_at: datetime | None
    template_pk: strawberry.Private[int]

    @strawberry.field(description="What the coupon gives.")
    async def template(self, info: Info) -> CouponTemplateNode:
        row = await info.context.loaders.coupon_template.load(self.template_pk)
        assert row is not None  # a foreign key guarantees it
        return CouponTemplateNode.from_row(row)

    @classmethod
    def from_row(cls, row: UserCoupon, status: CouponStatus) -> CouponType:
        return cls(
            code=row.code,
            status=status,
            granted_at=row.granted_at,
            used_at=row.used_at,
            template_pk=row.template_id,
        )


@strawberry.type
class CouponTemplateEdge:
    cursor: str
    node: CouponTemplateNode


@strawberry.type(description="A page of coupon templates.")
class CouponTemplateConnection:
    edges: list[CouponTemplateEdge]
    page_info: PageInfo


@strawberry.input(description="A new coupon template.")
class CouponTemplateInput:
    name: str = strawberry.field(description="1 to 100 characters.")
    kind: CouponKind
    value: Decimal = strawberry.field(description="Amount off, or percentage off (at most 100).")
    valid_from: datetime = strawberry.field(description="With a time zone.")
    valid_until: datetime = strawberry.field(description="With a time zone, after validFrom.")
    total_quantity: int = strawberry.field(description="How many may ever be granted, 1 to 1,000,000.")
    min_spend: Decimal = strawberry.field(default=Decimal("0.00"), description="0 for none.")
    per_user_limit: int = strawberry.field(default=1, description="How many one user may hold.")
    category_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Limit the coupon to this category's subtree."
    )

    def to_fields(self) -> TemplateFields:
        return TemplateFields(
            name=self.name,
            kind=CouponKind(self.kind),
            value=self.value,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            total_quantity=self.total_quantity,
            min_spend=self.min_spend,
            per_user_limit=self.per_user_limit,
            category_id=node_pk(self.category_id, "Category") if self.category_id else None,
        )


@strawberry.type(description="The template that was created.")
class CouponTemplatePayload:
    template: CouponTemplateNode | None
    errors: list[CouponError]


@strawberry.type(description="The coupon that was granted.")
class GrantCouponPayload:
    coupon: CouponType | None
    errors: list[CouponError]


@strawberry.type
class CouponQuery:
    @strawberry.field(description="Your coupons, newest first (at most 200).", extensions=login_required())
    async def my_coupons(self, info: Info, status: CouponStatus | None = None) -> list[CouponType]:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        session = await info.context.session()
        now = utcnow()
        rows = await coupons.list_user_coupons(
            session, user.id, CouponStatus(status) if status else None, now
        )
        templates = await info.context.loaders.coupon_template.load_many([row.template_id for row in rows])
        return [
            CouponType.from_row(row, coupons.effective_status(row, template, now))
            for row, template in zip(rows, templates, strict=True)
            if template is not None
        ]

    @strawberry.field(description="Coupon templates, newest first.", extensions=requires(Perm.MANAGE_ORDERS))
    async def coupon_templates(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: str | None = None,
    ) -> CouponTemplateConnection:
        page = await coupons.list_templates(await info.context.session(), page_request(first, after))
        return CouponTemplateConnection(
            edges=edges(page, CouponTemplateNode.from_row, lambda c, n: CouponTemplateEdge(cursor=c, node=n)),
            page_info=page_info(page),
        )


@strawberry.type
class CouponMutation:
    @strawberry.mutation(description="Create a coupon template.", extensions=requires(Perm.MANAGE_ORDERS))
    async def create_coupon_template(self, info: Info, input: CouponTemplateInput) -> CouponTemplatePayload:
        try:
            row = await coupons.create_template(await info.context.session(), input.to_fields())
        except DomainError as exc:
            return CouponTemplatePayload(template=None, errors=errors_of(CouponError, exc))
        return CouponTemplatePayload(template=CouponTemplateNode.from_row(row), errors=[])

    @strawberry.mutation(description="Grant a coupon to a user.", extensions=requires(Perm.MANAGE_ORDERS))
    async def grant_coupon(
        self, info: Info, template_id: relay.GlobalID, user_id: relay.GlobalID
    ) -> GrantCouponPayload:
        try:
            row = await coupons.grant_coupon(
                await info.context.session(), node_pk(template_id, "CouponTemplate"), node_pk(user_id, "User")
            )
        except DomainError as exc:
            return GrantCouponPayload(coupon=None, errors=errors_of(CouponError, exc))
        return GrantCouponPayload(coupon=CouponType.from_row(row, CouponStatus.AVAILABLE), errors=[])
