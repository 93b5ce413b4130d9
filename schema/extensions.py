"""The schema class and its extensions: the request's session closed when its operation ends,
unexpected errors masked and logged once, expected ones kept out of the error log."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import ExecutionContext

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


class MallSchema(strawberry.Schema):
    """Strawberry's schema with quiet logs for what clients got wrong.

    Strawberry logs every error at ERROR with a traceback: a FORBIDDEN or a typo in a query would
    fill the log. Errors raised on purpose go to DEBUG; bugs and outages are logged (once, with
    their traceback) where they are masked, in `is_internal`.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if not is_unexpected(error):
                log.debug("request error: %s", error.message, extra={"path": error.path})


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


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return not (original is None or isinstance(original, GraphQLError | GlobalIDValueError))


def is_internal(error: GraphQLError) -> bool:
    """Errors raised on purpose are GraphQLErrors; anything else is a bug and its text stays ours."""
    # GlobalIDValueError: a client sent the id of a type that does not exist
    if not is_unexpected(error):
        return False
    original = error.original_error
    if is_outage(original):
        log.warning("store unavailable in %s: %s", error.path, original)
    else:
        log.error("unexpected error in %s", error.path, exc_info=original)
    return True


class PublicErrors(MaskErrors):
    """What a client may see of an error, on every transport (MaskErrors also filters streamed
    results before they are sent): bugs become "internal error", a store outage a clear
    UNAVAILABLE the client can retry; every error carries a code; in production no "Did you mean
    ...?" hint maps the schema for a stranger."""

    def __init__(self, *, hide_suggestions: bool) -> None:
        super().__init__(should_mask_error=is_internal, error_message="internal error, sorry")
        self.hide_suggestions = hide_suggestions

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        for error in processed:
            if self.hide_suggestions:
                error.message = SUGGESTION.sub("", error.message)
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": default_code(error)}
        return processed

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


def default_code(error: GraphQLError) -> str:
    if error.message.startswith("Syntax Error") or isinstance(error.original_error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if error.path is None:  # before execution: validation, variables, the operation's choice
        return "GRAPHQL_VALIDATION_FAILED"
    if error.message == "internal error, sorry":
        return "INTERNAL_SERVER_ERROR"
    return "BAD_REQUEST"
