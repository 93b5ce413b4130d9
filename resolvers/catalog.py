"""Catalog rules: the category tree, products, listing with filters and sorts, the home page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import case, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, HomeCarouselItem, HomeSlot, HomeSlotKind, Product, ProductTag
from db.tables.catalog import MAX_CATEGORY_LEVEL
from db.transaction import transaction
from db.types import CENT, utcnow
from resolvers.errors import Collector, DomainError
from resolvers.paging import Page, PageRequest
from resolvers.visible_text import has_invisible_characters

MAX_PRICE = Decimal("99999999.99")
MAX_STOCK = 1_000_000
MAX_IMAGES = 10
# the whole tree is one answer of `categories`: its size bounds that query's cost
MAX_CATEGORIES = 2_000
HOME_SHELF_SIZE = 12


class CatalogErrorCode(StrEnum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    DUPLICATE = "duplicate"
    TOO_DEEP = "too_deep"
    NOT_A_LEAF = "not_a_leaf"
    HAS_CHILDREN = "has_children"
    HAS_PRODUCTS = "has_products"
    TOO_MANY = "too_many"


class ProductSort(StrEnum):
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    RATING = "rating"
    SALES = "sales"


@dataclass(frozen=True)
class ProductFilter:
    category_id: int | None = None
    keyword: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    on_sale_only: bool = True


@dataclass
class ProductFields:
    """The writable fields of a product; None means "leave as it is" on update."""

    name: str | None = None
    intro: str | None = None
    detail: str | None = None
    cover_image: str | None = None
    images: list[str] | None = None
    original_price: Decimal | None = None
    price: Decimal | None = None
    stock: int | None = None
    on_sale: bool | None = None
    asin: str | None = None
    category_id: int | None = None


@dataclass(frozen=True)
class CarouselEntry:
    title: str
    image: str
    product_id: int | None = None


@dataclass
class HomePage:
    carousel: list[HomeCarouselItem] = field(default_factory=list)
    shelves: dict[HomeSlotKind, list[Product]] = field(default_factory=dict)


def not_found(what: str, field_name: str) -> DomainError:
    return DomainError.of(CatalogErrorCode.NOT_FOUND, f"no such {what}", field_name)


# ---- batch loads (dataloaders call these; results come back in key order) ----


async def categories_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Category | None]:
    rows = await session.exec(select(Category).where(col(Category.id).in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(key) for key in ids]


async def products_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Product | None]:
    rows = await session.exec(select(Product).where(col(Product.id).in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(key) for key in ids]


@dataclass(frozen=True, slots=True)
class Tag:
    label: str
    weight: float


async def tags_by_product_ids(session: AsyncSession, ids: Sequence[int]) -> list[list[Tag]]:
    """Plain rows, not ORM objects: a listing page loads a few tags for each of its products."""
    rows = await session.exec(
        select(ProductTag.product_id, ProductTag.label, ProductTag.weight)
        .where(col(ProductTag.product_id).in_(ids))
        .order_by(col(ProductTag.product_id), col(ProductTag.position))
    )
    grouped: dict[int, list[Tag]] = defaultdict(list)
    for product_id, label, weight in rows:
        grouped[product_id].append(Tag(label, weight))
    return [grouped.get(key, []) for key in ids]


# ---- categories ----


async def all_categories(session: AsyncSession) -> list[Category]:
    rows = await session.exec(
        select(Category).order_by(col(Category.level), col(Category.position), col(Category.id))
    )
    return list(rows)


def _check_category_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise DomainError.of(CatalogErrorCode.REQUIRED, "a category needs a name", "name")
    if len(cleaned) > 100:
        raise DomainError.of(CatalogErrorCode.INVALID, "at most 100 characters", "name")
    return cleaned


async def _sibling_named(session: AsyncSession, parent_id: int | None, name: str) -> Category | None:
    # NULL parent ids never collide in a UNIQUE index, so root names are checked here
    result = await session.exec(
        select(Category).where(Category.parent_id == parent_id, Category.name == name)
    )
    return result.first()


async def create_category(session: AsyncSession, name: str, parent_id: int | None) -> Category:
    cleaned = _check_category_name(name)
    parent: Category | None = None
    if parent_id is not None:
        parent = await session.get(Category, parent_id)
        if parent is None:
            raise not_found("parent category", "parentId")
        if parent.level >= MAX_CATEGORY_LEVEL:
            raise DomainError.of(
                CatalogErrorCode.TOO_DEEP,
                f"categories have at most {MAX_CATEGORY_LEVEL} levels",
                "parentId",
            )
    duplicate = DomainError.of(CatalogErrorCode.DUPLICATE, "a sibling category has this name", "name")
    if (await session.exec(select(func.count()).select_from(Category))).one() >= MAX_CATEGORIES:
        raise DomainError.of(
            CatalogErrorCode.TOO_MANY, f"the catalog holds at most {MAX_CATEGORIES} categories"
        )
    if await _sibling_named(session, parent_id, cleaned) is not None:
        raise duplicate
    last = await session.exec(select(func.max(Category.position)).where(Category.parent_id == parent_id))
    category = Category(
        name=cleaned,
        parent_id=parent_id,
        level=parent.level + 1 if parent else 1,
        position=(last.one() or 0) + 1,
    )
    try:
        async with transaction(session):
            session.add(category)
            await session.flush()
            category.path = f"{parent.path if parent else '/'}{category.id}/"
    except IntegrityError as exc:
        raise duplicate from exc
    return category


async def rename_category(session: AsyncSession, category_id: int, name: str) -> Category:
    cleaned = _check_category_name(name)
    category = await session.get(Category, category_id)
    if category is None:
        raise not_found("category", "id")
    sibling = await _sibling_named(session, category.parent_id, cleaned)
    if sibling is not None and sibling.id != category.id:
        raise DomainError.of(CatalogErrorCode.DUPLICATE, "a sibling category has this name", "name")
    async with transaction(session):
        category.name = cleaned
    return category


async def delete_category(session: AsyncSession, category_id: int) -> Category:
    category = await session.get(Category, category_id)
    if category is None:
        raise not_found("category", "id")
    children = await session.exec(
        select(func.count()).select_from(Category).where(Category.parent_id == category_id)
    )
    if children.one():
        raise DomainError.of(CatalogErrorCode.HAS_CHILDREN, "delete or move its subcategories first", "id")
    products = await session.exec(
        select(func.count()).select_from(Product).where(Product.category_id == category_id)
    )
    if products.one():
        raise DomainError.of(CatalogErrorCode.HAS_PRODUCTS, "the category still holds products", "id")
    async with transaction(session):
        await session.delete(category)
    return category


async def reorder_categories(
    session: AsyncSession, parent_id: int | None, ordered_ids: list[int]
) -> list[Category]:
    rows = await session.exec(
        select(Category).where(Category.parent_id == parent_id).order_by(col(Category.position))
    )
    siblings: dict[int, Category] = {row.id: row for row in rows if row.id is not None}
    if sorted(ordered_ids) != sorted(siblings) or len(set(ordered_ids)) != len(ordered_ids):
        raise DomainError.of(
            CatalogErrorCode.INVALID,
            "list every child of the parent exactly once",
            "orderedIds",
        )
    async with transaction(session):
        for position, category_id in enumerate(ordered_ids, start=1):
            siblings[category_id].position = position
    return [siblings[category_id] for category_id in ordered_ids]


# ---- products ----


async def _validate_product(
    session: AsyncSession, fields: ProductFields, *, creating: bool, current: Product | None = None
) -> None:
    errors = Collector()
    if creating:
        for name in ("name", "original_price", "price", "category_id"):
            if getattr(fields, name) is None:
                errors.add(CatalogErrorCode.REQUIRED, "this field is required", _camel(name))
    if fields.name is not None and not 1 <= len(fields.name.strip()) <= 300:
        errors.add(CatalogErrorCode.INVALID, "a name of 1 to 300 characters", "name")
    if fields.intro is not None and len(fields.intro) > 1000:
        errors.add(CatalogErrorCode.INVALID, "at most 1000 characters", "intro")
    if fields.detail is not None and len(fields.detail) > 20_000:
        errors.add(CatalogErrorCode.INVALID, "at most 20000 characters", "detail")
    for name in ("original_price", "price"):
        value: Decimal | None = getattr(fields, name)
        if value is not None and not (Decimal(0) <= value <= MAX_PRICE):
            errors.add(CatalogErrorCode.INVALID, f"a price from 0 to {MAX_PRICE}", _camel(name))
        elif value is not None and value != value.quantize(Decimal("0.01")):
            errors.add(CatalogErrorCode.INVALID, "a price has at most two decimals", _camel(name))
    if fields.stock is not None and not 0 <= fields.stock <= MAX_STOCK:
        errors.add(CatalogErrorCode.INVALID, f"stock from 0 to {MAX_STOCK}", "stock")
    if fields.images is not None and len(fields.images) > MAX_IMAGES:
        errors.add(CatalogErrorCode.INVALID, f"at most {MAX_IMAGES} images", "images")
    for url_field in [fields.cover_image, *(fields.images or [])]:
        if url_field is not None and len(url_field) > 500:
            errors.add(CatalogErrorCode.INVALID, "image addresses are at most 500 characters", "images")
    if fields.asin is not None and not (1 <= len(fields.asin) <= 20 and fields.asin.isalnum()):
        errors.add(CatalogErrorCode.INVALID, "an ASIN is 1 to 20 letters or digits", "asin")
    errors.raise_if_any()
    if fields.category_id is not None:
        category = await session.get(Category, fields.category_id)
        if category is None:
            raise not_found("category", "categoryId")
        if category.level != MAX_CATEGORY_LEVEL:
            raise DomainError.of(
                CatalogErrorCode.NOT_A_LEAF,
                "products belong to a level-3 category",
                "categoryId",
            )
    if fields.asin is not None:
        owner = (await session.exec(select(Product).where(Product.asin == fields.asin))).first()
        if owner is not None and (current is None or owner.id != current.id):
            raise DomainError.of(CatalogErrorCode.DUPLICATE, "another product has this ASIN", "asin")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _apply(product: Product, fields: ProductFields) -> None:
    for name, value in vars(fields).items():
        if isinstance(value, Decimal):
            value = value.quantize(CENT)
        elif name == "name" and value is not None:
            value = value.strip()
        if value is not None:
            setattr(product, name, value)
    product.updated_at = utcnow()


async def create_product(session: AsyncSession, fields: ProductFields) -> Product:
    await _validate_product(session, fields, creating=True)
    assert fields.original_price is not None
    assert fields.price is not None
    assert fields.category_id is not None
    assert fields.name is not None
    product = Product(
        name=fields.name,
        original_price=fields.original_price,
        price=fields.price,
        category_id=fields.category_id,
    )
    _apply(product, fields)
    async with transaction(session):
        session.add(product)
    return product


async def update_product(session: AsyncSession, product_id: int, fields: ProductFields) -> Product:
    product = await session.get(Product, product_id)
    if product is None:
        raise not_found("product", "id")
    await _validate_product(session, fields, creating=False, current=product)
    async with transaction(session):
        _apply(product, fields)
    return product


async def set_product_on_sale(session: AsyncSession, product_id: int, on_sale: bool) -> Product:
    return await update_product(session, product_id, ProductFields(on_sale=on_sale))


async def get_product(session: AsyncSession, product_id: int, *, fresh: bool = False) -> Product | None:
    """fresh=True re-reads a product that a single UPDATE (rating, stock) has just changed."""
    return await session.get(Product, product_id, populate_existing=fresh)


def _rating_expression() -> object:
    return case(
        (col(Product.rating_count) > 0, col(Product.rating_sum) * 1.0 / col(Product.rating_count)),
        else_=0,
    )


def _filtered(filter_: ProductFilter) -> object:
    query = select(Product)
    if filter_.on_sale_only:
        query = query.where(col(Product.on_sale).is_(True))
    if filter_.category_id is not None:
        subtree_prefix = select(Category.path).where(Category.id == filter_.category_id).scalar_subquery()
        in_subtree = select(Category.id).where(col(Category.path).startswith(subtree_prefix))
        query = query.where(col(Product.category_id).in_(in_subtree))
    if filter_.keyword and filter_.keyword.strip():
        query = query.where(col(Product.name).contains(filter_.keyword.strip(), autoescape=True))
    if filter_.min_price is not None:
        query = query.where(col(Product.price) >= filter_.min_price)
    if filter_.max_price is not None:
        query = query.where(col(Product.price) <= filter_.max_price)
    return query


def product_query(filter_: ProductFilter) -> Any:
    """The SELECT of products that pass the filter, for other domains to narrow (search)."""
    return _filtered(filter_)


def validate_filter(filter_: ProductFilter) -> None:
    if (
        filter_.min_price is not None
        and filter_.max_price is not None
        and filter_.min_price > filter_.max_price
    ):
        raise DomainError.of(CatalogErrorCode.INVALID, "minPrice is above maxPrice", "filter")
    if filter_.keyword is not None and len(filter_.keyword) > 200:
        raise DomainError.of(CatalogErrorCode.INVALID, "keyword: at most 200 characters", "filter")
    if filter_.keyword is not None and has_invisible_characters(filter_.keyword):
        raise DomainError.of(CatalogErrorCode.INVALID, "keyword: visible characters only", "filter")


async def list_products(
    session: AsyncSession, filter_: ProductFilter, sort: ProductSort, page: PageRequest
) -> Page[Product]:
    validate_filter(filter_)
    order = {
        ProductSort.NEWEST: [col(Product.created_at).desc(), col(Product.id).desc()],
        ProductSort.PRICE_ASC: [col(Product.price).asc(), col(Product.id).asc()],
        ProductSort.PRICE_DESC: [col(Product.price).desc(), col(Product.id).desc()],
        ProductSort.RATING: [
            _rating_expression().desc(),  # type: ignore[attr-defined]
            col(Product.rating_count).desc(),
            col(Product.id).desc(),
        ],
        ProductSort.SALES: [col(Product.sales).desc(), col(Product.id).desc()],
    }[sort]
    query = _filtered(filter_).order_by(*order).offset(page.offset).limit(page.limit + 1)  # type: ignore[attr-defined]
    rows = await session.exec(query)
    return Page.from_overfetch(list(rows), page)


async def count_products(session: AsyncSession, filter_: ProductFilter) -> int:
    validate_filter(filter_)
    subquery = _filtered(filter_).subquery()  # type: ignore[attr-defined]
    result = await session.exec(select(func.count()).select_from(subquery))
    return int(result.one())


# ---- home page ----


async def home_page(session: AsyncSession, shelf_size: int = HOME_SHELF_SIZE) -> HomePage:
    carousel = await session.exec(select(HomeCarouselItem).order_by(col(HomeCarouselItem.position)))
    pinned_rows = await session.exec(
        select(HomeSlot, Product)
        .join(Product, col(Product.id) == HomeSlot.product_id)
        .where(col(Product.on_sale).is_(True))
        .order_by(col(HomeSlot.kind), col(HomeSlot.position))
    )
    shelves: dict[HomeSlotKind, list[Product]] = {kind: [] for kind in HomeSlotKind}
    for slot, product in pinned_rows:
        shelves[HomeSlotKind(slot.kind)].append(product)
    fill_order: dict[HomeSlotKind, list[Any]] = {
        HomeSlotKind.HOT: [col(Product.sales).desc(), col(Product.id)],
        HomeSlotKind.NEW: [col(Product.created_at).desc(), col(Product.id).desc()],
        HomeSlotKind.RECOMMENDED: [
            _rating_expression().desc(),  # type: ignore[attr-defined]
            col(Product.rating_count).desc(),
            col(Product.id),
        ],
    }
    for kind, order in fill_order.items():
        shelf = shelves[kind][:shelf_size]
        missing = shelf_size - len(shelf)
        if missing > 0:
            taken = [product.id for product in shelf]
            query = select(Product).where(col(Product.on_sale).is_(True))
            if taken:
                query = query.where(col(Product.id).not_in(taken))
            fill = await session.exec(query.order_by(*order).limit(missing))
            shelf.extend(fill)
        shelves[kind] = shelf
    return HomePage(carousel=list(carousel), shelves=shelves)


async def set_home_shelf(session: AsyncSession, kind: HomeSlotKind, product_ids: list[int]) -> list[int]:
    if len(set(product_ids)) != len(product_ids):
        raise DomainError.of(CatalogErrorCode.DUPLICATE, "a product is listed twice", "productIds")
    if len(product_ids) > HOME_SHELF_SIZE:
        raise DomainError.of(
            CatalogErrorCode.INVALID, f"at most {HOME_SHELF_SIZE} pinned products", "productIds"
        )
    found = await products_by_ids(session, product_ids)
    if any(product is None for product in found):
        raise not_found("product", "productIds")
    async with transaction(session):
        existing = await session.exec(select(HomeSlot).where(HomeSlot.kind == kind))
        for slot in existing:
            await session.delete(slot)
        await session.flush()
        for position, product_id in enumerate(product_ids):
            session.add(HomeSlot(kind=kind, product_id=product_id, position=position))
    return product_ids


async def set_home_carousel(session: AsyncSession, entries: list[CarouselEntry]) -> list[HomeCarouselItem]:
    errors = Collector()
    if len(entries) > 10:
        errors.add(CatalogErrorCode.INVALID, "at most 10 carousel items", "items")
    for index, entry in enumerate(entries):
        if not 1 <= len(entry.title.strip()) <= 120:
            errors.add(CatalogErrorCode.INVALID, "a title of 1 to 120 characters", f"items.{index}.title")
        if not 1 <= len(entry.image) <= 500:
            errors.add(CatalogErrorCode.INVALID, "an image address is required", f"items.{index}.image")
    errors.raise_if_any()
    linked = [entry.product_id for entry in entries if entry.product_id is not None]
    if linked and any(product is None for product in await products_by_ids(session, linked)):
        raise not_found("product", "items")
    items = [
        HomeCarouselItem(title=e.title.strip(), image=e.image, product_id=e.product_id, position=i)
        for i, e in enumerate(entries)
    ]
    async with transaction(session):
        for old in await session.exec(select(HomeCarouselItem)):
            await session.delete(old)
        await session.flush()
        session.add_all(items)
    return items


async def increment_rating(session: AsyncSession, product_id: int, stars: int) -> None:
    """A single UPDATE, so that concurrent reviews never lose a count."""
    await session.exec(
        update(Product)
        .where(col(Product.id) == product_id)
        .values(
            rating_sum=col(Product.rating_sum) + stars,
            rating_count=col(Product.rating_count) + 1,
        )
    )


def category_names(categories: Sequence[Category]) -> dict[int, list[str]]:
    """Each category's path of names, from the materialised id path ("/1/7/42/")."""
    names = {category.id: category.name for category in categories if category.id is not None}
    return {
        category.id: [names[int(part)] for part in category.path.strip("/").split("/") if part.isdigit()]
        for category in categories
        if category.id is not None
    }
