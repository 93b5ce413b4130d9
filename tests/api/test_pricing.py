"""Price suggestions through GraphQL: review, accept one or many, reject; only catalog managers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from db.tables import PriceSource, PriceSuggestion, Product, Role
from schema.base import to_global_id
from tests.factories import login, make_leaf, make_product, make_user

SUGGESTIONS = "query($status: PriceSuggestionStatus) { priceSuggestions(first: 10, status: $status) { edges { node { id suggestedPrice previousPrice source status product { name price } } } } }"
ACCEPT = "mutation($id: ID!, $price: Decimal, $confirm: Boolean! = false) { acceptPriceSuggestion(id: $id, price: $price, confirmLargerChange: $confirm) { suggestion { status product { price } } errors { field code } } }"
ACCEPT_MANY = "mutation($ids: [ID!]!) { acceptPriceSuggestions(ids: $ids, confirmLargerChange: true) { suggestions { status } errors { field code } } }"
REASON = "query { priceSuggestions(first: 10) { edges { node { suggestedPrice modelPrice reason { summary capped comparablesPrice comparables { productId name price size unitPrice } } } } } }"
REJECT = "mutation($id: ID!) { rejectPriceSuggestion(id: $id) { suggestion { status } errors { code } } }"


@pytest.fixture
async def admin_token(gql: Any, session: Any) -> str:
    admin = await make_user(session, role=Role.ADMIN)
    return await login(gql, admin.username)


async def suggest(session: Any, product: Product, price: str) -> str:
    row = PriceSuggestion(
        product_id=product.id or 0,
        suggested_price=Decimal(price),
        previous_price=product.price,
        source=PriceSource.LOCAL,
        model="local:test",
    )
    session.add(row)
    await session.commit()
    return str(to_global_id("PriceSuggestion", row.id))


async def test_admin_reviews_and_accepts_a_suggestion(gql: Any, session: Any, admin_token: str) -> None:
    product = await make_product(session, await make_leaf(session), name="Green tea")
    suggestion_id = await suggest(session, product, "9.99")

    listed = await gql(SUGGESTIONS, {"status": "PENDING"}, token=admin_token)
    [edge] = listed["priceSuggestions"]["edges"]
    assert edge["node"]["suggestedPrice"] == "9.99"
    assert edge["node"]["product"] == {"name": "Green tea", "price": "9.50"}

    accepted = await gql(ACCEPT, {"id": suggestion_id}, token=admin_token)
    assert accepted["acceptPriceSuggestion"] == {
        "suggestion": {"status": "ACCEPTED", "product": {"price": "9.99"}},
        "errors": [],
    }
    again = await gql(ACCEPT, {"id": suggestion_id}, token=admin_token)
    assert again["acceptPriceSuggestion"]["errors"] == [{"field": "id", "code": "NOT_PENDING"}]


async def test_admin_accepts_many_and_rejects_one(gql: Any, session: Any, admin_token: str) -> None:
    leaf = await make_leaf(session)
    ids = [await suggest(session, await make_product(session, leaf), f"{n}.00") for n in (1, 2, 3)]

    rejected = await gql(REJECT, {"id": ids[2]}, token=admin_token)
    assert rejected["rejectPriceSuggestion"]["suggestion"] == {"status": "REJECTED"}
    accepted = await gql(ACCEPT_MANY, {"ids": ids[:2]}, token=admin_token)

    assert accepted["acceptPriceSuggestions"] == {
        "suggestions": [{"status": "ACCEPTED"}, {"status": "ACCEPTED"}],
        "errors": [],
    }


async def test_customer_cannot_review_prices(gql: Any, session: Any) -> None:
    customer = await make_user(session)
    token = await login(gql, customer.username)

    body = (await gql.post(SUGGESTIONS, token=token)).json()

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_larger_change_needs_confirmation_and_bad_prices_are_typed_errors(
    gql: Any, session: Any, admin_token: str
) -> None:
    product = await make_product(session, await make_leaf(session))
    suggestion_id = await suggest(session, product, "9.99")

    bad = await gql(ACCEPT, {"id": suggestion_id, "price": "-1"}, token=admin_token)
    assert bad["acceptPriceSuggestion"]["errors"] == [{"field": "price", "code": "INVALID_PRICE"}]
    refused = await gql(ACCEPT, {"id": suggestion_id, "price": "19.00"}, token=admin_token)
    assert refused["acceptPriceSuggestion"] == {
        "suggestion": None,
        "errors": [{"field": "confirmLargerChange", "code": "CHANGE_TOO_LARGE"}],
    }
    confirmed = await gql(ACCEPT, {"id": suggestion_id, "price": "19.00", "confirm": True}, token=admin_token)
    assert confirmed["acceptPriceSuggestion"]["suggestion"]["product"] == {"price": "19.00"}


async def test_a_suggestion_shows_its_comparables(gql: Any, session: Any, admin_token: str) -> None:
    leaf = await make_leaf(session)
    product = await make_product(session, leaf, name="Olive oil 1 l")
    other = await make_product(session, leaf, name="Olive oil 500 ml")
    session.add(
        PriceSuggestion(
            product_id=product.id or 0,
            suggested_price=Decimal("10.93"),
            model_price=Decimal("20.00"),
            previous_price=product.price,
            source=PriceSource.LOCAL,
            model="local:test",
            reasons={
                "summary": "1 comparable says 19.00",
                "comparables_price": "19.00",
                "comparables": [
                    {
                        "product_id": other.id,
                        "name": other.name,
                        "price": "9.50",
                        "size": "500 ml",
                        "unit_price": "1.90",
                    }
                ],
            },  # fmt: skip
        )
    )
    await session.commit()

    listed = await gql(REASON, token=admin_token)

    [edge] = listed["priceSuggestions"]["edges"]
    assert edge["node"]["modelPrice"] == "20.00"
    assert edge["node"]["reason"] == {
        "summary": "1 comparable says 19.00",
        "capped": True,
        "comparablesPrice": "19.00",
        "comparables": [
            {
                "productId": str(to_global_id("Product", other.id)),
                "name": "Olive oil 500 ml",
                "price": "9.50",
                "size": "500 ml",
                "unitPrice": "1.90",
            }
        ],
    }
