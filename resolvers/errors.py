"""Domain errors: what a user did wrong, as data the schema turns into payload errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class FieldError:
    code: StrEnum
    message: str
    field: str | None = None


class DomainError(Exception):
    """Raised by resolvers for user mistakes; carries one or more field errors, never internals."""

    def __init__(self, *errors: FieldError) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = list(errors)

    @classmethod
    def of(cls, code: StrEnum, message: str, field: str | None = None) -> DomainError:
        return cls(FieldError(code, message, field))


class Collector:
    """Gathers every validation problem of an input so the user sees them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, code: StrEnum, message: str, field: str | None = None) -> None:
        self.errors.append(FieldError(code, message, field))

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainError(*self.errors)
