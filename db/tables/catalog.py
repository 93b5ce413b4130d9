"""Catalog: the 3-level category tree, products, their review-derived tags and the home page."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import Money, UTCDateTime, utcnow

MAX_CATEGORY_LEVEL = 3


class Category(SQLModel, table=True):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_category_sibling_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    parent_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("categories.id", ondelete="RESTRICT"), index=True),
    )
    level: int = Field(ge=1, le=MAX_CATEGORY_LEVEL)
    position: int = Field(default=0)
    # materialised path "/1/7/42/": a subtree filter is one indexed LIKE, not a recursive query
    path: str = Field(default="", sa_column=Column(String(64), nullable=False, index=True))


class Product(SQLModel, table=True):
    __tablename__ = "products"
    __table_args__ = (
        Index("ix_products_on_sale_created", "on_sale", "created_at"),
        Index("ix_products_category_on_sale", "category_id", "on_sale"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(300), nullable=False))
    intro: str = Field(default="", sa_column=Column(String(1000), nullable=False, default=""))
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    cover_image: str | None = Field(default=None, max_length=500)
    images: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    original_price: Decimal = Field(sa_column=Column(Money, nullable=False))
    price: Decimal = Field(sa_column=Column(Money, nullable=False))
    stock: int = Field(default=0, ge=0)
    on_sale: bool = Field(default=True)
    asin: str | None = Field(default=None, sa_column=Column(String(20), unique=True))
    # stable identity of an imported line so that importing a file twice changes nothing
    import_key: str | None = Field(default=None, sa_column=Column(String(64), unique=True))
    category_id: int = Field(
        sa_column=Column(Integer, ForeignKey("categories.id", ondelete="RESTRICT"), nullable=False)
    )
    # denormalised so that listing, sorting by rating and the product page cost no aggregate
    rating_sum: int = Field(default=0)
    rating_count: int = Field(default=0)
    sales: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class ProductTag(SQLModel, table=True):
    """A tag learned from reviews (filled by the tagging jobs), weight = share of reviews."""

    __tablename__ = "product_tags"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(
        sa_column=Column(Integer, ForeignKey("products.id", ondelete="CASCADE"), index=True, nullable=False)
    )
    label: str = Field(max_length=100)
    weight: float = Field(default=0.0)
    position: int = Field(default=0)


class HomeSlotKind(StrEnum):
    HOT = "hot"
    NEW = "new"
    RECOMMENDED = "recommended"


class HomeCarouselItem(SQLModel, table=True):
    __tablename__ = "home_carousel"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=120)
    image: str = Field(max_length=500)
    product_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("products.id", ondelete="CASCADE"))
    )
    position: int = Field(default=0)


class HomeSlot(SQLModel, table=True):
    """A product pinned by an admin to a home-page shelf; the rest of the shelf fills itself."""

    __tablename__ = "home_slots"
    __table_args__ = (UniqueConstraint("kind", "product_id", name="uq_home_slot_product"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: HomeSlotKind = Field(sa_column=Column(String(16), nullable=False))
    product_id: int = Field(
        sa_column=Column(Integer, ForeignKey("products.id", ondelete="CASCADE"), nullable=False)
    )
    position: int = Field(default=0)
