"""Users: credentials (argon2 hashes only), profile and role."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime, utcnow


class Role(StrEnum):
    CUSTOMER = "customer"
    ADMIN = "admin"


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=Column(String(32), unique=True, nullable=False))
    password_hash: str = Field(sa_column=Column(String(255), nullable=False))
    nickname: str = Field(default="", max_length=40)
    signature: str = Field(default="", max_length=200)
    avatar: str | None = Field(default=None, max_length=255)
    role: Role = Field(default=Role.CUSTOMER, sa_column=Column(String(16), nullable=False))
    is_locked: bool = Field(default=False)
    # bumped on password change so that tokens issued before it stop working
    token_version: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
