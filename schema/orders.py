"""Orders in GraphQL: checkout, payment, cancelling, history; admins list, ship and close."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay

from db.tables import Order, OrderItem, OrderStatus, PaymentMethod
from resolvers import orders
from resolvers.errors import DomainError
from resolvers.orders import OrderErrorCode, OrderFilter, PlaceOrder
from resolvers.paging import Page
from resolvers.permissions import Perm, has_perm
from schema.accounts import UserNode
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
    public,
)
from schema.permissions import login_required, requires
from schema.scalars import node_pks

strawberry.enum(OrderErrorCode, name="OrderErrorCode")
strawberry.enum(OrderStatus, name="OrderStatus")
strawberry.enum(PaymentMethod, name="PaymentMethod")

MAX_CART_ITEMS = 100


@strawberry.type(description="A user mistake, or an order in the wrong state, in an order operation.")
class OrderError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: OrderErrorCode
    message: str


@strawberry.type(description="Where the order goes: a copy of the address taken at checkout.")
class ShippingAddress:
    name: str
    phone: str
    province: str
    city: str
    district: str
    detail: str


@strawberry.type(name="OrderItem", description="A line of an order, as it was at checkout.")
class OrderItemType:
    product_id: relay.GlobalID
    product_name: str
    product_image: str | None
    unit_price: Decimal
    quantity: int
    line_total: Decimal

    @classmethod
    def from_row(cls, row: OrderItem) -> OrderItemType:
        return cls(
            product_id=relay.GlobalID("Product", str(row.product_id)),
            product_name=row.product_name,
            product_image=row.product_image,
            unit_price=row.unit_price,
            quantity=row.quantity,
            line_total=row.line_total,
        )


@strawberry.type(name="Order", description="An order: its items, money, address and where it stands.")
class OrderNode(relay.Node):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="The order number to quote to support.")
    status: OrderStatus
    subtotal: Decimal
    discount: Decimal = strawberry.field(description="What the coupon took off.")
    total: Decimal = strawberry.field(description="What is paid: subtotal - discount.")
    coupon_code: str | None
    shipping_address: ShippingAddress
    payment_method: PaymentMethod | None
    tracking_note: str | None = strawberry.field(description="Set when the order ships.")
    close_reason: str | None = strawberry.field(description="Why it was cancelled or closed.")
    created_at: datetime
    paid_at: datetime | None
    shipped_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None = strawberry.field(description="When it was cancelled or closed.")
    user_pk: strawberry.Private[int]

    @strawberry.field(description="What was ordered.")
    async def items(self, info: Info) -> list[OrderItemType]:
        rows = await info.context.loaders.order_items.load(self.id)
        return [OrderItemType.from_row(row) for row in rows]

    @strawberry.field(description="Who ordered.")
    async def user(self, info: Info) -> UserNode | None:
        row = await info.context.loaders.user.load(self.user_pk)
        return UserNode.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: Order) -> OrderNode:
        assert row.id is not None
        return cls(
            id=row.id,
            number=row.number,
            status=row.status,
            subtotal=row.subtotal,
            discount=row.discount,
            total=row.total,
            coupon_code=row.coupon_code,
            shipping_address=ShippingAddress(
                name=row.ship_name,
                phone=row.ship_phone,
                province=row.ship_province,
                city=row.ship_city,
                district=row.ship_district,
                detail=row.ship_detail,
            ),
            payment_method=row.payment_method,
            tracking_note=row.tracking_note,
            close_reason=row.close_reason,
            created_at=row.created_at,
            paid_at=row.paid_at,
            shipped_at=row.shipped_at,
            completed_at=row.completed_at,
            closed_at=row.closed_at,
            user_pk=row.user_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[OrderNode | None]:
        # the owner sees their orders; order managers see all; anyone else sees nothing
        viewer = await info.context.user()
        if viewer is None:
            return [None for _ in node_ids]
        manager = has_perm(viewer.role, Perm.MANAGE_ORDERS)
        rows = await info.context.loaders.order.load_many(node_pks(node_ids))
        return [cls.from_row(row) if row and (manager or row.user_id == viewer.id) else None for row in rows]


@strawberry.type
class OrderEdge:
    cursor: str
    node: OrderNode


@strawberry.type(description="A page of orders, newest first.")
class OrderConnection:
    edges: list[OrderEdge]
    page_info: PageInfo


def order_connection(page: Page[Order]) -> OrderConnection:
    return OrderConnection(
        edges=edges(page, OrderNode.from_row, lambda c, n: OrderEdge(cursor=c, node=n)),
        page_info=page_info(page),
    )


@strawberry.input(description="Check out cart lines to one address.")
class PlaceOrderInput:
    cart_item_ids: list[relay.GlobalID] = strawberry.field(description="Lines of your cart, 1 to 100.")
    address_id: relay.GlobalID = strawberry.field(
        description="One of your addresses; the order keeps a copy."
    )
    idempotency_key: str = strawberry.field(
        description="1 to 64 characters, one per checkout attempt: sent again, it returns the same order."
    )
    coupon_code: str | None = strawberry.field(default=None, description="One of your coupons.")
    accept_price_changes: bool = strawberry.field(
        default=False,
        description="Order lines whose price rose since they were added at the new price; without it "
        "such a line answers PRICE_CHANGED with both prices, for the shopper to confirm.",
    )


@strawberry.input(description="Pay a pending order.")
class PayOrderInput:
    order_id: relay.GlobalID
    method: PaymentMethod
    card_number: str | None = strawberry.field(
        default=None, description="For MOCK_CARD. 4000 0000 0000 0002 is always declined (a test card)."
    )


@strawberry.input(description="Narrow the admin's order list.")
class OrderFilterInput:
    status: OrderStatus | None = None
    user_id: relay.GlobalID | None = None
    created_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    created_until: datetime | None = strawberry.field(default=None, description="Exclusive.")

    def to_filter(self) -> OrderFilter:
        return OrderFilter(
            user_id=node_pk(self.user_id, "User") if self.user_id else None,
            status=OrderStatus(self.status) if self.status else None,
            created_from=self.created_from,
            created_until=self.created_until,
        )


@strawberry.type(description="The order that was placed or changed.")
class OrderPayload:
    order: OrderNode | None
    errors: list[OrderError]


def _failed(exc: DomainError) -> OrderPayload:
    return OrderPayload(order=None, errors=errors_of(OrderError, exc))


def _done(row: Order) -> OrderPayload:
    return OrderPayload(order=OrderNode.from_row(row), errors=[])


async def _user_id(info: Info) -> int:
    user = await info.context.user()
    assert user is not None
    assert user.id is not None
    return user.id


@strawberry.type
class OrderQuery:
    @strawberry.field(description="Your orders, newest first.", extensions=login_required())
    async def my_orders(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 10,
        after: str | None = None,
        status: OrderStatus | None = None,
    ) -> OrderConnection:
        filter_ = OrderFilter(user_id=await _user_id(info), status=OrderStatus(status) if status else None)
        page = await orders.list_orders(await info.context.session(), filter_, page_request(first, after))
        return order_connection(page)

    @strawberry.field(
        description="One of your orders (any order, for order managers); null if not yours.",
        extensions=login_required(),
    )
    async def order(self, info: Info, id: relay.GlobalID) -> OrderNode | None:
        viewer = await info.context.user()
        assert viewer is not None
        row = await orders.get_order_for(await info.context.session(), viewer, node_pk(id, "Order"))
        return OrderNode.from_row(row) if row else None

    @strawberry.field(
        description="All orders, filtered, newest first.", extensions=requires(Perm.MANAGE_ORDERS)
    )
    async def admin_orders(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: str | None = None,
        filter: OrderFilterInput | None = None,
    ) -> OrderConnection:
        try:
            page = await orders.list_orders(
                await info.context.session(),
                (filter or OrderFilterInput()).to_filter(),
                page_request(first, after),
            )
        except DomainError as exc:
            raise public(exc) from exc
        return order_connection(page)


@strawberry.type
class OrderMutation:
    @strawberry.mutation(
        description="Order cart lines: stock is reserved at once; pay before the unpaid deadline.",
        extensions=login_required(),
    )
    async def place_order(self, info: Info, input: PlaceOrderInput) -> OrderPayload:
        if len(input.cart_item_ids) > MAX_CART_ITEMS:
            raise PublicError(f"at most {MAX_CART_ITEMS} cart items", field="cartItemIds")
        command = PlaceOrder(
            cart_item_ids=[node_pk(i, "CartItem") for i in input.cart_item_ids],
            address_id=node_pk(input.address_id, "Address"),
            idempotency_key=input.idempotency_key,
            coupon_code=input.coupon_code,
            accept_price_changes=input.accept_price_changes,
        )
        try:
            row = await orders.place_order(await info.context.session(), await _user_id(info), command)
        except DomainError as exc:
            return _failed(exc)
        return _done(row)

    @strawberry.mutation(description="Pay one of your pending orders.", extensions=login_required())
    async def pay_order(self, info: Info, input: PayOrderInput) -> OrderPayload:
        try:
            row = await orders.pay_order(
                await info.context.session(),
                info.context.services.payments,
                await _user_id(info),
                node_pk(input.order_id, "Order"),
                PaymentMethod(input.method),
                input.card_number,
            )
        except DomainError as exc:
            return _failed(exc)
        return _done(row)

    @strawberry.mutation(
        description="Cancel one of your orders before it ships; stock, coupon or money go back.",
        extensions=login_required(),
    )
    async def cancel_order(self, info: Info, order_id: relay.GlobalID) -> OrderPayload:
        try:
            row = await orders.cancel_order(
                await info.context.session(),
                info.context.services.payments,
                await _user_id(info),
                node_pk(order_id, "Order"),
            )
        except DomainError as exc:
            return _failed(exc)
        return _done(row)

    @strawberry.mutation(
        description="Confirm one of your shipped orders arrived.", extensions=login_required()
    )
    async def confirm_order_received(self, info: Info, order_id: relay.GlobalID) -> OrderPayload:
        try:
            row = await orders.confirm_delivery(
                await info.context.session(), await _user_id(info), node_pk(order_id, "Order")
            )
        except DomainError as exc:
            return _failed(exc)
        return _done(row)

    @strawberry.mutation(description="Ship a paid order.", extensions=requires(Perm.MANAGE_ORDERS))
    async def ship_order(
        self,
        info: Info,
        order_id: relay.GlobalID,
        tracking_note: Annotated[str, strawberry.argument(description="Carrier and number, 1 to 200.")],
    ) -> OrderPayload:
        try:
            row = await orders.ship_order(
                await info.context.session(), node_pk(order_id, "Order"), tracking_note
            )
        except DomainError as exc:
            return _failed(exc)
        return _done(row)

    @strawberry.mutation(
        description="Close an order before it ships; stock, coupon or money go back.",
        extensions=requires(Perm.MANAGE_ORDERS),
    )
    async def close_order(
        self,
        info: Info,
        order_id: relay.GlobalID,
        reason: Annotated[str, strawberry.argument(description="Shown to the buyer, 1 to 200.")],
    ) -> OrderPayload:
        try:
            row = await orders.close_order(
                await info.context.session(),
                info.context.services.payments,
                node_pk(order_id, "Order"),
                reason,
            )
        except DomainError as exc:
            return _failed(exc)
        return _done(row)
