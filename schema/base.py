"""What every domain module of the schema shares: Info, global IDs, pages and public errors."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry import relay

from api.context import Context
from resolvers.errors import DomainError
from resolvers.paging import Page, PageRequest
from schema.scalars import parse_pk

Info: TypeAlias = strawberry.Info[Context, None]
T = TypeVar("T")
N = TypeVar("N")

PAGE_SIZE_DESCRIPTION = "Page size, 1 to 100."


class PublicError(GraphQLError):
    """An error whose message is meant for the client (bad arguments, not found, not allowed)."""

    def __init__(self, message: str, code: str = "BAD_REQUEST", field: str | None = None) -> None:
        extensions: dict[str, Any] = {"code": code}
        if field is not None:
            extensions["field"] = field
        super().__init__(message, extensions=extensions)


def public(exc: DomainError) -> PublicError:
    first = exc.errors[0]
    return PublicError(str(exc), code=str(first.code).upper(), field=first.field)


def node_pk(global_id: relay.GlobalID | strawberry.ID | str, type_name: str) -> int:
    """The integer key behind a global ID; an ID of another type or garbage maps to -1 (not found)."""
    try:
        parsed = (
            global_id if isinstance(global_id, relay.GlobalID) else relay.GlobalID.from_id(str(global_id))
        )
        if parsed.type_name != type_name:
            return -1
    except (ValueError, TypeError, binascii.Error, GraphQLError):
        return -1
    pk = parse_pk(parsed.node_id)
    return -1 if pk is None else pk


def to_global_id(type_name: str, pk: int | None) -> relay.GlobalID:
    return relay.GlobalID(type_name, str(pk))


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        offset = int(value)
        if kind != "o" or offset < 0:
            raise ValueError(cursor)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise PublicError("the cursor is not valid", field="after") from exc
    return offset


def page_request(first: int, after: str | None, max_size: int = 100) -> PageRequest:
    if not 1 <= first <= max_size:
        raise PublicError(f"first must be between 1 and {max_size}", field="first")
    offset = decode_cursor(after) + 1 if after else 0
    return PageRequest(offset=offset, limit=first)


@strawberry.type(description="Where a page sits in the list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def page_info(page: Page[Any]) -> PageInfo:
    count = len(page.items)
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.offset > 0,
        start_cursor=encode_cursor(page.offset) if count else None,
        end_cursor=encode_cursor(page.offset + count - 1) if count else None,
    )


def edges(page: Page[T], make_node: Callable[[T], N], make_edge: Callable[[str, N], Any]) -> list[Any]:
    return [
        make_edge(encode_cursor(page.offset + index), make_node(item))
        for index, item in enumerate(page.items)
    ]


def errors_of(error_type: Callable[..., T], exc: DomainError) -> list[T]:
    return [error_type(field=e.field, code=e.code, message=e.message) for e in exc.errors]


def not_none(items: Sequence[T | None]) -> list[T]:
    return [item for item in items if item is not None]
