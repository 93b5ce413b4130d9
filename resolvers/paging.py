"""Offset pages: what a connection asks for and what a resolver hands back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    offset: int
    limit: int


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    offset: int
    has_next: bool

    @classmethod
    def from_overfetch(cls, rows: list[T], request: PageRequest) -> Page[T]:
        """Rows were fetched with limit + 1: the extra row only tells that a next page exists."""
        return cls(rows[: request.limit], request.offset, len(rows) > request.limit)
