"""Small factories that build test data through the real resolvers."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any, Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, Product, Role, User
from resolvers import accounts, catalog
from resolvers.catalog import ProductFields

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


async def make_user(session: AsyncSession, username: str | None = None, role: Role = Role.CUSTOMER) -> User:
    return await accounts.register(session, username or f"user{next(_numbers)}", PASSWORD, role=role)


async def make_leaf(session: AsyncSession, *names: str) -> Category:
    """A level-3 category under new level-1 and level-2 parents (names default to unique ones)."""
    n = next(_numbers)
    top, middle, leaf = (list(names) + [f"Top {n}", f"Middle {n}", f"Leaf {n}"][len(names) :])[:3]
    first = await catalog.create_category(session, top, None)
    second = await catalog.create_category(session, middle, first.id)
    return await catalog.create_category(session, leaf, second.id)


async def make_product(session: AsyncSession, category: Category, **fields: Any) -> Product:
    n = next(_numbers)
    values: dict[str, Any] = {
        "name": f"Product {n}",
        "original_price": Decimal("10.00"),
        "price": Decimal("9.50"),
        "stock": 10,
        "category_id": category.id,
    }
    values.update(fields)
    return await catalog.create_product(session, ProductFields(**values))


LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token errors { field code message } }
}
"""


async def login(gql: Any, username: str, password: str = PASSWORD) -> str:
    data = await gql(LOGIN, {"username": username, "password": password})
    token: str = data["login"]["token"]
    assert token, data
    return token


# ---- buying ----

from datetime import UTC, datetime, timedelta  # noqa: E402

from db.tables import Address, CartItem, CouponKind, CouponTemplate  # noqa: E402
from resolvers import addresses, cart, coupons  # noqa: E402


async def make_address(session: AsyncSession, user: User, **fields: Any) -> Address:
    values: dict[str, Any] = {
        "name": "Ada Buyer",
        "phone": "+1 555 0100",
        "province": "CA",
        "city": "San Francisco",
        "district": "Mission",
        "detail": "1 Market St",
    }
    values.update(fields)
    assert user.id is not None
    return await addresses.create_address(session, user.id, addresses.AddressFields(**values))


async def make_cart_item(session: AsyncSession, user: User, product: Product, quantity: int = 1) -> CartItem:
    assert user.id is not None
    assert product.id is not None
    return await cart.add_to_cart(session, user.id, product.id, quantity)


async def make_coupon_template(session: AsyncSession, **fields: Any) -> CouponTemplate:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "name": f"Coupon {next(_numbers)}",
        "kind": CouponKind.FIXED,
        "value": Decimal("5.00"),
        "valid_from": now - timedelta(days=1),
        "valid_until": now + timedelta(days=30),
        "total_quantity": 100,
        "per_user_limit": 5,
    }
    values.update(fields)
    return await coupons.create_template(session, coupons.TemplateFields(**values))


class _Saved(Protocol):
    id: int | None


def pk(row: _Saved) -> int:
    """The primary key of a saved row, typed as the int it is."""
    assert row.id is not None
    return row.id


# ---- search ----

from resolvers.imports import CatalogLine, import_lines  # noqa: E402

SEARCH_CATEGORIES = (
    "Ground Coffee",
    "Whole Bean Coffee",
    "Coffee Pods",
    "Green Tea",
    "Fresh Fruit",
    "Potato Chips",
    "Cookies",
    "Chocolate Gift Boxes",
    "Mixed Nuts",
    "Hot Sauce",
    "Sparkling Water",
    "Olive Oil",
)


async def make_sample_catalog(session: AsyncSession, per_category: int = 4) -> list[Product]:
    """A few dozen of the generated sample products (the real generator), in a dozen categories."""
    from sqlmodel import col, select

    from sample import generate_products

    chosen: list[Any] = []
    for category in SEARCH_CATEGORIES:
        chosen += [p for p in generate_products(400, 7) if p.c3 == category][:per_category]
    lines = [
        (
            n,
            CatalogLine(
                path=(p.c1, p.c2, p.c3),
                name=p.name,
                intro=p.intro,
                detail=p.detail,
                image=None,
                price=p.price,
                original_price=p.original_price,
                stock=p.stock or 10,
                on_sale=True,
                asin=p.asin,
            ),
        )
        for n, p in enumerate(chosen, start=1)
    ]
    await import_lines(session, lines)
    rows = await session.exec(select(Product).order_by(col(Product.id)))
    return list(rows)


# ---- loans ----

from functools import lru_cache  # noqa: E402
from pathlib import Path  # noqa: E402

from db.tables import Education, FinancialProfile, PropertyArea  # noqa: E402
from ml.loans import LoanModel  # noqa: E402
from resolvers import loans  # noqa: E402


async def make_three_aisle_catalog(session: AsyncSession, per_category: int = 5) -> list[Product]:
    """Products in three level-3 categories (Coffee, Tea, Chips) whose words tell them apart,
    for the category classifier."""
    products = []
    for name, words in (
        ("Coffee", "dark roast espresso beans"),
        ("Tea", "green jasmine tea leaves"),
        ("Chips", "crispy salted potato chips"),
    ):
        leaf = await make_leaf(session, f"Food {name}", f"Aisle {name}", name)
        for n in range(per_category):
            products.append(
                await make_product(session, leaf, name=f"{words} pack {n}", intro=f"Our {words}, size {n}.")
            )
    return products


@lru_cache(maxsize=1)
def trained_loan_model() -> LoanModel:
    """A calibrated model fitted once per test process on synthetic applications (sample.loans)."""
    from sample.loans import generate_applications

    return LoanModel().fit(generate_applications(rows=400, seed=5), kind="logistic_regression")


def save_loan_model(path: Path) -> Path:
    return trained_loan_model().save(path)


async def make_profile(session: AsyncSession, user: User, **fields: Any) -> FinancialProfile:
    values: dict[str, Any] = {
        "applicant_income": Decimal("4000.00"),
        "coapplicant_income": Decimal("0.00"),
        "dependents": 0,
        "education": Education.GRADUATE,
        "self_employed": False,
        "property_area": PropertyArea.URBAN,
        "monthly_debt": Decimal("0.00"),
        "meets_credit_guideline": True,
    }
    values.update(fields)
    assert user.id is not None
    return await loans.update_profile(session, user.id, loans.ProfileFields(**values))


# ---- purchase history (what the credit score and limit read) ----

import uuid  # noqa: E402

from sqlalchemy import update  # noqa: E402

from db.tables import Order, OrderStatus  # noqa: E402
from db.transaction import transaction  # noqa: E402
from db.types import utcnow  # noqa: E402


async def make_order(
    session: AsyncSession, user: User, status: OrderStatus, total: str = "40.00", days_ago: int = 10
) -> None:
    """An order row as checkout would leave it; the score reads only status, dates and totals."""
    created = utcnow() - timedelta(days=days_ago)
    paid = status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.COMPLETED)
    async with transaction(session):
        session.add(
            Order(
                number=uuid.uuid4().hex[:20],
                user_id=pk(user),
                idempotency_key=uuid.uuid4().hex,
                status=status,
                subtotal=Decimal(total),
                discount=Decimal("0.00"),
                total=Decimal(total),
                ship_name="A",
                ship_phone="1",
                ship_province="P",
                ship_city="C",
                ship_district="D",
                ship_detail="X",
                created_at=created,
                paid_at=created if paid else None,
            )
        )


async def make_established(
    session: AsyncSession, user: User, days: int = 800, delivered: str = "2000.00"
) -> None:
    """A customer of long standing: the account opened `days` ago and one delivered order.

    With the defaults the credit limit is 6,500 (500 + 3 x 2,000), above what most tests borrow.
    """
    async with transaction(session):
        await session.exec(
            update(User).where(User.id == pk(user)).values(created_at=utcnow() - timedelta(days=days))  # type: ignore[arg-type]
        )
    await session.refresh(user)
    await make_order(session, user, OrderStatus.COMPLETED, delivered, days_ago=days // 2)
