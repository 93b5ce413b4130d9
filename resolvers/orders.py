"""Orders: checkout without oversell, payment, the order life cycle, history and admin listing.

Life cycle: pending_payment -> paid -> shipped -> completed; cancelled by the owner before
shipping, closed by an admin before shipping, or closed automatically when left unpaid.
Every change of status is one conditional UPDATE on the expected status, so two concurrent
transitions of one order never both succeed; ending an order returns its stock (and, if it was
unpaid, its coupon; if it was paid, the money).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import (
    Address,
    CartItem,
    CouponStatus,
    LedgerKind,
    Order,
    OrderItem,
    OrderStatus,
    PaymentMethod,
    Product,
    User,
    UserCoupon,
)
from db.transaction import with_lock_retries
from db.types import CENT, utcnow
from resolvers import coupons, wallet
from resolvers.errors import Collector, DomainError
from resolvers.paging import Page, PageRequest
from resolvers.payments import CardGateway
from resolvers.permissions import Perm, has_perm

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_ORDER_LINES = 100
IDEMPOTENCY_KEY_MAX = 64
ENDABLE = (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID)
SNAPSHOT_FIELDS = ("name", "phone", "province", "city", "district", "detail")


class OrderErrorCode(StrEnum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    PRODUCT_UNAVAILABLE = "product_unavailable"
    OUT_OF_STOCK = "out_of_stock"
    CART_CHANGED = "cart_changed"
    PRICE_CHANGED = "price_changed"
    COUPON_NOT_FOUND = "coupon_not_found"
    COUPON_EXPIRED = "coupon_expired"
    COUPON_NOT_YET_VALID = "coupon_not_yet_valid"
    COUPON_USED = "coupon_used"
    COUPON_MIN_SPEND_NOT_MET = "coupon_min_spend_not_met"
    COUPON_NOT_APPLICABLE = "coupon_not_applicable"
    ALREADY_PAID = "already_paid"
    INVALID_TRANSITION = "invalid_transition"
    PAYMENT_DECLINED = "payment_declined"
    INSUFFICIENT_BALANCE = "insufficient_balance"


@dataclass(frozen=True)
class PlaceOrder:
    cart_item_ids: list[int]
    address_id: int
    idempotency_key: str
    coupon_code: str | None = None
    # the shopper saw the new prices of lines that rose since they were added, and agrees
    accept_price_changes: bool = False


@dataclass(frozen=True)
class _Line:
    """A cart line as the order will record it."""

    product_id: int
    quantity: int
    name: str
    image: str | None
    unit_price: Decimal
    category_id: int

    @property
    def line_total(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(CENT)


@dataclass(frozen=True)
class OrderFilter:
    user_id: int | None = None
    status: OrderStatus | None = None
    created_from: datetime | None = None
    created_until: datetime | None = None


# ---- transactions that survive lock conflicts ----


# ---- reading ----


async def _order_by_key(session: AsyncSession, user_id: int, key: str) -> Order | None:
    result = await session.exec(
        select(Order)
        .where(Order.user_id == user_id, Order.idempotency_key == key)
        .execution_options(populate_existing=True)
    )
    return result.first()


async def _fresh(session: AsyncSession, order_id: int) -> Order | None:
    return await session.get(Order, order_id, populate_existing=True)


async def get_order_for(session: AsyncSession, viewer: User, order_id: int) -> Order | None:
    """The order if the viewer owns it or manages orders; None otherwise (no hint that it exists)."""
    order = await _fresh(session, order_id)
    if order is None or not (order.user_id == viewer.id or has_perm(viewer.role, Perm.MANAGE_ORDERS)):
        return None
    return order


async def _own_order(session: AsyncSession, user_id: int, order_id: int) -> Order:
    order = await _fresh(session, order_id)
    if order is None or order.user_id != user_id:
        raise DomainError.of(OrderErrorCode.NOT_FOUND, "no such order", "orderId")
    return order


async def _any_order(session: AsyncSession, order_id: int) -> Order:
    order = await _fresh(session, order_id)
    if order is None:
        raise DomainError.of(OrderErrorCode.NOT_FOUND, "no such order", "orderId")
    return order


async def list_orders(session: AsyncSession, filter_: OrderFilter, page: PageRequest) -> Page[Order]:
    """Newest first. The user's history passes their id; admins filter as they like."""
    if filter_.created_from and filter_.created_until and filter_.created_from > filter_.created_until:
        raise DomainError.of(OrderErrorCode.INVALID, "createdFrom is after createdUntil", "filter")
    query = select(Order)
    if filter_.user_id is not None:
        query = query.where(Order.user_id == filter_.user_id)
    if filter_.status is not None:
        query = query.where(Order.status == filter_.status)
    if filter_.created_from is not None:
        query = query.where(col(Order.created_at) >= filter_.created_from)
    if filter_.created_until is not None:
        query = query.where(col(Order.created_at) < filter_.created_until)
    rows = await session.exec(
        query.order_by(col(Order.created_at).desc(), col(Order.id).desc())
        .offset(page.offset)
        .limit(page.limit + 1)
        .execution_options(populate_existing=True)
    )
    return Page.from_overfetch(list(rows), page)


async def items_by_order_ids(session: AsyncSession, ids: Sequence[int]) -> list[list[OrderItem]]:
    rows = await session.exec(
        select(OrderItem).where(col(OrderItem.order_id).in_(ids)).order_by(col(OrderItem.id))
    )
    grouped: dict[int, list[OrderItem]] = {key: [] for key in ids}
    for row in rows:
        grouped[row.order_id].append(row)
    return [grouped[key] for key in ids]


async def orders_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Order | None]:
    rows = await session.exec(select(Order).where(col(Order.id).in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(key) for key in ids]


# ---- checkout ----


def _validate(command: PlaceOrder) -> None:
    errors = Collector()
    if not command.cart_item_ids:
        errors.add(OrderErrorCode.REQUIRED, "choose at least one cart item", "cartItemIds")
    elif len(command.cart_item_ids) > MAX_ORDER_LINES:
        errors.add(OrderErrorCode.INVALID, f"at most {MAX_ORDER_LINES} cart items", "cartItemIds")
    elif len(set(command.cart_item_ids)) != len(command.cart_item_ids):
        errors.add(OrderErrorCode.INVALID, "a cart item is listed twice", "cartItemIds")
    if not 1 <= len(command.idempotency_key) <= IDEMPOTENCY_KEY_MAX:
        errors.add(
            OrderErrorCode.INVALID,
            f"an idempotency key of 1 to {IDEMPOTENCY_KEY_MAX} characters",
            "idempotencyKey",
        )
    errors.raise_if_any()


def _coupon_error(exc: DomainError) -> DomainError:
    """A coupon's own error codes, as the checkout's (OrderErrorCode.COUPON_*)."""
    first = exc.errors[0]
    try:
        code = OrderErrorCode(f"coupon_{first.code}")
    except ValueError:
        code = OrderErrorCode.INVALID
    return DomainError.of(code, first.message, "couponCode")


def new_order_number(now: datetime) -> str:
    return f"{now:%Y%m%d}{secrets.token_hex(5).upper()}"


async def _reservation_failed(session: AsyncSession, line: _Line) -> DomainError:
    """Why the conditional UPDATE matched nothing: the price moved, or the stock ran out."""
    price = (await session.exec(select(col(Product.price)).where(col(Product.id) == line.product_id))).first()
    if price is not None and price != line.unit_price:
        return DomainError.of(
            OrderErrorCode.PRICE_CHANGED,
            f"{line.name} changed its price just now (to {price}): check your cart again",
            "cartItemIds",
        )
    return DomainError.of(OrderErrorCode.OUT_OF_STOCK, f"{line.name} sold out", "cartItemIds")


async def place_order(
    session: AsyncSession, user_id: int, command: PlaceOrder, *, now: datetime | None = None
) -> Order:
    """Creates an order from cart lines, reserving stock, using the coupon and emptying those lines.

    All of it is one transaction: any failure leaves no order, no reserved stock, the coupon
    unused and the cart as it was. Replaying an idempotency key returns the order it made.
    """
    _validate(command)
    now = now or utcnow()
    replay = await _order_by_key(session, user_id, command.idempotency_key)
    if replay is not None:
        return replay
    wanted = set(command.cart_item_ids)
    items = list(
        await session.exec(
            select(CartItem)
            .where(col(CartItem.id).in_(wanted), CartItem.user_id == user_id)
            .execution_options(populate_existing=True)
        )
    )
    if len(items) != len(wanted):
        raise DomainError.of(OrderErrorCode.NOT_FOUND, "a cart item is not in your cart", "cartItemIds")
    address = await session.get(Address, command.address_id)
    if address is None or address.user_id != user_id:
        raise DomainError.of(OrderErrorCode.NOT_FOUND, "no such address", "addressId")
    # price and stock as they are now, not as this session may have loaded them before
    fresh_products = await session.exec(
        select(Product)
        .where(col(Product.id).in_([item.product_id for item in items]))
        .execution_options(populate_existing=True)
    )
    products: dict[int, Product] = {product.id: product for product in fresh_products if product.id}
    errors = Collector()
    for item in items:
        product = products[item.product_id]
        if not product.on_sale:
            errors.add(OrderErrorCode.PRODUCT_UNAVAILABLE, f"{product.name} is not on sale", "cartItemIds")
        elif item.quantity > product.stock:
            errors.add(
                OrderErrorCode.OUT_OF_STOCK, f"only {product.stock} of {product.name} left", "cartItemIds"
            )
        elif product.price > item.seen_price and not command.accept_price_changes:
            errors.add(
                OrderErrorCode.PRICE_CHANGED,
                f"{product.name} now costs {product.price} (it was {item.seen_price} when you added it); "
                "confirm to order at the new price",
                "cartItemIds",
            )
    errors.raise_if_any()

    # plain values from here on: a rollback expires ORM objects, and a retry must not reload them
    lines = sorted(
        (
            _Line(
                product_id=item.product_id,
                quantity=item.quantity,
                name=products[item.product_id].name,
                image=products[item.product_id].cover_image
                or next(iter(products[item.product_id].images), None),
                unit_price=products[item.product_id].price,
                category_id=products[item.product_id].category_id,
            )
            for item in items
        ),
        key=lambda line: line.product_id,  # a stable lock order: no deadlock cycles
    )
    ship_to = {f"ship_{name}": getattr(address, name) for name in SNAPSHOT_FIELDS}
    subtotal = sum((line.line_total for line in lines), Decimal("0.00"))
    discount = Decimal("0.00")
    coupon_id: int | None = None
    coupon_code: str | None = None
    if command.coupon_code:
        try:
            coupon, template = await coupons.find_usable_coupon(session, user_id, command.coupon_code, now)
            discount = await coupons.discount_for(
                session, template, [coupons.PricedLine(line.category_id, line.line_total) for line in lines]
            )
        except DomainError as exc:
            raise _coupon_error(exc) from exc
        coupon_id, coupon_code = coupon.id, coupon.code

    async def reserve_and_record() -> Order:
        order = Order(
            number=new_order_number(now),
            user_id=user_id,
            idempotency_key=command.idempotency_key,
            subtotal=subtotal,
            discount=discount,
            total=(subtotal - discount).quantize(CENT),
            coupon_code=coupon_code,
            created_at=now,
            **ship_to,
        )
        # first, so that a concurrent replay of the key waits here and then fails cleanly
        session.add(order)
        await session.flush()
        assert order.id is not None
        for line in lines:
            reserved = await session.exec(
                update(Product)
                .where(
                    col(Product.id) == line.product_id,
                    col(Product.stock) >= line.quantity,
                    col(Product.on_sale).is_(True),
                    col(Product.price) == line.unit_price,  # the price the shopper was shown
                )
                .values(
                    stock=col(Product.stock) - line.quantity,
                    sales=col(Product.sales) + line.quantity,
                )
            )
            if reserved.rowcount != 1:
                raise await _reservation_failed(session, line)
        session.add_all(
            OrderItem(
                order_id=order.id,
                product_id=line.product_id,
                product_name=line.name,
                product_image=line.image,
                unit_price=line.unit_price,
                quantity=line.quantity,
                line_total=line.line_total,
            )
            for line in lines
        )
        if coupon_id is not None:
            used = await session.exec(
                update(UserCoupon)
                .where(col(UserCoupon.id) == coupon_id, col(UserCoupon.status) == CouponStatus.AVAILABLE)
                .values(status=CouponStatus.USED, order_id=order.id, used_at=now)
            )
            if used.rowcount != 1:
                raise DomainError.of(OrderErrorCode.COUPON_USED, "this coupon has been used", "couponCode")
        removed = await session.exec(
            delete(CartItem).where(col(CartItem.id).in_(wanted), col(CartItem.user_id) == user_id)
        )
        if removed.rowcount != len(wanted):  # another checkout took these lines first
            raise DomainError.of(
                OrderErrorCode.CART_CHANGED, "your cart changed, please retry", "cartItemIds"
            )
        await session.flush()
        return order

    try:
        return await with_lock_retries(session, reserve_and_record)
    except IntegrityError:
        # a concurrent request with the same key won the unique (user_id, idempotency_key)
        winner = await _order_by_key(session, user_id, command.idempotency_key)
        if winner is None:
            raise
        return winner


# ---- status changes ----


async def _transition(
    session: AsyncSession, order_id: int, expected: OrderStatus, to: OrderStatus, **values: Any
) -> None:
    """One conditional UPDATE; if the order is no longer in the expected state, a typed error."""
    changed = await session.exec(
        update(Order)
        .where(col(Order.id) == order_id, col(Order.status) == expected)
        .values(status=to, **values)
    )
    if changed.rowcount != 1:
        current = await session.exec(select(Order.status).where(Order.id == order_id))
        raise _illegal(OrderStatus(current.one()), to)


def _illegal(current: OrderStatus, to: OrderStatus) -> DomainError:
    if to == OrderStatus.PAID and current in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.COMPLETED):
        return DomainError.of(OrderErrorCode.ALREADY_PAID, "this order is already paid", "orderId")
    return DomainError.of(
        OrderErrorCode.INVALID_TRANSITION,
        f"a {current.value.replace('_', ' ')} order cannot become {to.value.replace('_', ' ')}",
        "orderId",
    )


def _require_status(order: Order, allowed: Sequence[OrderStatus], to: OrderStatus) -> OrderStatus:
    current = OrderStatus(order.status)
    if current not in allowed:
        raise _illegal(current, to)
    return current


async def pay_order(
    session: AsyncSession,
    gateway: CardGateway,
    user_id: int,
    order_id: int,
    method: PaymentMethod,
    card_number: str | None = None,
    *,
    now: datetime | None = None,
) -> Order:
    """Pays a pending order by card (charged first, refunded if the order changed meanwhile) or wallet."""
    now = now or utcnow()
    order = await _own_order(session, user_id, order_id)
    _require_status(order, [OrderStatus.PENDING_PAYMENT], OrderStatus.PAID)
    total, reference = order.total, f"order:{order.number}"  # plain values survive a rollback
    if method == PaymentMethod.WALLET:

        async def pay_from_wallet() -> None:
            await _transition(
                session,
                order_id,
                OrderStatus.PENDING_PAYMENT,
                OrderStatus.PAID,
                paid_at=now,
                payment_method=method,
                payment_reference=reference,
            )
            if total > 0:
                try:
                    await wallet.debit_wallet(session, user_id, total, LedgerKind.PAYMENT, reference)
                except DomainError as exc:
                    raise DomainError.of(
                        OrderErrorCode.INSUFFICIENT_BALANCE, "your wallet balance is too low", "method"
                    ) from exc

        await with_lock_retries(session, pay_from_wallet)
        return await _any_order(session, order_id)

    if not card_number:
        raise DomainError.of(OrderErrorCode.REQUIRED, "a card number is required", "cardNumber")
    charge_reference = reference
    if total > 0:
        charge = await gateway.charge(card_number, total, f"mall {reference}")
        if not charge.approved or charge.reference is None:
            raise DomainError.of(OrderErrorCode.PAYMENT_DECLINED, charge.message, "cardNumber")
        charge_reference = charge.reference
    try:
        await with_lock_retries(
            session,
            lambda: _transition(
                session,
                order_id,
                OrderStatus.PENDING_PAYMENT,
                OrderStatus.PAID,
                paid_at=now,
                payment_method=method,
                payment_reference=charge_reference,
            ),
        )
    except DomainError:
        if total > 0:  # paid twice at once, or closed meanwhile: give the money back
            await gateway.refund(charge_reference, total)
        raise
    return await _any_order(session, order_id)


@dataclass(frozen=True)
class _Ending:
    """What ending an order needs, read before its transaction (a rollback expires ORM objects)."""

    order_id: int
    user_id: int
    was: OrderStatus
    total: Decimal
    method: PaymentMethod | None
    payment_reference: str | None
    number: str
    returns: list[tuple[int, int]]  # (product_id, quantity), in product order


async def _end_order(
    session: AsyncSession,
    gateway: CardGateway | None,
    order: Order,
    to: OrderStatus,
    reason: str,
    now: datetime,
) -> Order:
    """Cancels or closes: returns the stock; an unpaid order's coupon, a paid order's money."""
    assert order.id is not None
    was = _require_status(order, ENDABLE, to)
    items = (await items_by_order_ids(session, [order.id]))[0]
    ending = _Ending(
        order_id=order.id,
        user_id=order.user_id,
        was=was,
        total=order.total,
        method=PaymentMethod(order.payment_method) if order.payment_method else None,
        payment_reference=order.payment_reference,
        number=order.number,
        returns=sorted((item.product_id, item.quantity) for item in items),
    )
    card_refund = was == OrderStatus.PAID and ending.method == PaymentMethod.MOCK_CARD and ending.total > 0
    if card_refund and gateway is None:
        raise DomainError.of(OrderErrorCode.INVALID_TRANSITION, "a card refund needs the gateway", "orderId")

    async def release() -> None:
        await _transition(session, ending.order_id, was, to, closed_at=now, close_reason=reason[:200])
        for product_id, quantity in ending.returns:
            await session.exec(
                update(Product)
                .where(col(Product.id) == product_id)
                .values(stock=col(Product.stock) + quantity, sales=col(Product.sales) - quantity)
            )
        if was == OrderStatus.PENDING_PAYMENT:
            await session.exec(
                update(UserCoupon)
                .where(
                    col(UserCoupon.order_id) == ending.order_id, col(UserCoupon.status) == CouponStatus.USED
                )
                .values(status=CouponStatus.AVAILABLE, order_id=None, used_at=None)
            )
        elif ending.method == PaymentMethod.WALLET and ending.total > 0:
            await wallet.credit_wallet(
                session, ending.user_id, ending.total, LedgerKind.REFUND, f"order:{ending.number}"
            )

    await with_lock_retries(session, release)
    if card_refund and gateway is not None and ending.payment_reference:
        # after the commit: the order is ended either way; a failed refund is for an operator
        try:
            await gateway.refund(ending.payment_reference, ending.total)
        except Exception:
            log.exception("card refund of order %s failed", ending.number)
    return await _any_order(session, ending.order_id)


async def cancel_order(
    session: AsyncSession, gateway: CardGateway, user_id: int, order_id: int, *, now: datetime | None = None
) -> Order:
    """The owner cancels before shipping."""
    order = await _own_order(session, user_id, order_id)
    return await _end_order(
        session, gateway, order, OrderStatus.CANCELLED, "cancelled by the buyer", now or utcnow()
    )


async def close_order(
    session: AsyncSession, gateway: CardGateway, order_id: int, reason: str, *, now: datetime | None = None
) -> Order:
    """An admin closes an order before shipping."""
    if not 1 <= len(reason.strip()) <= 200:
        raise DomainError.of(OrderErrorCode.INVALID, "a reason of 1 to 200 characters", "reason")
    order = await _any_order(session, order_id)
    return await _end_order(session, gateway, order, OrderStatus.CLOSED, reason.strip(), now or utcnow())


async def ship_order(
    session: AsyncSession, order_id: int, tracking_note: str, *, now: datetime | None = None
) -> Order:
    """An admin ships a paid order, with a tracking note for the buyer."""
    if not 1 <= len(tracking_note.strip()) <= 200:
        raise DomainError.of(OrderErrorCode.INVALID, "a tracking note of 1 to 200 characters", "trackingNote")
    order = await _any_order(session, order_id)
    _require_status(order, [OrderStatus.PAID], OrderStatus.SHIPPED)
    await with_lock_retries(
        session,
        lambda: _transition(
            session,
            order_id,
            OrderStatus.PAID,
            OrderStatus.SHIPPED,
            shipped_at=now or utcnow(),
            tracking_note=tracking_note.strip(),
        ),
    )
    return await _any_order(session, order_id)


async def confirm_delivery(
    session: AsyncSession, user_id: int, order_id: int, *, now: datetime | None = None
) -> Order:
    """The owner confirms a shipped order arrived: it is completed."""
    order = await _own_order(session, user_id, order_id)
    _require_status(order, [OrderStatus.SHIPPED], OrderStatus.COMPLETED)
    await with_lock_retries(
        session,
        lambda: _transition(
            session, order_id, OrderStatus.SHIPPED, OrderStatus.COMPLETED, completed_at=now or utcnow()
        ),
    )
    return await _any_order(session, order_id)


async def close_expired_orders(
    session: AsyncSession, now: datetime, older_than: timedelta, batch: int = 500
) -> int:
    """Closes orders left unpaid longer than older_than; returns how many it closed.

    Idempotent and safe beside a payment in flight: each order ends in its own conditional
    transition, so an order paid meanwhile is skipped. The embedded mall runs this on a timer;
    the job platform runs it as a cron job.
    """
    deadline = now - older_than
    ids = await session.exec(
        select(Order.id)
        .where(Order.status == OrderStatus.PENDING_PAYMENT, col(Order.created_at) < deadline)
        .order_by(col(Order.id))
        .limit(batch)
    )
    minutes = int(older_than.total_seconds() // 60)
    closed = 0
    for order_id in list(ids):
        assert order_id is not None
        order = await _fresh(session, order_id)
        if order is None or order.status != OrderStatus.PENDING_PAYMENT:
            continue
        try:
            await _end_order(session, None, order, OrderStatus.CLOSED, f"unpaid after {minutes} minutes", now)
        except DomainError:  # paid or cancelled meanwhile
            continue
        closed += 1
    return closed
