"""Orders and their items: prices, names and the address are snapshots taken at checkout."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import Money, UTCDateTime, utcnow


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"  # by its owner, before shipping
    CLOSED = "closed"  # by an admin, or automatically when left unpaid


class PaymentMethod(StrEnum):
    MOCK_CARD = "mock_card"
    WALLET = "wallet"


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        # a replayed checkout finds its order instead of placing a second one
        UniqueConstraint("user_id", "idempotency_key", name="uq_order_user_idempotency_key"),
        Index("ix_orders_user_created", "user_id", "created_at"),
        Index("ix_orders_status_created", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String(24), unique=True, nullable=False))
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    )
    idempotency_key: str = Field(sa_column=Column(String(64), nullable=False))
    status: OrderStatus = Field(
        default=OrderStatus.PENDING_PAYMENT, sa_column=Column(String(16), nullable=False)
    )
    subtotal: Decimal = Field(sa_column=Column(Money, nullable=False))
    discount: Decimal = Field(sa_column=Column(Money, nullable=False))
    total: Decimal = Field(sa_column=Column(Money, nullable=False))
    coupon_code: str | None = Field(default=None, sa_column=Column(String(20)))
    ship_name: str = Field(max_length=40)
    ship_phone: str = Field(max_length=20)
    ship_province: str = Field(max_length=40)
    ship_city: str = Field(max_length=40)
    ship_district: str = Field(max_length=40)
    ship_detail: str = Field(max_length=200)
    payment_method: PaymentMethod | None = Field(default=None, sa_column=Column(String(16)))
    payment_reference: str | None = Field(default=None, sa_column=Column(String(64)))
    tracking_note: str | None = Field(default=None, sa_column=Column(String(200)))
    close_reason: str | None = Field(default=None, sa_column=Column(String(200)))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    paid_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    shipped_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    completed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class OrderItem(SQLModel, table=True):
    __tablename__ = "order_items"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(
        sa_column=Column(Integer, ForeignKey("orders.id", ondelete="CASCADE"), index=True, nullable=False)
    )
    product_id: int = Field(
        sa_column=Column(Integer, ForeignKey("products.id", ondelete="RESTRICT"), nullable=False)
    )
    product_name: str = Field(sa_column=Column(String(300), nullable=False))
    product_image: str | None = Field(default=None, max_length=500)
    unit_price: Decimal = Field(sa_column=Column(Money, nullable=False))
    quantity: int = Field(ge=1)
    line_total: Decimal = Field(sa_column=Column(Money, nullable=False))
