"""Scalars a visitor can send: decimals that are finite and bounded, integer keys that fit a BIGINT.

Strawberry's own Decimal accepts "NaN", "Infinity" and "1e999999"; each of these reached a
resolver or the database and ended as an internal error. They are refused here, once, for every
Decimal argument and input field of the schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from graphql import GraphQLError
from strawberry.types.scalar import ScalarDefinition

# the widest money column is NUMERIC(12,2); anything at or above 10^12 is no amount the mall holds
MAX_DECIMAL = Decimal(10) ** 12
# more fractional digits than this is no price, rate or income either
MIN_EXPONENT = -12
MAX_PK = 2**63 - 1  # BIGINT on MariaDB, INTEGER on SQLite


def parse_decimal(value: object) -> Decimal:
    """A GraphQLError, not a ValueError: graphql-core then reports it as the client's mistake."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise GraphQLError('Decimal: expected a number written as a string, such as "12.50"')
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise GraphQLError(f"Decimal: {str(value)[:40]!r} is not a number") from None
    if not number.is_finite():
        raise GraphQLError("Decimal: only finite numbers are accepted (not NaN or Infinity)")
    if abs(number) >= MAX_DECIMAL or number.as_tuple().exponent < MIN_EXPONENT:  # type: ignore[operator]
        raise GraphQLError("Decimal: below 10^12 and at most 12 decimal places, please")
    return number


FINITE_DECIMAL = ScalarDefinition(
    name="Decimal",
    description="Decimal (fixed-point), sent as a string; finite, below 10^12.",
    specified_by_url=None,
    serialize=str,
    parse_value=parse_decimal,
    parse_literal=None,
    origin=Decimal,
)


def parse_pk(node_id: object) -> int | None:
    """The integer key inside a global ID, or None when it is no key the database can hold."""
    text = str(node_id)
    if not (0 < len(text) <= 19 and text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_PK else None


def node_pks(node_ids: Iterable[object]) -> list[int]:
    """Keys for a type's resolve_nodes; an ID that holds no valid key maps to -1 (not found)."""
    return [-1 if (pk := parse_pk(node_id)) is None else pk for node_id in node_ids]
