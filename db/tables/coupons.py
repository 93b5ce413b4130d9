"""Coupons: templates admins define, and the coupons users hold (each with its own code)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from db.types import Money, UTCDateTime, utcnow


class CouponKind(StrEnum):
    FIXED = "fixed"  # value is an amount off
    PERCENT = "percent"  # value is a percentage off, 0 < value <= 100


class CouponStatus(StrEnum):
    AVAILABLE = "available"
    USED = "used"
    EXPIRED = "expired"


class CouponTemplate(SQLModel, table=True):
    __tablename__ = "coupon_templates"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    kind: CouponKind = Field(sa_column=Column(String(16), nullable=False))
    value: Decimal = Field(sa_column=Column(Money, nullable=False))
    min_spend: Decimal = Field(sa_column=Column(Money, nullable=False))
    valid_from: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    valid_until: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    total_quantity: int = Field(ge=1)
    # raised by one conditional UPDATE per grant, so no more than total_quantity are ever granted
    granted: int = Field(default=0)
    per_user_limit: int = Field(default=1, ge=1)
    category_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("categories.id", ondelete="RESTRICT"))
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class UserCoupon(SQLModel, table=True):
    __tablename__ = "user_coupons"
    __table_args__ = (Index("ix_user_coupons_user_template", "user_id", "template_id"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(20), unique=True, nullable=False))
    template_id: int = Field(
        sa_column=Column(Integer, ForeignKey("coupon_templates.id", ondelete="RESTRICT"), nullable=False)
    )
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    status: CouponStatus = Field(default=CouponStatus.AVAILABLE, sa_column=Column(String(16), nullable=False))
    order_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    )
    granted_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
