"""The cart: lines of products with quantities, priced now, with stale lines flagged, not dropped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import CartItem, Product
from db.transaction import retry_lock_conflicts, transaction
from db.types import CENT, utcnow
from resolvers import coupons
from resolvers.errors import DomainError

MAX_LINE_QUANTITY = 99
MAX_LINES = 100


class CartErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PRODUCT_UNAVAILABLE = "product_unavailable"
    OUT_OF_STOCK = "out_of_stock"
    TOO_MANY_LINES = "too_many_lines"


class CartIssue(StrEnum):
    OFF_SALE = "off_sale"  # the product was taken off sale: the line cannot be ordered
    STOCK_SHORT = "stock_short"  # fewer units in stock than the line asks for: cannot be ordered
    PRICE_CHANGED = "price_changed"  # the price differs from the one shown when it was added


@dataclass
class CartLine:
    item: CartItem
    product: Product
    issues: list[CartIssue]

    @property
    def unit_price(self) -> Decimal:
        return self.product.price

    @property
    def line_total(self) -> Decimal:
        return (self.product.price * self.item.quantity).quantize(CENT)

    @property
    def orderable(self) -> bool:
        return not {CartIssue.OFF_SALE, CartIssue.STOCK_SHORT} & set(self.issues)


@dataclass
class Cart:
    """Subtotal, discount and total count only the lines that can be ordered now."""

    lines: list[CartLine]
    subtotal: Decimal
    discount: Decimal = Decimal("0.00")
    coupon_code: str | None = None
    coupon_problem: DomainError | None = None
    item_count: int = field(init=False)

    def __post_init__(self) -> None:
        self.item_count = sum(line.item.quantity for line in self.lines)

    @property
    def total(self) -> Decimal:
        return (self.subtotal - self.discount).quantize(CENT)


def _check_quantity(quantity: int) -> None:
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise DomainError.of(CartErrorCode.INVALID, f"a quantity from 1 to {MAX_LINE_QUANTITY}", "quantity")


def _check_orderable(product: Product, quantity: int) -> None:
    if not product.on_sale:
        raise DomainError.of(CartErrorCode.PRODUCT_UNAVAILABLE, "this product is not on sale", "productId")
    if quantity > product.stock:
        raise DomainError.of(CartErrorCode.OUT_OF_STOCK, f"only {product.stock} left in stock", "quantity")


async def add_to_cart(
    session: AsyncSession, user_id: int, product_id: int, quantity: int, *, retry: bool = True
) -> CartItem:
    """Adds units of a product; adding a product already in the cart raises that line's quantity.

    On MariaDB the new line's insert can deadlock with a checkout taking the same product's row
    (found by bench/load.py); the whole addition, reads included, then runs again.
    """
    return await retry_lock_conflicts(lambda: _add_once(session, user_id, product_id, quantity, retry))


async def _add_once(
    session: AsyncSession, user_id: int, product_id: int, quantity: int, retry: bool
) -> CartItem:
    _check_quantity(quantity)
    product = await session.get(Product, product_id, populate_existing=True)
    if product is None:
        raise DomainError.of(CartErrorCode.NOT_FOUND, "no such product", "productId")
    existing = (
        await session.exec(
            select(CartItem).where(CartItem.user_id == user_id, CartItem.product_id == product_id)
        )
    ).first()
    wanted = quantity + (existing.quantity if existing else 0)
    if wanted > MAX_LINE_QUANTITY:
        raise DomainError.of(CartErrorCode.INVALID, f"at most {MAX_LINE_QUANTITY} of one product", "quantity")
    _check_orderable(product, wanted)
    if existing is None:
        lines = await session.exec(
            select(func.count()).select_from(CartItem).where(CartItem.user_id == user_id)
        )
        if lines.one() >= MAX_LINES:
            raise DomainError.of(CartErrorCode.TOO_MANY_LINES, f"a cart holds at most {MAX_LINES} products")
    try:
        async with transaction(session):
            if existing is None:
                existing = CartItem(
                    user_id=user_id, product_id=product_id, quantity=wanted, seen_price=product.price
                )
                session.add(existing)
            else:
                existing.quantity = wanted
                existing.seen_price = product.price
                existing.updated_at = utcnow()
    except IntegrityError:
        if not retry:
            raise
        # the same product added twice at once: add to the line that won
        return await _add_once(session, user_id, product_id, quantity, retry=False)
    return existing


async def _own_item(session: AsyncSession, user_id: int, item_id: int) -> CartItem:
    item = await session.get(CartItem, item_id)
    if item is None or item.user_id != user_id:
        raise DomainError.of(CartErrorCode.NOT_FOUND, "no such cart item", "itemId")
    return item


async def set_quantity(session: AsyncSession, user_id: int, item_id: int, quantity: int) -> CartItem:
    """Sets a line's quantity; the line then shows the current price as the one the user saw."""
    _check_quantity(quantity)
    item = await _own_item(session, user_id, item_id)
    product = await session.get(Product, item.product_id, populate_existing=True)
    assert product is not None  # a foreign key guarantees it
    _check_orderable(product, quantity)
    async with transaction(session):
        item.quantity = quantity
        item.seen_price = product.price
        item.updated_at = utcnow()
    return item


async def remove_items(session: AsyncSession, user_id: int, item_ids: list[int]) -> int:
    """Removes the lines, all or none: one id that is not the user's changes nothing."""
    wanted = set(item_ids)
    owned = await session.exec(
        select(CartItem.id).where(col(CartItem.id).in_(wanted), CartItem.user_id == user_id)
    )
    if set(owned) != wanted:
        raise DomainError.of(CartErrorCode.NOT_FOUND, "no such cart item", "itemIds")
    async with transaction(session):
        result = await session.exec(
            delete(CartItem).where(col(CartItem.id).in_(wanted), col(CartItem.user_id) == user_id)
        )
    return result.rowcount


async def clear_cart(session: AsyncSession, user_id: int) -> int:
    async with transaction(session):
        result = await session.exec(delete(CartItem).where(col(CartItem.user_id) == user_id))
    return result.rowcount


def _issues(item: CartItem, product: Product) -> list[CartIssue]:
    issues = []
    if not product.on_sale:
        issues.append(CartIssue.OFF_SALE)
    if item.quantity > product.stock:
        issues.append(CartIssue.STOCK_SHORT)
    if product.price != item.seen_price:
        issues.append(CartIssue.PRICE_CHANGED)
    return issues


async def get_cart(
    session: AsyncSession, user_id: int, coupon_code: str | None = None, now: datetime | None = None
) -> Cart:
    """The cart priced now; with a coupon code, the discount it would give (or why it would not)."""
    rows = await session.exec(
        select(CartItem, Product)
        .join(Product, col(Product.id) == CartItem.product_id)
        .where(CartItem.user_id == user_id)
        .order_by(col(CartItem.id))
        .execution_options(populate_existing=True)
    )
    lines = [CartLine(item=item, product=product, issues=_issues(item, product)) for item, product in rows]
    orderable = [line for line in lines if line.orderable]
    cart = Cart(lines=lines, subtotal=sum((line.line_total for line in orderable), Decimal("0.00")))
    if coupon_code:
        cart.coupon_code = coupon_code.strip().upper()
        try:
            _, template = await coupons.find_usable_coupon(session, user_id, coupon_code, now or utcnow())
            cart.discount = await coupons.discount_for(
                session,
                template,
                [coupons.PricedLine(line.product.category_id, line.line_total) for line in orderable],
            )
        except DomainError as exc:
            cart.coupon_problem = exc
    return cart
