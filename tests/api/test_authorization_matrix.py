"""Every root field, called as a visitor, a customer and an admin: who may reach what.

A field missing from MATRIX fails the test, so a field added later must declare its access.
Arguments are filled with harmless dummies (ids of nothing, zeros); what is checked is only
whether the permission layer lets the caller through (UNAUTHENTICATED / FORBIDDEN or not).
Whose order, cart, address or wallet a customer may see is tested per domain
(tests/api/test_orders.py: someone else's cart item, address and order are not found).
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)

from config.settings import Settings
from db.tables import Role
from schema.root import build_schema
from tests.factories import login, make_user


class Access(Enum):
    PUBLIC = "public"  # anyone, visitors included
    LOGIN = "login"  # any logged-in, unlocked user (objects further checked for ownership)
    ADMIN = "admin"  # roles granting the field's permission


P, L, A = Access.PUBLIC, Access.LOGIN, Access.ADMIN
MATRIX: dict[str, dict[str, Access]] = {
    "Query": {
        "node": P,
        "me": P,
        "users": A,
        "categories": P,
        "products": P,
        "product": P,
        "homePage": P,
        "cart": L,
        "myAddresses": L,
        "myOrders": L,
        "order": L,
        "adminOrders": A,
        "myCoupons": L,
        "couponTemplates": A,
        "myWallet": L,
        "bestSellers": P,
        "topRated": P,
        "trending": P,
        "favourites": L,
        "recommendations": P,
        "job": A,
        "jobKinds": A,
        "jobs": A,
        "priceSuggestions": A,
        "searchProducts": P,
        "creditScore": L,
        "financialProfile": L,
        "financialProfileHistory": L,
        "loan": L,
        "loans": A,
        "myLoans": L,
        "shoppingAssistant": P,
        "suggestCategory": A,
        "modelReports": A,
    },
    "Mutation": {
        "register": P,
        "login": P,
        "updateProfile": L,
        "uploadAvatar": L,
        "changePassword": L,
        "setUserLocked": A,
        "createProduct": A,
        "updateProduct": A,
        "setProductOnSale": A,
        "createCategory": A,
        "updateCategory": A,
        "deleteCategory": A,
        "reorderCategories": A,
        "setHomeShelf": A,
        "setHomeCarousel": A,
        "addReview": L,
        "addToCart": L,
        "updateCartItem": L,
        "removeCartItems": L,
        "clearCart": L,
        "createAddress": L,
        "updateAddress": L,
        "setDefaultAddress": L,
        "deleteAddress": L,
        "placeOrder": L,
        "payOrder": L,
        "cancelOrder": L,
        "confirmOrderReceived": L,
        "shipOrder": A,
        "closeOrder": A,
        "createCouponTemplate": A,
        "grantCoupon": A,
        "recordEvent": L,
        "addFavourite": L,
        "removeFavourite": L,
        "startJob": A,
        "cancelJob": A,
        "acceptPriceSuggestion": A,
        "acceptPriceSuggestions": A,
        "rejectPriceSuggestion": A,
        "addBasketToCart": L,
        "acceptLoanOffer": L,
        "repayLoan": L,
        "requestLoanQuote": L,
        "loanQuote": L,
        "updateFinancialProfile": L,
    },
}
DENIED = {"UNAUTHENTICATED", "FORBIDDEN"}
NOTHING_ID = "Tm90aGluZzox"  # base64 "Nothing:1": a well-formed global id of no object


def dummy(graphql_type: GraphQLInputType) -> Any:
    if isinstance(graphql_type, GraphQLNonNull):
        return dummy(graphql_type.of_type)
    if isinstance(graphql_type, GraphQLList):
        return [dummy(graphql_type.of_type)]
    if isinstance(graphql_type, GraphQLEnumType):
        return next(iter(graphql_type.values))
    if isinstance(graphql_type, GraphQLInputObjectType):
        return {
            name: dummy(field.type)
            for name, field in graphql_type.fields.items()
            if isinstance(field.type, GraphQLNonNull)
        }
    assert isinstance(graphql_type, GraphQLScalarType)
    return {
        "ID": NOTHING_ID,
        "String": "x",
        "Int": 1,
        "Float": 1.0,
        "Boolean": False,
        "Decimal": "1.00",
        "DateTime": "2026-01-01T00:00:00+00:00",
        "Date": "2026-01-01",
        "JSON": {},
        "Upload": None,
    }[graphql_type.name]


def document(operation: str, name: str, field: GraphQLField) -> tuple[str, dict[str, Any]]:
    required = {arg: spec for arg, spec in field.args.items() if isinstance(spec.type, GraphQLNonNull)}
    declared = ", ".join(f"${arg}: {spec.type}" for arg, spec in required.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in required)
    returned = get_named_type(field.type)
    selection = " { __typename }" if not isinstance(returned, GraphQLScalarType | GraphQLEnumType) else ""
    text = f"{operation}{f'({declared})' if declared else ''} {{ {name}{f'({passed})' if passed else ''}{selection} }}"
    return text, {arg: dummy(spec.type) for arg, spec in required.items()}


def root_fields() -> list[tuple[str, str, GraphQLField]]:
    schema = build_schema(Settings())._schema
    roots: list[tuple[str, GraphQLObjectType | None]] = [
        ("Query", schema.query_type),
        ("Mutation", schema.mutation_type),
    ]
    return [(root, name, field) for root, type_ in roots if type_ for name, field in type_.fields.items()]


def test_every_root_field_declares_its_access() -> None:
    declared = {(root, name) for root, fields in MATRIX.items() for name in fields}
    present = {(root, name) for root, name, _ in root_fields()}
    assert present - declared == set(), "add these fields to MATRIX with their access"
    assert declared - present == set(), "MATRIX lists fields the schema no longer has"


@pytest.fixture
async def tokens(gql: Any, session: Any) -> dict[str, str | None]:
    customer = await make_user(session)
    admin = await make_user(session, role=Role.ADMIN)
    return {
        "visitor": None,
        "customer": await login(gql, customer.username),
        "admin": await login(gql, admin.username),
    }


async def _call(gql: Any, root: str, name: str, field: GraphQLField, token: str | None) -> dict[str, Any]:
    text, variables = document(root.lower(), name, field)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    uploads = [arg for arg, value in variables.items() if value is None]
    if not uploads:
        response = await gql.http.post(
            "/graphql", json={"query": text, "variables": variables}, headers=headers
        )
    else:  # the GraphQL multipart request spec, with a tiny PNG for each Upload
        files = {
            str(n): (f"{n}.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "image/png") for n in range(len(uploads))
        }
        response = await gql.http.post(
            "/graphql",
            data={
                "operations": json.dumps({"query": text, "variables": variables}),
                "map": json.dumps({str(n): [f"variables.{arg}"] for n, arg in enumerate(uploads)}),
            },
            files=files,
            headers=headers,
        )
    assert response.status_code == 200, (name, response.text)
    body: dict[str, Any] = response.json()
    return body


def _denied(body: dict[str, Any]) -> bool:
    return any((error.get("extensions") or {}).get("code") in DENIED for error in body.get("errors") or [])


async def test_who_may_call_what(gql: Any, tokens: dict[str, str | None]) -> None:
    expected_allowed = {
        Access.PUBLIC: {"visitor", "customer", "admin"},
        Access.LOGIN: {"customer", "admin"},
        Access.ADMIN: {"admin"},
    }
    wrong = []
    for root, name, field in root_fields():
        access = MATRIX[root][name]
        for caller, token in tokens.items():
            body = await _call(gql, root, name, field, token)
            if "internal error" in json.dumps(body.get("errors") or []):
                wrong.append(f"{root}.{name} as {caller}: internal error {body['errors']}")
            allowed = not _denied(body)
            if allowed != (caller in expected_allowed[access]):
                wrong.append(
                    f"{root}.{name} as {caller}: {'allowed' if allowed else 'denied'}, matrix says {access.value}"
                )
    assert wrong == [], "\n".join(wrong)
