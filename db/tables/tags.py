"""Review tags: teacher labels cached per review text (never paid for twice) and tagger outputs."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime, utcnow

LABEL_CHARS = 100


class TeacherSource(StrEnum):
    LLM = "llm"
    LOCAL = "local"


class ReviewLabel(SQLModel, table=True):
    """One row per distinct review text (llm.tag_teacher.review_key), shared by identical reviews.

    `teacher_label` is None when the teacher had nothing to say (the review is still marked
    taught, so it is not asked again); `generated_label` is the serving tagger's output and
    `tagger_version` says which checkpoint wrote it, so a new model relabels every review.
    """

    __tablename__ = "review_labels"
    __table_args__ = (UniqueConstraint("text_hash", name="uq_review_labels_text_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    text_hash: str = Field(sa_column=Column(String(64), nullable=False))
    teacher_label: str | None = Field(default=None, sa_column=Column(String(LABEL_CHARS), nullable=True))
    teacher: TeacherSource | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    teacher_model: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    generated_label: str | None = Field(default=None, sa_column=Column(String(LABEL_CHARS), nullable=True))
    tagger_version: str | None = Field(default=None, sa_column=Column(String(32), nullable=True, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class ProductTagState(SQLModel, table=True):
    """What a product's tags were clustered from: a digest of its generated labels.

    cluster_tags re-clusters a product only when the digest changed (new reviews, new tagger).
    """

    __tablename__ = "product_tag_states"

    product_id: int = Field(
        sa_column=Column(Integer, ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    )
    labels_digest: str = Field(sa_column=Column(String(64), nullable=False))
    label_count: int = Field(default=0)
    clustered_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
