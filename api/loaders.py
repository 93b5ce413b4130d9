"""Per-request dataloaders: nested fields load through these, never through the session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel.ext.asyncio.session import AsyncSession
from strawberry.dataloader import DataLoader

from db.tables import (
    Address,
    Category,
    CouponTemplate,
    Loan,
    LoanInstallment,
    LoanOffer,
    Order,
    OrderItem,
    Product,
    User,
)
from resolvers import addresses, catalog, coupons, loans, orders
from resolvers.accounts import users_by_ids

K = TypeVar("K")
V = TypeVar("V")


def _loader(
    session: Callable[[], Awaitable[AsyncSession]],
    batch: Callable[[AsyncSession, Sequence[K]], Awaitable[list[V]]],
) -> DataLoader[K, V]:
    async def load(keys: list[K]) -> list[V]:
        return await batch(await session(), keys)

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    category: DataLoader[int, Category | None]
    product: DataLoader[int, Product | None]
    product_tags: DataLoader[int, list[catalog.Tag]]
    user: DataLoader[int, User | None]
    address: DataLoader[int, Address | None]
    order: DataLoader[int, Order | None]
    order_items: DataLoader[int, list[OrderItem]]
    coupon_template: DataLoader[int, CouponTemplate | None]
    loan: DataLoader[int, Loan | None]
    loan_installments: DataLoader[int, list[LoanInstallment]]
    loan_offers: DataLoader[int, list[LoanOffer]]

    @classmethod
    def build(cls, session: Callable[[], Awaitable[AsyncSession]]) -> Loaders:
        return cls(
            category=_loader(session, catalog.categories_by_ids),
            product=_loader(session, catalog.products_by_ids),
            product_tags=_loader(session, catalog.tags_by_product_ids),
            user=_loader(session, users_by_ids),
            address=_loader(session, addresses.addresses_by_ids),
            order=_loader(session, orders.orders_by_ids),
            order_items=_loader(session, orders.items_by_order_ids),
            coupon_template=_loader(session, coupons.templates_by_ids),
            loan=_loader(session, loans.loans_by_ids),
            loan_installments=_loader(session, loans.installments_by_loan_ids),
            loan_offers=_loader(session, loans.offers_by_quote_ids),
        )
