"""Cross-cutting limits: a query cost computed from what it asks for, reported like Saleor does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

PAGE_ARGUMENTS = ("first", "last")
DEFAULT_PAGE = 20
Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


def _page_size(node: FieldNode, variables: dict[str, Any]) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value not in PAGE_ARGUMENTS:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return max(int(value.value), 0)
        if isinstance(value, VariableNode):
            raw = variables.get(value.name.value)
            return max(int(raw), 0) if isinstance(raw, int) else DEFAULT_PAGE
    return None


class CostCalculator:
    """Each object costs 1; a paged field multiplies what it selects by its page size."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selection_cost(self, selection_set: SelectionSetNode | None, parent: Composite) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field_cost(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                total += self.selection_cost(selection.selection_set, self._narrow(selection, parent))
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    target = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.selection_cost(
                        fragment.selection_set,
                        target if _is_composite(target) else parent,  # type: ignore[arg-type]
                    )
        return total

    def _narrow(self, fragment: InlineFragmentNode, parent: Composite) -> Composite:
        if fragment.type_condition is None:
            return parent
        target = self.schema.get_type(fragment.type_condition.name.value)
        return target if _is_composite(target) else parent  # type: ignore[return-value]

    def field_cost(self, node: FieldNode, parent: Composite) -> int:
        name = node.name.value
        if name.startswith("__") or isinstance(parent, GraphQLUnionType):
            return 0
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if not _is_composite(named):
            return 0
        children = self.selection_cost(node.selection_set, named)
        page = _page_size(node, self.variables)
        return 1 + (page if page is not None else 1) * children


def _is_composite(graphql_type: object) -> bool:
    return isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)


def operation_cost(
    schema: GraphQLSchema,
    operations: list[OperationDefinitionNode],
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> int:
    calculator = CostCalculator(schema, fragments, variables)
    roots = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }
    total = 0
    for operation in operations:
        root = roots.get(operation.operation)
        if root is not None:
            total += calculator.selection_cost(operation.selection_set, root)
    return total


class QueryCostLimiter(SchemaExtension):
    """Refuses operations whose cost is above the limit before any resolver runs."""

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost
        self.cost: int | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            operations = [
                d
                for d in document.definitions
                if isinstance(d, OperationDefinitionNode)
                and (context.operation_name is None or (d.name and d.name.value == context.operation_name))
            ][:1]
            fragments = {
                d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
            }
            self.cost = operation_cost(context.schema._schema, operations, fragments, context.variables or {})
            if self.cost > self.max_cost:
                context.result = GraphQLExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            f"query cost {self.cost} is above the limit of {self.max_cost}; "
                            "ask for fewer objects or smaller pages",
                            extensions={"code": "QUERY_TOO_COSTLY"},
                        )
                    ],
                )
        yield

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": {"requestedQueryCost": self.cost, "maximumAvailable": self.max_cost}}
