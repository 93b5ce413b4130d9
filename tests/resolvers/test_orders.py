"""Checkout, payment and the order life cycle on the real stores (SQLite and MariaDB)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pymysql
import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from db.relational import RelationalStore
from db.tables import (
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
from db.transaction import transaction, with_lock_retries
from db.types import utcnow
from resolvers import coupons, orders, wallet
from resolvers.errors import DomainError
from resolvers.orders import OrderErrorCode, PlaceOrder
from resolvers.paging import PageRequest
from resolvers.payments import MockCardGateway
from tests.factories import (
    make_address,
    make_cart_item,
    make_coupon_template,
    make_leaf,
    make_product,
    make_user,
    pk,
)

GOOD_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"


async def _checkout(
    session: Any, user: User, quantity: int = 1, stock: int = 10, **product_fields: Any
) -> tuple[PlaceOrder, int]:
    """A cart line and an address ready to order; ids, not rows, as a rollback expires rows."""
    leaf = await make_leaf(session)
    product = await make_product(session, leaf, stock=stock, **product_fields)
    item = await make_cart_item(session, user, product, quantity)
    address = await make_address(session, user)
    assert item.id is not None
    assert address.id is not None
    assert product.id is not None
    return PlaceOrder(cart_item_ids=[pk(item)], address_id=pk(address), idempotency_key=uuid.uuid4().hex), pk(
        product
    )


async def _stock(session: Any, product_id: int | None) -> tuple[int, int]:
    product = await session.get(Product, product_id, populate_existing=True)
    return product.stock, product.sales


async def _count(session: Any, table: Any) -> int:
    return int((await session.exec(select(func.count()).select_from(table))).one())


async def _code_of(call: Any) -> str:
    with pytest.raises(DomainError) as caught:
        await call
    return str(caught.value.errors[0].code)


async def test_checkout_snapshots_items_and_address_and_reserves_stock(session: Any) -> None:
    user = await make_user(session)
    command, product_id = await _checkout(
        session, user, quantity=3, price=Decimal("9.99"), cover_image="a.png"
    )
    order = await orders.place_order(session, pk(user), command)
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert (order.subtotal, order.discount, order.total) == (
        Decimal("29.97"),
        Decimal("0.00"),
        Decimal("29.97"),
    )
    assert (order.ship_name, order.ship_city) == ("Ada Buyer", "San Francisco")
    product = await session.get(Product, product_id)
    (items,) = await orders.items_by_order_ids(session, [pk(order)])
    assert [(i.product_name, i.product_image, i.unit_price, i.quantity) for i in items] == [
        (product.name, "a.png", Decimal("9.99"), 3)
    ]
    assert await _stock(session, product_id) == (7, 3)
    assert await _count(session, CartItem) == 0
    # a later price change does not touch the order
    async with transaction(session):
        product.price = Decimal("1.00")
    (items,) = await orders.items_by_order_ids(session, [pk(order)])
    assert items[0].unit_price == Decimal("9.99")


async def test_concurrent_checkouts_never_oversell(session: Any, store: RelationalStore) -> None:
    # given 30 buyers of one product with 10 in stock
    leaf = await make_leaf(session)
    product = await make_product(session, leaf, stock=10)
    product_id = pk(product)
    commands = []
    for _ in range(30):
        user = await make_user(session)
        item = await make_cart_item(session, user, product)
        address = await make_address(session, user)
        commands.append((pk(user), PlaceOrder([pk(item)], pk(address), f"buy-{pk(user)}")))

    async def buy(user_id: int, command: PlaceOrder) -> str:
        async with store.session() as own:
            try:
                await orders.place_order(own, user_id, command)
            except DomainError as exc:
                return str(exc.errors[0].code)
        return "ok"

    # when they all check out at once
    results = await asyncio.gather(*(buy(user_id, command) for user_id, command in commands))

    # then exactly the stock was sold, and everyone else heard "out of stock"
    assert results.count("ok") == 10
    assert results.count(OrderErrorCode.OUT_OF_STOCK) == 20
    assert await _stock(session, product_id) == (0, 10)
    sold = (await session.exec(select(func.sum(OrderItem.quantity)))).one()
    assert sold == 10
    assert await _count(session, CartItem) == 20  # the losers keep their carts


async def test_replayed_idempotency_key_returns_the_same_order(session: Any, store: RelationalStore) -> None:
    user = await make_user(session)
    command, product_id = await _checkout(session, user, quantity=2)
    first = await orders.place_order(session, pk(user), command)
    again = await orders.place_order(session, pk(user), command)
    assert again.id == first.id
    assert await _stock(session, product_id) == (8, 2)


async def test_concurrent_replays_make_one_order(session: Any, store: RelationalStore) -> None:
    user = await make_user(session)
    command, product_id = await _checkout(session, user, quantity=2)

    async def place() -> int | None:
        async with store.session() as own:
            return (await orders.place_order(own, pk(user), command)).id

    ids = await asyncio.gather(*(place() for _ in range(8)))
    assert len(set(ids)) == 1
    assert await _count(session, Order) == 1
    assert await _stock(session, product_id) == (8, 2)


async def test_failure_mid_checkout_leaves_no_trace(session: Any, store: RelationalStore) -> None:
    # given a checkout with a coupon, whose last step (emptying the cart) fails
    user = await make_user(session)
    command, product_id = await _checkout(session, user, quantity=2)
    template = await make_coupon_template(session)
    coupon = await coupons.grant_coupon(session, pk(template), pk(user))
    coupon_id, user_id = pk(coupon), pk(user)
    command = PlaceOrder(command.cart_item_ids, command.address_id, "fail-once", coupon.code)

    def fail_on_cart_delete(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM CART_ITEMS"):
            raise RuntimeError("injected failure")

    event.listen(store.engine.sync_engine, "before_cursor_execute", fail_on_cart_delete)
    try:
        with pytest.raises(Exception, match="injected failure"):
            await orders.place_order(session, user_id, command)
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", fail_on_cart_delete)

    # then no order, no reserved stock, the coupon unused and the cart intact
    assert await _count(session, Order) == 0
    assert await _count(session, OrderItem) == 0
    assert await _stock(session, product_id) == (10, 0)
    assert await _count(session, CartItem) == 1
    fresh = await session.get(UserCoupon, coupon_id, populate_existing=True)
    assert fresh.status == CouponStatus.AVAILABLE
    # and the same key works once the failure is gone
    order = await orders.place_order(session, user_id, command)
    assert order.discount == Decimal("5.00")


async def test_stock_short_at_checkout_changes_nothing(session: Any) -> None:
    user = await make_user(session)
    command, product_id = await _checkout(session, user, quantity=5, stock=5)
    async with transaction(session):
        (await session.get(Product, product_id)).stock = 4
    assert await _code_of(orders.place_order(session, pk(user), command)) == OrderErrorCode.OUT_OF_STOCK
    assert await _code_of(orders.place_order(session, pk(user), command)) == OrderErrorCode.OUT_OF_STOCK
    assert await _stock(session, product_id) == (4, 0)
    assert await _count(session, CartItem) == 1


async def test_someone_elses_cart_item_or_address_is_not_found(session: Any) -> None:
    owner, stranger = await make_user(session), await make_user(session)
    command, _ = await _checkout(session, owner)
    stranger_address = await make_address(session, stranger)
    assert await _code_of(orders.place_order(session, pk(stranger), command)) == OrderErrorCode.NOT_FOUND
    foreign_address = PlaceOrder(command.cart_item_ids, pk(stranger_address), "x")
    with pytest.raises(DomainError) as caught:
        await orders.place_order(session, pk(owner), foreign_address)
    assert caught.value.errors[0].field == "addressId"
    assert await _count(session, Order) == 0


async def test_expired_or_foreign_coupon_is_refused(session: Any) -> None:
    user, other = await make_user(session), await make_user(session)
    command, _ = await _checkout(session, user)
    now = utcnow()
    expired = await make_coupon_template(
        session, valid_from=now - timedelta(days=9), valid_until=now - timedelta(days=1)
    )
    fresh = await make_coupon_template(session)
    async with transaction(session):
        old = await coupons.issue_coupon(session, pk(expired), pk(user), now=now - timedelta(days=5))
    foreign = await coupons.grant_coupon(session, pk(fresh), pk(other))
    for code, expected in [(old.code, "coupon_expired"), (foreign.code, "coupon_not_found")]:
        attempt = PlaceOrder(command.cart_item_ids, command.address_id, f"c-{code}", code)
        assert await _code_of(orders.place_order(session, pk(user), attempt)) == expected
    assert await _count(session, Order) == 0


async def test_percent_coupon_applies_to_its_category_only(session: Any) -> None:
    user = await make_user(session)
    drinks = await make_leaf(session, "Drinks", "Hot", "Tea")
    snacks = await make_leaf(session, "Snacks", "Salty", "Chips")
    tea = await make_product(session, drinks, price=Decimal("10.00"))
    chips = await make_product(session, snacks, price=Decimal("4.00"))
    items = [await make_cart_item(session, user, tea, 2), await make_cart_item(session, user, chips)]
    address = await make_address(session, user)
    top_drinks = (await session.get(type(drinks), drinks.parent_id)).parent_id
    template = await make_coupon_template(
        session, kind="percent", value=Decimal("15"), category_id=top_drinks, min_spend=Decimal("20")
    )
    coupon = await coupons.grant_coupon(session, pk(template), pk(user))
    order = await orders.place_order(
        session, pk(user), PlaceOrder([pk(i) for i in items], pk(address), "pct", coupon.code)
    )
    assert (order.subtotal, order.discount, order.total) == (
        Decimal("24.00"),
        Decimal("3.00"),
        Decimal("21.00"),
    )


async def test_card_payment_declined_then_approved(session: Any) -> None:
    gateway = MockCardGateway()
    user = await make_user(session)
    command, _ = await _checkout(session, user)
    order = await orders.place_order(session, pk(user), command)
    declined = orders.pay_order(session, gateway, pk(user), pk(order), PaymentMethod.MOCK_CARD, DECLINED_CARD)
    assert await _code_of(declined) == OrderErrorCode.PAYMENT_DECLINED
    assert (await session.get(Order, pk(order), populate_existing=True)).status == OrderStatus.PENDING_PAYMENT
    paid = await orders.pay_order(session, gateway, pk(user), pk(order), PaymentMethod.MOCK_CARD, GOOD_CARD)
    assert paid.status == OrderStatus.PAID
    assert paid.payment_reference in gateway.charges
    again = orders.pay_order(session, gateway, pk(user), pk(order), PaymentMethod.MOCK_CARD, GOOD_CARD)
    assert await _code_of(again) == OrderErrorCode.ALREADY_PAID
    assert len(gateway.charges) == 1


async def test_concurrent_wallet_payments_never_overdraw(session: Any, store: RelationalStore) -> None:
    # given a wallet holding enough for one of two orders
    user = await make_user(session)
    placed = []
    for _ in range(2):
        command, _ = await _checkout(session, user, price=Decimal("30.00"))
        placed.append(await orders.place_order(session, pk(user), command))
    async with transaction(session):
        await wallet.credit_wallet(session, pk(user), Decimal("45.00"), LedgerKind.DEPOSIT, "test")

    async def pay(order_id: int) -> str:
        async with store.session() as own:
            try:
                await orders.pay_order(own, MockCardGateway(), pk(user), order_id, PaymentMethod.WALLET)
            except DomainError as exc:
                return str(exc.errors[0].code)
        return "ok"

    results = await asyncio.gather(*(pay(pk(order)) for order in placed))
    assert sorted(results) == sorted(["ok", OrderErrorCode.INSUFFICIENT_BALANCE])
    assert (await wallet.get_wallet(session, pk(user))).balance == Decimal("15.00")
    statuses = [(await session.get(Order, pk(o), populate_existing=True)).status for o in placed]
    assert sorted(statuses) == [OrderStatus.PAID, OrderStatus.PENDING_PAYMENT]


async def test_cancelled_order_returns_stock_and_coupon(session: Any) -> None:
    user = await make_user(session)
    command, product_id = await _checkout(session, user, quantity=3)
    template = await make_coupon_template(session)
    coupon = await coupons.grant_coupon(session, pk(template), pk(user))
    command = PlaceOrder(command.cart_item_ids, command.address_id, "cancel-me", coupon.code)
    order = await orders.place_order(session, pk(user), command)
    cancelled = await orders.cancel_order(session, MockCardGateway(), pk(user), pk(order))
    assert cancelled.status == OrderStatus.CANCELLED
    assert await _stock(session, product_id) == (10, 0)
    assert (
        await session.get(UserCoupon, pk(coupon), populate_existing=True)
    ).status == CouponStatus.AVAILABLE
    pay = orders.pay_order(
        session, MockCardGateway(), pk(user), pk(order), PaymentMethod.MOCK_CARD, GOOD_CARD
    )
    assert await _code_of(pay) == OrderErrorCode.INVALID_TRANSITION


async def test_cancelling_a_wallet_paid_order_refunds_it_but_keeps_the_coupon_used(session: Any) -> None:
    user = await make_user(session)
    command, product_id = await _checkout(session, user, price=Decimal("20.00"))
    template = await make_coupon_template(session)
    coupon = await coupons.grant_coupon(session, pk(template), pk(user))
    command = PlaceOrder(command.cart_item_ids, command.address_id, "paid-cancel", coupon.code)
    async with transaction(session):
        await wallet.credit_wallet(session, pk(user), Decimal("20.00"), LedgerKind.DEPOSIT, "test")
    order = await orders.place_order(session, pk(user), command)
    await orders.pay_order(session, MockCardGateway(), pk(user), pk(order), PaymentMethod.WALLET)
    assert (await wallet.get_wallet(session, pk(user))).balance == Decimal("5.00")
    await orders.cancel_order(session, MockCardGateway(), pk(user), pk(order))
    assert (await wallet.get_wallet(session, pk(user))).balance == Decimal("20.00")
    assert await _stock(session, product_id) == (10, 0)
    assert (await session.get(UserCoupon, pk(coupon), populate_existing=True)).status == CouponStatus.USED
    entries = await wallet.list_entries(session, pk(user), PageRequest(0, 10))
    assert [(e.kind, e.amount, e.balance_after) for e in entries.items] == [
        (LedgerKind.REFUND, Decimal("15.00"), Decimal("20.00")),
        (LedgerKind.PAYMENT, Decimal("-15.00"), Decimal("5.00")),
        (LedgerKind.DEPOSIT, Decimal("20.00"), Decimal("20.00")),
    ]


async def test_life_cycle_to_completed_and_illegal_steps(session: Any) -> None:
    gateway = MockCardGateway()
    user = await make_user(session)
    command, _ = await _checkout(session, user)
    order = await orders.place_order(session, pk(user), command)
    assert (
        await _code_of(orders.ship_order(session, pk(order), "UPS 1Z")) == OrderErrorCode.INVALID_TRANSITION
    )
    await orders.pay_order(session, gateway, pk(user), pk(order), PaymentMethod.MOCK_CARD, GOOD_CARD)
    shipped = await orders.ship_order(session, pk(order), "UPS 1Z999")
    assert (shipped.status, shipped.tracking_note) == (OrderStatus.SHIPPED, "UPS 1Z999")
    cancel = orders.cancel_order(session, gateway, pk(user), pk(order))
    assert await _code_of(cancel) == OrderErrorCode.INVALID_TRANSITION
    done = await orders.confirm_delivery(session, pk(user), pk(order))
    assert done.status == OrderStatus.COMPLETED
    assert done.completed_at is not None


async def test_admin_close_of_a_card_paid_order_refunds_the_card(session: Any) -> None:
    gateway = MockCardGateway()
    user = await make_user(session)
    command, product_id = await _checkout(session, user, quantity=2)
    order = await orders.place_order(session, pk(user), command)
    paid = await orders.pay_order(session, gateway, pk(user), pk(order), PaymentMethod.MOCK_CARD, GOOD_CARD)
    closed = await orders.close_order(session, gateway, pk(order), "fraud check failed")
    assert (closed.status, closed.close_reason) == (OrderStatus.CLOSED, "fraud check failed")
    assert gateway.refunds == {paid.payment_reference: paid.total}
    assert await _stock(session, product_id) == (10, 0)


async def test_unpaid_orders_close_after_the_deadline_once(session: Any) -> None:
    user = await make_user(session)
    command, product_id = await _checkout(session, user, quantity=4)
    long_ago = utcnow() - timedelta(hours=2)
    stale = await orders.place_order(session, pk(user), command, now=long_ago)
    fresh_command, _ = await _checkout(session, user)
    fresh = await orders.place_order(session, pk(user), fresh_command)
    closed = await orders.close_expired_orders(session, utcnow(), timedelta(minutes=30))
    assert closed == 1
    assert (await session.get(Order, pk(stale), populate_existing=True)).status == OrderStatus.CLOSED
    assert (await session.get(Order, pk(fresh), populate_existing=True)).status == OrderStatus.PENDING_PAYMENT
    assert await _stock(session, product_id) == (10, 0)
    assert await orders.close_expired_orders(session, utcnow(), timedelta(minutes=30)) == 0


async def test_lock_conflicts_are_retried_and_other_errors_are_not(session: Any) -> None:
    calls = []

    async def deadlock_once() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError(
                "UPDATE products", {}, pymysql.err.OperationalError(1213, "Deadlock found")
            )
        return "done"

    assert await with_lock_retries(session, deadlock_once) == "done"
    assert len(calls) == 2

    async def broken() -> None:
        calls.append(1)
        raise OperationalError("UPDATE products", {}, pymysql.err.OperationalError(1054, "Unknown column"))

    calls.clear()
    with pytest.raises(OperationalError):
        await with_lock_retries(session, broken)
    assert len(calls) == 1


async def test_order_history_filters_by_owner_and_status(session: Any) -> None:
    user, other = await make_user(session), await make_user(session)
    for buyer in (user, user, other):
        command, _ = await _checkout(session, buyer)
        await orders.place_order(session, pk(buyer), command)
    page = await orders.list_orders(session, orders.OrderFilter(user_id=pk(user)), PageRequest(0, 10))
    assert len(page.items) == 2
    assert all(order.user_id == pk(user) for order in page.items)
    paid = await orders.list_orders(
        session, orders.OrderFilter(user_id=pk(user), status=OrderStatus.PAID), PageRequest(0, 10)
    )
    assert paid.items == []
    ids = [pk(o) for o in page.items]
    assert ids == sorted(ids, reverse=True)


async def test_a_price_that_rose_since_the_cart_needs_the_shoppers_confirmation(session: Any) -> None:
    from resolvers import catalog
    from resolvers.catalog import ProductFields

    user = await make_user(session)
    command, product_id = await _checkout(session, user, price=Decimal("9.50"))
    await catalog.update_product(session, product_id, ProductFields(price=Decimal("12.00")))

    with pytest.raises(DomainError) as caught:
        await orders.place_order(session, pk(user), command)
    confirmed = await orders.place_order(
        session, pk(user), PlaceOrder(**{**command.__dict__, "accept_price_changes": True})
    )

    error = caught.value.errors[0]
    assert error.code == OrderErrorCode.PRICE_CHANGED
    assert "12.00" in error.message
    assert "9.50" in error.message
    assert confirmed.total == Decimal("12.00")


async def test_a_price_that_fell_is_simply_charged(session: Any) -> None:
    from resolvers import catalog
    from resolvers.catalog import ProductFields

    user = await make_user(session)
    command, product_id = await _checkout(session, user, price=Decimal("9.50"))
    await catalog.update_product(session, product_id, ProductFields(price=Decimal("8.00")))

    order = await orders.place_order(session, pk(user), command)

    assert order.total == Decimal("8.00")


async def test_a_percentage_coupon_never_rounds_the_discount_up(session: Any) -> None:
    from db.tables import CouponKind

    template = await make_coupon_template(session, kind=CouponKind.PERCENT, value=Decimal("99.99"))

    discount = await coupons.discount_for(session, template, [coupons.PricedLine(1, Decimal("0.50"))])

    assert discount == Decimal("0.49")


async def test_a_review_after_delivery_is_a_verified_purchase(session: Any) -> None:
    from resolvers import reviews

    buyer, stranger = await make_user(session), await make_user(session)
    command, product_id = await _checkout(session, buyer)
    order = await orders.place_order(session, pk(buyer), command)
    await orders.pay_order(
        session, MockCardGateway(), pk(buyer), pk(order), PaymentMethod.MOCK_CARD, GOOD_CARD
    )
    await orders.ship_order(session, pk(order), "parcel 1")
    await orders.confirm_delivery(session, pk(buyer), pk(order))

    by_buyer = await reviews.add_review(session, buyer, product_id, 5, "Lovely", "Tastes as promised.")
    by_stranger = await reviews.add_review(session, stranger, product_id, 1, "Meh", "Never tried it.")

    assert by_buyer.verified_purchase is True
    assert by_stranger.verified_purchase is False
