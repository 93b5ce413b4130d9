"""Schema extensions: the request's session is closed when its operation ends; unexpected errors masked."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator

from graphql import GraphQLError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay.types import GlobalIDValueError

# what a store that is down or restarting raises; anything else unexpected is a bug
OUTAGES = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
    RedisConnectionError,
    RedisTimeoutError,
)
SUGGESTION = re.compile(r" Did you mean .*\?$")
UNAVAILABLE = "a store the mall needs is unavailable right now; try again shortly"

log = logging.getLogger(__name__)


class CloseSession(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        close = getattr(context, "close", None)
        if close is not None:
            try:
                await close()
            except Exception:  # noqa: BLE001 - a dead connection must not turn an answer into a 500
                log.warning("closing the request's session failed", exc_info=True)


def is_outage(error: BaseException | None) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, OUTAGES)


def is_internal(error: GraphQLError) -> bool:
    """Errors raised on purpose are GraphQLErrors; anything else is a bug and its text stays ours."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError | GlobalIDValueError):
        return False  # GlobalIDValueError: a client sent the id of a type that does not exist
    if is_outage(original):
        log.warning("store unavailable in %s: %s", error.path, original)
    else:
        log.error("unexpected error in %s", error.path, exc_info=original)
    return True


class PublicErrors(MaskErrors):
    """Bugs become "internal error"; a store outage becomes a clear UNAVAILABLE the client can retry."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if is_outage(error.original_error):
            return GraphQLError(
                UNAVAILABLE,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": "UNAVAILABLE"},
            )
        return super().anonymise_error(error)


def mask_internal_errors() -> MaskErrors:
    return PublicErrors(should_mask_error=is_internal, error_message="internal error, sorry")


class HideSuggestions(SchemaExtension):
    """Production: no "Did you mean ...?" hints, which would map the schema for a stranger."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            error.message = SUGGESTION.sub("", error.message)
