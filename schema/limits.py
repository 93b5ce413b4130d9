"""Query cost: an upper bound on the objects an operation can return, computed before it runs.

Every object costs 1. A list field multiplies what it selects by its length: the page size a
client asks for (`first`/`last`, a variable's value or its default, else the argument's default
in the schema) or, for a list without one, the most items it can hold (`LIST_BOUNDS`). A paged
field that returns one object (a connection) multiplies its selection by the page, and the lists
inside it (`edges`) are then counted once per item. Tests execute queries and check that the
objects in the answer never exceed the reported cost.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    VariableNode,
    get_named_type,
    value_from_ast_untyped,
)

from resolvers.catalog import MAX_CATEGORIES

PAGE_ARGUMENTS = ("first", "last")
# lists whose length the page of the field above them sets: each item is counted by that page
PAGED_BY_PARENT = 1
# the most items each list field without a page argument can hold; a resolver that could return
# more caps its list at this (a test fails when a composite list field of the schema is missing)
LIST_BOUNDS: dict[str, int] = {
    "AssistantNeed.alternatives": 10,  # resolvers.assistant: twice CANDIDATES_PER_NEED at most
    "Cart.lines": 100,  # resolvers.cart.MAX_LINES
    "CategoryListPayload.categories": 100,
    "CategorySuggestionPayload.suggestions": 5,
    # the tree holds at most MAX_CATEGORIES categories in all, each once: the root list counts
    # them all, its nested children lists none again
    "Query.categories": MAX_CATEGORIES,
    "CategoryTree.children": PAGED_BY_PARENT,
    "CreditScore.factors": 20,
    "CreditLimit.lines": 4,  # ml.loans.credit_limit: earned, missed, age, maximum
    "HomePage.carousel": 20,
    "HomePage.hot": 20,
    "HomePage.new": 20,
    "HomePage.recommended": 20,
    "Loan.installments": 120,  # the longest term, in months
    "LoanOffer.schedule": 120,
    "LoanQuote.offers": 12,  # config.settings: at most 12 terms
    "Order.items": 100,
    "PriceSuggestionsPayload.suggestions": 100,
    "PriceReason.comparables": 10,  # resolvers.pricing.MAX_COMPARABLES
    "Product.tags": 20,
    "Query.financialProfileHistory": 100,
    "Query.jobKinds": 100,
    "Query.modelReports": 100,
    "Query.myAddresses": 20,  # resolvers.addresses.MAX_ADDRESSES
    "Query.myCoupons": 200,  # resolvers.coupons.list_user_coupons keeps the newest 200
    "Recommendations.products": PAGED_BY_PARENT,
    "ShoppingBasket.needs": 20,
}
# every payload's errors list and every connection's edges follow one rule each
ERRORS_BOUND = 100
Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


def list_bound(parent: str, field: str) -> int | None:
    """The declared bound of a list field without a page argument, None when it has none."""
    key = f"{parent}.{field}"
    if key in LIST_BOUNDS:
        return LIST_BOUNDS[key]
    if field == "errors" and parent.endswith("Payload"):
        return ERRORS_BOUND
    if field == "edges" and parent.endswith("Connection"):
        return PAGED_BY_PARENT
    return None


def _is_list(graphql_type: GraphQLOutputType) -> bool:
    while isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return isinstance(graphql_type, GraphQLList)


def _is_composite(graphql_type: object) -> bool:
    return isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)


class CostCalculator:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self._visiting: set[str] = set()  # fragment cycles are a validation error; never loop here

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
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in self._visiting:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value)
                self._visiting.add(name)
                total += self.selection_cost(
                    fragment.selection_set,
                    target if _is_composite(target) else parent,  # type: ignore[arg-type]
                )
                self._visiting.discard(name)
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
        page = self._page_size(node, definition.args)
        if _is_list(definition.type):
            items = page if page is not None else list_bound(parent.name, name)
            # an undeclared list is counted as a full page: never less than it can return
            return (items if items is not None else ERRORS_BOUND) * (1 + children)
        return 1 + (page if page is not None else 1) * children

    def _page_size(self, node: FieldNode, arguments: dict[str, Any]) -> int | None:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        for name in PAGE_ARGUMENTS:
            if name not in arguments:
                continue
            value: Any = Undefined
            if name in given:
                literal = given[name]
                if isinstance(literal, VariableNode):
                    value = self.variables.get(literal.name.value, Undefined)
                elif isinstance(literal, IntValueNode):
                    value = value_from_ast_untyped(literal)
            if value is Undefined or value is None:
                value = arguments[name].default_value
            if isinstance(value, int) and not isinstance(value, bool):
                return max(value, 0)
        return None


def variables_with_defaults(operation: OperationDefinitionNode, variables: dict[str, Any]) -> dict[str, Any]:
    """The client's variables, plus the operation's defaults for those it left out."""
    resolved = dict(variables)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in resolved and definition.default_value is not None:
            resolved[name] = value_from_ast_untyped(definition.default_value)
    return resolved


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> int:
    roots = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }
    root = roots.get(operation.operation)
    if root is None:
        return 0
    calculator = CostCalculator(schema, fragments, variables_with_defaults(operation, variables))
    return calculator.selection_cost(operation.selection_set, root)
