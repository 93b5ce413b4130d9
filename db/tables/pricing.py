"""Price suggestions: prices proposed by the pricing job, waiting for an admin's decision."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import Money, UTCDateTime, utcnow


class PriceSource(StrEnum):
    LLM = "llm"
    LOCAL = "local"


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    # a newer suggestion for the same product replaced it before anyone decided
    SUPERSEDED = "superseded"


class PriceSuggestion(SQLModel, table=True):
    __tablename__ = "price_suggestions"
    __table_args__ = (
        # one suggestion per product per job run, whatever happens to the worker
        UniqueConstraint("job_id", "product_id", name="uq_price_suggestion_job_product"),
        Index("ix_price_suggestions_status_created", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(
        sa_column=Column(Integer, ForeignKey("products.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    job_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True)
    )
    suggested_price: Decimal = Field(sa_column=Column(Money, nullable=False))
    # the selling price when the suggestion was made, so a reviewer sees the change proposed
    previous_price: Decimal = Field(sa_column=Column(Money, nullable=False))
    # what the model said before the change was capped (MALL_PRICING_MAX_CHANGE); None: not capped
    model_price: Decimal | None = Field(default=None, sa_column=Column(Money, nullable=True))
    # why: {"summary": ..., "comparables": [{"product_id", "name", "price", "size", "unit_price"}]}
    reasons: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    source: PriceSource = Field(sa_column=Column(String(16), nullable=False))
    model: str = Field(sa_column=Column(String(100), nullable=False))
    status: SuggestionStatus = Field(
        default=SuggestionStatus.PENDING, sa_column=Column(String(16), nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    decided_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    )
