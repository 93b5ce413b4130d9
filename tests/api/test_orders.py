"""Buying through GraphQL: cart, addresses, checkout, payment, life cycle, history, coupons, admin."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import Any

import pytest

from db.tables import Product, Role
from resolvers import coupons
from schema.base import to_global_id
from tests.conftest import count_statements
from tests.factories import (
    login,
    make_address,
    make_cart_item,
    make_coupon_template,
    make_leaf,
    make_product,
    make_user,
    pk,
)

ADD_TO_CART = """
mutation($input: AddToCartInput!) {
  addToCart(input: $input) { cart { itemCount subtotal total lines { id quantity lineTotal issues orderable } } errors { field code } }
}
"""
UPDATE_CART_ITEM = "mutation($id: ID!, $q: Int!) { updateCartItem(itemId: $id, quantity: $q) { cart { itemCount } errors { field code } } }"
REMOVE_CART_ITEMS = (
    "mutation($ids: [ID!]!) { removeCartItems(itemIds: $ids) { cart { itemCount } errors { field code } } }"
)
CART = """
query($coupon: String) {
  cart(couponCode: $coupon) {
    itemCount subtotal discount total couponProblem { code }
    lines { id quantity unitPrice seenPrice lineTotal issues orderable product { name } }
  }
}
"""
CREATE_ADDRESS = """
mutation($input: AddressInput!) { createAddress(input: $input) { address { id isDefault } errors { field code } } }
"""
MY_ADDRESSES = "{ myAddresses { id name isDefault } }"
PLACE_ORDER = """
mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    order { id number status subtotal discount total couponCode shippingAddress { name city } items { productName unitPrice quantity lineTotal } }
    errors { field code message }
  }
}
"""
PAY_ORDER = """
mutation($input: PayOrderInput!) { payOrder(input: $input) { order { status paymentMethod paidAt } errors { field code } } }
"""
CANCEL_ORDER = (
    "mutation($id: ID!) { cancelOrder(orderId: $id) { order { status closeReason } errors { code } } }"
)
SHIP_ORDER = 'mutation($id: ID!) { shipOrder(orderId: $id, trackingNote: "UPS 1Z999") { order { status trackingNote } errors { code } } }'
CONFIRM = "mutation($id: ID!) { confirmOrderReceived(orderId: $id) { order { status } errors { code } } }"
CLOSE_ORDER = 'mutation($id: ID!) { closeOrder(orderId: $id, reason: "out of area") { order { status closeReason } errors { code } } }'
MY_ORDERS = """
query($first: Int!, $after: String, $status: OrderStatus) {
  myOrders(first: $first, after: $after, status: $status) {
    edges { node { id number status total items { productName quantity unitPrice } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ADMIN_ORDERS = """
query($filter: OrderFilterInput) { adminOrders(first: 50, filter: $filter) { edges { node { number status user { username } } } } }
"""
NODE = "query($id: ID!) { node(id: $id) { id ... on Order { number } ... on Address { name } } }"
CREATE_TEMPLATE = """
mutation($input: CouponTemplateInput!) { createCouponTemplate(input: $input) { template { id name granted } errors { field code } } }
"""
GRANT = "mutation($t: ID!, $u: ID!) { grantCoupon(templateId: $t, userId: $u) { coupon { code status template { name } } errors { field code } } }"
MY_COUPONS = "query($status: CouponStatus) { myCoupons(status: $status) { code status usedAt template { name value } } }"
MY_WALLET = (
    "{ myWallet { balance entries(first: 10) { edges { node { amount balanceAfter kind reference } } } } }"
)

ADDRESS = {
    "name": "Ada Buyer",
    "phone": "+1 555 0100",
    "province": "CA",
    "city": "San Francisco",
    "district": "Mission",
    "detail": "1 Market St",
}
GOOD_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"


def gid(type_name: str, key: int | None) -> str:
    return str(to_global_id(type_name, key))


@pytest.fixture
async def admin_token(gql: Any, session: Any) -> str:
    admin = await make_user(session, role=Role.ADMIN)
    return await login(gql, admin.username)


async def _buyer(gql: Any, session: Any) -> tuple[Any, str]:
    user = await make_user(session)
    return user, await login(gql, user.username)


async def _place(gql: Any, token: str, item_ids: list[str], address_id: str, **extra: Any) -> dict[str, Any]:
    data = await gql(
        PLACE_ORDER,
        {
            "input": {
                "cartItemIds": item_ids,
                "addressId": address_id,
                "idempotencyKey": uuid.uuid4().hex,
                **extra,
            }
        },
        token=token,
    )
    payload: dict[str, Any] = data["placeOrder"]
    return payload


async def _pending_order(
    gql: Any, session: Any, token: str, user: Any, price: str = "9.50"
) -> dict[str, Any]:
    leaf = await make_leaf(session)
    product = await make_product(session, leaf, price=Decimal(price))
    item = await make_cart_item(session, user, product, 2)
    address = await make_address(session, user)
    placed = await _place(gql, token, [gid("CartItem", item.id)], gid("Address", address.id))
    assert placed["errors"] == []
    order: dict[str, Any] = placed["order"]
    return order


async def test_buyer_goes_from_cart_to_delivered(gql: Any, session: Any, admin_token: str) -> None:
    # given a product and a buyer with an address
    leaf = await make_leaf(session)
    product = await make_product(session, leaf, name="Oolong", price=Decimal("12.50"), stock=5)
    user, token = await _buyer(gql, session)
    added = await gql(
        ADD_TO_CART, {"input": {"productId": gid("Product", product.id), "quantity": 2}}, token=token
    )
    assert added["addToCart"]["cart"]["subtotal"] == "25.00"
    line_id = added["addToCart"]["cart"]["lines"][0]["id"]
    address = await gql(CREATE_ADDRESS, {"input": ADDRESS}, token=token)
    assert address["createAddress"]["address"]["isDefault"] is True

    # when they check out, pay after a declined card, and the admin ships
    placed = await _place(gql, token, [line_id], address["createAddress"]["address"]["id"])
    order = placed["order"]
    assert (order["status"], order["total"]) == ("PENDING_PAYMENT", "25.00")
    assert order["items"] == [
        {"productName": "Oolong", "unitPrice": "12.50", "quantity": 2, "lineTotal": "25.00"}
    ]
    assert order["shippingAddress"] == {"name": "Ada Buyer", "city": "San Francisco"}
    assert (await gql(CART, token=token))["cart"]["itemCount"] == 0
    declined = await gql(
        PAY_ORDER,
        {"input": {"orderId": order["id"], "method": "MOCK_CARD", "cardNumber": DECLINED_CARD}},
        token=token,
    )
    assert declined["payOrder"]["errors"] == [{"field": "cardNumber", "code": "PAYMENT_DECLINED"}]
    paid = await gql(
        PAY_ORDER,
        {"input": {"orderId": order["id"], "method": "MOCK_CARD", "cardNumber": GOOD_CARD}},
        token=token,
    )
    assert paid["payOrder"]["order"]["status"] == "PAID"
    listed = await gql(ADMIN_ORDERS, {"filter": {"status": "PAID"}}, token=admin_token)
    assert [e["node"]["user"]["username"] for e in listed["adminOrders"]["edges"]] == [user.username]
    shipped = await gql(SHIP_ORDER, {"id": order["id"]}, token=admin_token)
    assert shipped["shipOrder"]["order"] == {"status": "SHIPPED", "trackingNote": "UPS 1Z999"}
    done = await gql(CONFIRM, {"id": order["id"]}, token=token)

    # then the order is completed and the stock stays sold
    assert done["confirmOrderReceived"]["order"]["status"] == "COMPLETED"
    fresh = await session.get(Product, product.id, populate_existing=True)
    assert (fresh.stock, fresh.sales) == (3, 2)


async def test_cart_quantity_must_be_1_to_99_and_in_stock(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    product = await make_product(session, leaf, stock=3)
    _, token = await _buyer(gql, session)
    for quantity in (0, -1, 100):
        data = await gql(
            ADD_TO_CART,
            {"input": {"productId": gid("Product", product.id), "quantity": quantity}},
            token=token,
        )
        assert data["addToCart"]["errors"] == [{"field": "quantity", "code": "INVALID"}]
    data = await gql(
        ADD_TO_CART, {"input": {"productId": gid("Product", product.id), "quantity": 4}}, token=token
    )
    assert data["addToCart"]["errors"] == [{"field": "quantity", "code": "OUT_OF_STOCK"}]
    assert (await gql(CART, token=token))["cart"]["itemCount"] == 0


async def test_stale_cart_lines_are_flagged_not_dropped(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    gone, pricier, short = [await make_product(session, leaf, stock=5) for _ in range(3)]
    user, token = await _buyer(gql, session)
    for product in (gone, pricier, short):
        await make_cart_item(session, user, product, 3)
    from resolvers import catalog

    await catalog.set_product_on_sale(session, pk(gone), False)
    await catalog.update_product(session, pk(pricier), catalog.ProductFields(price=Decimal("11.00")))
    await catalog.update_product(session, pk(short), catalog.ProductFields(stock=2))
    cart = (await gql(CART, token=token))["cart"]
    assert [line["issues"] for line in cart["lines"]] == [["OFF_SALE"], ["PRICE_CHANGED"], ["STOCK_SHORT"]]
    assert [line["orderable"] for line in cart["lines"]] == [False, True, False]
    assert cart["itemCount"] == 9
    assert (cart["subtotal"], cart["total"]) == ("33.00", "33.00")


async def test_someone_elses_cart_item_and_address_are_typed_errors(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    product = await make_product(session, leaf)
    owner, _ = await _buyer(gql, session)
    item = await make_cart_item(session, owner, product, 2)
    address = await make_address(session, owner)
    stranger, token = await _buyer(gql, session)
    own_address = await make_address(session, stranger)
    update = await gql(UPDATE_CART_ITEM, {"id": gid("CartItem", item.id), "q": 5}, token=token)
    assert update["updateCartItem"]["errors"] == [{"field": "itemId", "code": "NOT_FOUND"}]
    remove = await gql(REMOVE_CART_ITEMS, {"ids": [gid("CartItem", item.id)]}, token=token)
    assert remove["removeCartItems"]["errors"] == [{"field": "itemIds", "code": "NOT_FOUND"}]
    placed = await _place(gql, token, [gid("CartItem", item.id)], gid("Address", own_address.id))
    assert [(e["field"], e["code"]) for e in placed["errors"]] == [("cartItemIds", "NOT_FOUND")]
    own_item = await make_cart_item(session, stranger, product)
    placed = await _place(gql, token, [gid("CartItem", own_item.id)], gid("Address", address.id))
    assert [(e["field"], e["code"]) for e in placed["errors"]] == [("addressId", "NOT_FOUND")]
    assert (await gql(NODE, {"id": gid("Address", address.id)}, token=token))["node"] is None
    fresh = await session.get(Product, product.id, populate_existing=True)
    assert fresh.stock == 10


async def test_paying_twice_or_paying_a_cancelled_order_is_refused(gql: Any, session: Any) -> None:
    user, token = await _buyer(gql, session)
    order = await _pending_order(gql, session, token, user)
    pay = {"input": {"orderId": order["id"], "method": "MOCK_CARD", "cardNumber": GOOD_CARD}}
    assert (await gql(PAY_ORDER, pay, token=token))["payOrder"]["errors"] == []
    again = await gql(PAY_ORDER, pay, token=token)
    assert again["payOrder"]["errors"] == [{"field": "orderId", "code": "ALREADY_PAID"}]
    other = await _pending_order(gql, session, token, user)
    cancelled = await gql(CANCEL_ORDER, {"id": other["id"]}, token=token)
    assert cancelled["cancelOrder"]["order"] == {
        "status": "CANCELLED",
        "closeReason": "cancelled by the buyer",
    }
    pay_cancelled = {"input": {"orderId": other["id"], "method": "MOCK_CARD", "cardNumber": GOOD_CARD}}
    refused = await gql(PAY_ORDER, pay_cancelled, token=token)
    assert refused["payOrder"]["errors"] == [{"field": "orderId", "code": "INVALID_TRANSITION"}]


async def test_shipping_an_unpaid_order_is_refused_and_customers_cannot_ship(
    gql: Any, session: Any, admin_token: str
) -> None:
    user, token = await _buyer(gql, session)
    order = await _pending_order(gql, session, token, user)
    refused = await gql(SHIP_ORDER, {"id": order["id"]}, token=admin_token)
    assert refused["shipOrder"]["errors"] == [{"code": "INVALID_TRANSITION"}]
    body = (await gql.post(SHIP_ORDER, {"id": order["id"]}, token=token)).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    closed = await gql(CLOSE_ORDER, {"id": order["id"]}, token=admin_token)
    assert closed["closeOrder"]["order"] == {"status": "CLOSED", "closeReason": "out of area"}


async def test_only_the_owner_sees_and_acts_on_an_order(gql: Any, session: Any, admin_token: str) -> None:
    user, token = await _buyer(gql, session)
    order = await _pending_order(gql, session, token, user)
    _, stranger_token = await _buyer(gql, session)
    assert (await gql(NODE, {"id": order["id"]}, token=stranger_token))["node"] is None
    assert (await gql(NODE, {"id": order["id"]}))["node"] is None
    assert (await gql(NODE, {"id": order["id"]}, token=token))["node"]["number"] == order["number"]
    assert (await gql(NODE, {"id": order["id"]}, token=admin_token))["node"]["number"] == order["number"]
    cancel = await gql(CANCEL_ORDER, {"id": order["id"]}, token=stranger_token)
    assert cancel["cancelOrder"]["errors"] == [{"code": "NOT_FOUND"}]
    pay = {"input": {"orderId": order["id"], "method": "WALLET"}}
    assert (await gql(PAY_ORDER, pay, token=stranger_token))["payOrder"]["errors"][0]["code"] == "NOT_FOUND"


async def test_replayed_place_order_returns_the_same_order(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    product = await make_product(session, leaf)
    user, token = await _buyer(gql, session)
    item = await make_cart_item(session, user, product, 3)
    address = await make_address(session, user)
    variables = {
        "input": {
            "cartItemIds": [gid("CartItem", item.id)],
            "addressId": gid("Address", address.id),
            "idempotencyKey": "checkout-1",
        }
    }
    first, second = [
        (await gql(PLACE_ORDER, variables, token=token))["placeOrder"]["order"] for _ in range(2)
    ]
    assert first == second
    fresh = await session.get(Product, product.id, populate_existing=True)
    assert fresh.stock == 7


async def test_concurrent_place_orders_through_the_endpoint_never_oversell(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    product = await make_product(session, leaf, stock=5)
    buyers = []
    for _ in range(15):
        user, token = await _buyer(gql, session)
        item = await make_cart_item(session, user, product)
        address = await make_address(session, user)
        buyers.append((token, gid("CartItem", item.id), gid("Address", address.id)))
    results = await asyncio.gather(*(_place(gql, token, [item], address) for token, item, address in buyers))
    codes = sorted("ok" if r["order"] else r["errors"][0]["code"] for r in results)
    assert codes == ["OUT_OF_STOCK"] * 10 + ["ok"] * 5
    fresh = await session.get(Product, product.id, populate_existing=True)
    assert (fresh.stock, fresh.sales) == (0, 5)


async def test_order_history_pages_with_items_in_constant_statements(
    gql: Any, session: Any, store: Any
) -> None:
    user, token = await _buyer(gql, session)
    placed = [await _pending_order(gql, session, token, user) for _ in range(6)]
    await gql(CANCEL_ORDER, {"id": placed[0]["id"]}, token=token)
    counter = count_statements(store)
    counts = {}
    for size in (2, 6):
        counter.reset()
        data = await gql(MY_ORDERS, {"first": size}, token=token)
        assert len(data["myOrders"]["edges"]) == size
        assert all(len(edge["node"]["items"]) == 1 for edge in data["myOrders"]["edges"])
        counts[size] = counter.count
    assert counts[2] == counts[6] <= 4, counter.statements
    page_one = await gql(MY_ORDERS, {"first": 4}, token=token)
    page_two = await gql(
        MY_ORDERS, {"first": 4, "after": page_one["myOrders"]["pageInfo"]["endCursor"]}, token=token
    )
    numbers = [e["node"]["number"] for e in page_one["myOrders"]["edges"] + page_two["myOrders"]["edges"]]
    assert sorted(numbers) == sorted(order["number"] for order in placed)
    cancelled = await gql(MY_ORDERS, {"first": 10, "status": "CANCELLED"}, token=token)
    assert [e["node"]["number"] for e in cancelled["myOrders"]["edges"]] == [placed[0]["number"]]


async def test_admin_grants_a_coupon_that_applies_and_returns_on_cancel(
    gql: Any, session: Any, admin_token: str
) -> None:
    user, token = await _buyer(gql, session)
    template = await gql(
        CREATE_TEMPLATE,
        {
            "input": {
                "name": "Ten off forty",
                "kind": "FIXED",
                "value": "10",
                "minSpend": "40",
                "validFrom": "2020-01-01T00:00:00+00:00",
                "validUntil": "2099-01-01T00:00:00+00:00",
                "totalQuantity": 1,
            }
        },
        token=admin_token,
    )
    template_id = template["createCouponTemplate"]["template"]["id"]
    granted = await gql(GRANT, {"t": template_id, "u": gid("User", user.id)}, token=admin_token)
    code = granted["grantCoupon"]["coupon"]["code"]
    sold_out = await gql(GRANT, {"t": template_id, "u": gid("User", user.id)}, token=admin_token)
    assert sold_out["grantCoupon"]["errors"] == [{"field": "templateId", "code": "SOLD_OUT"}]

    leaf = await make_leaf(session)
    cheap = await make_product(session, leaf, price=Decimal("5.00"))
    item = await make_cart_item(session, user, cheap)
    address = await make_address(session, user)
    preview = await gql(CART, {"coupon": code}, token=token)
    assert preview["cart"]["couponProblem"] == {"code": "MIN_SPEND_NOT_MET"}
    too_little = await _place(
        gql, token, [gid("CartItem", item.id)], gid("Address", address.id), couponCode=code
    )
    assert too_little["errors"][0]["code"] == "COUPON_MIN_SPEND_NOT_MET"
    await make_cart_item(session, user, cheap, 8)  # now 9 x 5.00 = 45.00
    placed = await _place(gql, token, [gid("CartItem", item.id)], gid("Address", address.id), couponCode=code)
    assert (placed["order"]["discount"], placed["order"]["total"]) == ("10.00", "35.00")
    used = await gql(MY_COUPONS, {"status": "USED"}, token=token)
    assert [c["code"] for c in used["myCoupons"]] == [code]
    await gql(CANCEL_ORDER, {"id": placed["order"]["id"]}, token=token)
    back = await gql(MY_COUPONS, {"status": "AVAILABLE"}, token=token)
    assert back["myCoupons"] == [
        {
            "code": code,
            "status": "AVAILABLE",
            "usedAt": None,
            "template": {"name": "Ten off forty", "value": "10.00"},
        }
    ]


async def test_foreign_coupon_is_not_found_at_checkout(gql: Any, session: Any) -> None:
    owner = await make_user(session)
    template = await make_coupon_template(session)
    coupon = await coupons.grant_coupon(session, pk(template), pk(owner))
    user, token = await _buyer(gql, session)
    leaf = await make_leaf(session)
    item = await make_cart_item(session, user, await make_product(session, leaf))
    address = await make_address(session, user)
    placed = await _place(
        gql, token, [gid("CartItem", item.id)], gid("Address", address.id), couponCode=coupon.code
    )
    assert placed["errors"][0]["code"] == "COUPON_NOT_FOUND"
    assert (await gql(CART, token=token))["cart"]["itemCount"] == 1


async def test_wallet_pays_and_shows_its_ledger(gql: Any, session: Any) -> None:
    from db.tables import LedgerKind
    from db.transaction import transaction
    from resolvers import wallet

    user, token = await _buyer(gql, session)
    order = await _pending_order(gql, session, token, user)  # 2 x 9.50
    pay = {"input": {"orderId": order["id"], "method": "WALLET"}}
    broke = await gql(PAY_ORDER, pay, token=token)
    assert broke["payOrder"]["errors"] == [{"field": "method", "code": "INSUFFICIENT_BALANCE"}]
    async with transaction(session):
        await wallet.credit_wallet(session, pk(user), Decimal("20.00"), LedgerKind.DEPOSIT, "gift")
    paid = await gql(PAY_ORDER, pay, token=token)
    assert paid["payOrder"]["order"]["paymentMethod"] == "WALLET"
    ledger = (await gql(MY_WALLET, token=token))["myWallet"]
    assert ledger["balance"] == "1.00"
    assert [e["node"]["kind"] for e in ledger["entries"]["edges"]] == ["PAYMENT", "DEPOSIT"]
    assert ledger["entries"]["edges"][0]["node"]["amount"] == "-19.00"


async def test_address_book_keeps_one_default(gql: Any, session: Any) -> None:
    _, token = await _buyer(gql, session)
    first = await gql(CREATE_ADDRESS, {"input": ADDRESS}, token=token)
    second = await gql(CREATE_ADDRESS, {"input": {**ADDRESS, "name": "Bo", "isDefault": True}}, token=token)
    assert second["createAddress"]["address"]["isDefault"] is True
    book = (await gql(MY_ADDRESSES, token=token))["myAddresses"]
    assert [(a["name"], a["isDefault"]) for a in book] == [("Bo", True), ("Ada Buyer", False)]
    bad = await gql(CREATE_ADDRESS, {"input": {**ADDRESS, "phone": "call me", "city": ""}}, token=token)
    assert {e["field"] for e in bad["createAddress"]["errors"]} == {"phone", "city"}
    assert first["createAddress"]["errors"] == []
