"""The cart in GraphQL: lines priced now with stale ones flagged, and adding, changing, removing."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

from resolvers import cart
from resolvers.cart import CartErrorCode, CartIssue
from resolvers.errors import DomainError
from schema.base import Info, PublicError, errors_of, node_pk, to_global_id
from schema.catalog import ProductNode
from schema.coupons import CouponErrorCode
from schema.permissions import login_required

strawberry.enum(CartErrorCode, name="CartErrorCode")
strawberry.enum(CartIssue, name="CartLineIssue")

MAX_IDS = 100


@strawberry.type(description="A user mistake in a cart operation.")
class CartError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: CartErrorCode
    message: str


@strawberry.type(description="Why a coupon code gives no discount on this cart.")
class CartCouponProblem:
    code: CouponErrorCode
    message: str


@strawberry.type(name="CartLine", description="A product in the cart, priced now.")
class CartLineType:
    id: relay.GlobalID = strawberry.field(description="A CartItem ID, what placeOrder takes.")
    product: ProductNode
    quantity: int
    unit_price: Decimal = strawberry.field(description="The product's price now.")
    seen_price: Decimal = strawberry.field(description="The price when the line was added or last changed.")
    line_total: Decimal = strawberry.field(description="unitPrice x quantity.")
    issues: list[CartIssue] = strawberry.field(
        description="What went stale since the line was added; empty when all is well."
    )
    orderable: bool = strawberry.field(description="False while off sale or short of stock.")

    @classmethod
    def from_line(cls, line: cart.CartLine) -> CartLineType:
        return cls(
            id=to_global_id("CartItem", line.item.id),
            product=ProductNode.from_row(line.product),
            quantity=line.item.quantity,
            unit_price=line.unit_price,
            seen_price=line.item.seen_price,
            line_total=line.line_total,
            issues=line.issues,
            orderable=line.orderable,
        )


@strawberry.type(name="Cart", description="Your cart. Totals count only the lines that can be ordered now.")
class CartType:
    lines: list[CartLineType]
    item_count: int = strawberry.field(description="Units in the cart, orderable or not.")
    subtotal: Decimal
    discount: Decimal = strawberry.field(description="What the coupon code asked about would take off.")
    total: Decimal
    coupon_code: str | None
    coupon_problem: CartCouponProblem | None = strawberry.field(
        description="Why the coupon code gives no discount, if it does not."
    )

    @classmethod
    def from_cart(cls, value: cart.Cart) -> CartType:
        problem = None
        if value.coupon_problem is not None:
            first = value.coupon_problem.errors[0]
            problem = CartCouponProblem(code=CouponErrorCode(first.code), message=first.message)
        return cls(
            lines=[CartLineType.from_line(line) for line in value.lines],
            item_count=value.item_count,
            subtotal=value.subtotal,
            discount=value.discount,
            total=value.total,
            coupon_code=value.coupon_code,
            coupon_problem=problem,
        )


@strawberry.type(description="Your cart after the change.")
class CartPayload:
    cart: CartType | None
    errors: list[CartError]


@strawberry.input(description="A product to put in the cart.")
class AddToCartInput:
    product_id: relay.GlobalID
    quantity: int = strawberry.field(
        default=1, description="1 to 99; added to the line if the product is in the cart already."
    )


async def _user_id(info: Info) -> int:
    user = await info.context.user()
    assert user is not None
    assert user.id is not None
    return user.id


async def _cart_payload(info: Info, user_id: int) -> CartPayload:
    value = await cart.get_cart(await info.context.session(), user_id)
    return CartPayload(cart=CartType.from_cart(value), errors=[])


def _failed(exc: DomainError) -> CartPayload:
    return CartPayload(cart=None, errors=errors_of(CartError, exc))


@strawberry.type
class CartQuery:
    @strawberry.field(description="Your cart, priced now.", extensions=login_required())
    async def cart(
        self,
        info: Info,
        coupon_code: Annotated[
            str | None, strawberry.argument(description="Preview the discount of one of your coupons.")
        ] = None,
    ) -> CartType:
        value = await cart.get_cart(await info.context.session(), await _user_id(info), coupon_code)
        return CartType.from_cart(value)


@strawberry.type
class CartMutation:
    @strawberry.mutation(description="Put a product in your cart.", extensions=login_required())
    async def add_to_cart(self, info: Info, input: AddToCartInput) -> CartPayload:
        user_id = await _user_id(info)
        try:
            await cart.add_to_cart(
                await info.context.session(), user_id, node_pk(input.product_id, "Product"), input.quantity
            )
        except DomainError as exc:
            return _failed(exc)
        return await _cart_payload(info, user_id)

    @strawberry.mutation(description="Set how many of a cart line you want.", extensions=login_required())
    async def update_cart_item(
        self,
        info: Info,
        item_id: relay.GlobalID,
        quantity: Annotated[int, strawberry.argument(description="1 to 99.")],
    ) -> CartPayload:
        user_id = await _user_id(info)
        try:
            await cart.set_quantity(
                await info.context.session(), user_id, node_pk(item_id, "CartItem"), quantity
            )
        except DomainError as exc:
            return _failed(exc)
        return await _cart_payload(info, user_id)

    @strawberry.mutation(description="Remove lines from your cart.", extensions=login_required())
    async def remove_cart_items(
        self,
        info: Info,
        item_ids: Annotated[list[relay.GlobalID], strawberry.argument(description="At most 100.")],
    ) -> CartPayload:
        if len(item_ids) > MAX_IDS:
            raise PublicError(f"at most {MAX_IDS} items", field="itemIds")
        user_id = await _user_id(info)
        try:
            await cart.remove_items(
                await info.context.session(), user_id, [node_pk(i, "CartItem") for i in item_ids]
            )
        except DomainError as exc:
            return _failed(exc)
        return await _cart_payload(info, user_id)

    @strawberry.mutation(description="Empty your cart.", extensions=login_required())
    async def clear_cart(self, info: Info) -> CartPayload:
        user_id = await _user_id(info)
        await cart.clear_cart(await info.context.session(), user_id)
        return await _cart_payload(info, user_id)
