"""The one gate every operation passes, whatever carried it (HTTP POST, GET, graphql-transport-ws).

Strawberry runs schema extensions for each transport alike, so the rules live here and nowhere
else: the document's size (tokens, counted while lexing, so a huge document is refused in
milliseconds), one operation chosen without ambiguity, subscriptions only over a WebSocket, the
persisted-query allow-list, validation with the depth, alias and (in production) introspection
rules, and the cost limit. Errors are set as pre-execution errors, which strawberry answers the
same way on every transport (a request error over HTTP, an `error` message over a WebSocket).

Validating a document is the expensive step (graphql-core's overlapping-fields rule is quadratic
in repeated fields): a document not seen before is validated in one worker thread, so the event
loop keeps serving other requests meanwhile; one more than MAX_FIELD_REPEATS repeats of a field
is refused before that. A document that passed is kept, parsed, by its text: the storefront's
operations are parsed and validated once per process.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    specified_rules,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.websockets import WebSocket
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.schema.schema import validate_document

from api.persisted_queries import AllowList, document_hash
from schema.limits import operation_cost

CACHE_SIZE = 512
# graphql-core's overlapping-fields rule compares every pair of fields that share a response name
# in one selection: 480 repeats of one field (within the token limit) took ~2 s to validate.
# No client repeats a field more than a few times (fragments are not counted here).
MAX_FIELD_REPEATS = 10


def most_repeated_field(selection_set: SelectionSetNode | None) -> tuple[str, int]:
    """The response name asked for most often in any one selection of the document (inline
    fragments count into their selection), and how often. One pass over the document."""
    worst = ("", 0)
    stack = [selection_set]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        counts: dict[str, int] = {}
        pending = list(current.selections)
        while pending:
            selection = pending.pop()
            if isinstance(selection, InlineFragmentNode):
                pending.extend(selection.selection_set.selections)
            elif isinstance(selection, FieldNode):
                name = (selection.alias or selection.name).value
                counts[name] = counts.get(name, 0) + 1
                stack.append(selection.selection_set)
        for name, count in counts.items():
            if count > worst[1]:
                worst = (name, count)
    return worst


def request_error(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


@dataclass(frozen=True)
class GateRules:
    """The limits, read from the settings once when the schema is built."""

    max_tokens: int
    max_cost: int
    validation_rules: tuple[type[ASTValidationRule], ...]
    allow_list: AllowList | None = None
    enforce_allow_list: bool = False

    @classmethod
    def build(
        cls,
        *,
        max_tokens: int,
        max_depth: int,
        max_aliases: int,
        max_cost: int,
        production: bool,
        allow_list: AllowList | None,
        enforce_allow_list: bool,
    ) -> GateRules:
        rules = [
            *specified_rules,
            *QueryDepthLimiter(max_depth=max_depth).validation_rules,
            *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
        ]
        if production:
            rules.append(NoSchemaIntrospectionCustomRule)
        if enforce_allow_list and allow_list is None:
            raise ValueError("enforcing persisted queries needs the list")
        return cls(
            max_tokens=max_tokens,
            max_cost=max_cost,
            validation_rules=tuple(rules),
            allow_list=allow_list,
            enforce_allow_list=enforce_allow_list,
        )


class _ValidDocuments:
    """Documents that passed validation, by (query text, rules): parsed and validated once.

    Only valid ones are kept. A flood of distinct invalid documents (an attacker's) is never
    cached: it would hold hundreds of thousands of AST nodes that every full garbage collection
    then walks, stopping the event loop for a tenth of a second each time.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, tuple[type[ASTValidationRule], ...]], DocumentNode] = (
            OrderedDict()
        )

    def get(self, query: str, rules: tuple[type[ASTValidationRule], ...]) -> DocumentNode | None:
        key = (query, rules)
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, query: str, rules: tuple[type[ASTValidationRule], ...], document: DocumentNode) -> None:
        self._entries[(query, rules)] = document
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)


VALID_DOCUMENTS = _ValidDocuments(CACHE_SIZE)
# one thread: a flood of new documents queues up here instead of taking every core from the loop
VALIDATOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphql-validate")


async def validate_once(
    schema: GraphQLSchema, query: str, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """[] for a document already known to be valid; a new one is checked for repeated fields,
    then validated off the event loop, and kept when it passes."""
    if VALID_DOCUMENTS.get(query, rules) is document:
        return []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            name, count = most_repeated_field(definition.selection_set)
            if count > MAX_FIELD_REPEATS:
                return [
                    request_error(
                        f"'{name}' is asked for {count} times in one selection; at most {MAX_FIELD_REPEATS}",
                        "GRAPHQL_VALIDATION_FAILED",
                    )
                ]
    loop = asyncio.get_running_loop()
    errors: list[GraphQLError] = await loop.run_in_executor(
        VALIDATOR, validate_document, schema, document, rules
    )
    if not errors:
        VALID_DOCUMENTS.put(query, rules, document)
    return errors


class OperationGate(SchemaExtension):
    """Refuses what must not run, before any resolver does; reports the cost it computed."""

    def __init__(self, rules: GateRules) -> None:
        self.rules = rules
        self.cost: int | None = None

    def on_operation(self) -> Iterator[None]:
        # strawberry's own parse (and its error handling) then stops at the same bound
        self.execution_context.parse_options["max_tokens"] = self.rules.max_tokens
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            known = VALID_DOCUMENTS.get(context.query, self.rules.validation_rules)
            # a new document: strawberry parses it (within the token limit) and answers a syntax
            # error the usual way
            if known is not None:
                context.graphql_document = known
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        self.execution_context.pre_execution_errors = await self._refusals()
        yield

    async def _refusals(self) -> list[GraphQLError]:
        context = self.execution_context
        document = context.graphql_document
        query = context.query
        assert document is not None
        assert query is not None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        # strawberry's operation_name falls back to the first operation: ask what the client sent
        chosen: str | None = context._provided_operation_name
        if len(operations) > 1 and chosen is None:
            return [
                request_error(
                    "the document holds several operations: name the one to run in operationName",
                    "AMBIGUOUS_OPERATION",
                )
            ]
        operation = next((o for o in operations if chosen in (None, o.name and o.name.value)), None)
        if operation is None:  # strawberry refuses an unknown operationName before this point
            return [request_error("no operation of that name in the document", "BAD_REQUEST")]
        if operation.operation == OperationType.SUBSCRIPTION and not isinstance(
            getattr(context.context, "request", None), WebSocket
        ):
            return [
                request_error(
                    "subscriptions run over a WebSocket (graphql-transport-ws) at /graphql",
                    "BAD_REQUEST",
                )
            ]
        if self.rules.enforce_allow_list:
            assert self.rules.allow_list is not None
            if not self.rules.allow_list.allows_hash(document_hash(query, document)):
                return [
                    request_error(
                        "PersistedQueryNotAllowed: this server runs only the storefront's operations",
                        "PERSISTED_QUERY_NOT_ALLOWED",
                    )
                ]
        schema = context.schema._schema
        errors = await validate_once(schema, query, document, self.rules.validation_rules)
        if errors:
            return list(errors)
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.cost = operation_cost(schema, operation, fragments, context.variables or {})
        if self.cost > self.rules.max_cost:
            return [
                request_error(
                    f"query cost {self.cost} is above the limit of {self.rules.max_cost}; "
                    "ask for fewer objects or smaller pages",
                    "QUERY_TOO_COSTLY",
                )
            ]
        return []

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": {"requestedQueryCost": self.cost, "maximumAvailable": self.rules.max_cost}}
