"""A catalog product as the price model sees it, and price-text parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
_PRICE = re.compile(r"^\s*(?:US)?\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*$")


@dataclass(frozen=True, slots=True)
class PricedProduct:
    """Name, description and level-1/2/3 category; price None where unknown (to be predicted).

    `key` (the catalog's product id, where there is one) lets the model leave a product's own
    price out when it prices that product, and names the comparables a suggestion cites.
    """

    name: str
    description: str
    c1: str
    c2: str
    c3: str
    price: Decimal | None = None
    key: int | None = None

    @property
    def text(self) -> str:
        """What the embedder reads: the name first, since MiniLM truncates long inputs."""
        return f"{self.name}. {self.description}" if self.description else self.name

    @property
    def category_levels(self) -> tuple[str, str, str]:
        """Full paths, so 'Vegetables' under 'Frozen' and under 'Canned' stay different."""
        return (self.c1, f"{self.c1} > {self.c2}", f"{self.c1} > {self.c2} > {self.c3}")


def parse_price(value: object) -> Decimal | None:
    """'$12.99', '12.99', '1,299.00' or a number -> Decimal to the cent; None if not a price."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    match = _PRICE.match(value)
    if not match:
        return None
    try:
        price = Decimal(match.group(1).replace(",", "")).quantize(CENT)
    except InvalidOperation:
        return None
    return price if price > 0 else None
