"""The address book: a user's shipping addresses, one of them the default."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime, utcnow


class Address(SQLModel, table=True):
    __tablename__ = "addresses"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    )
    name: str = Field(max_length=40)
    phone: str = Field(max_length=20)
    province: str = Field(max_length=40)
    city: str = Field(max_length=40)
    district: str = Field(max_length=40)
    detail: str = Field(max_length=200)
    is_default: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
