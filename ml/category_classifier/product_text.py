"""The text a product is classified by, and the title (its name) inside that text."""

from __future__ import annotations

import re

# Amazon's `detail` field is a run of "Key:: value" shipping facts; from the first of these keys
# on it says nothing about what the product is, only how heavy it is and where it ships.
_BOILERPLATE = re.compile(
    r"\b(?:Product Dimensions|Shipping Weight|Domestic Shipping|International Shipping|"
    r"Item model number|UPC|ASIN|Manufacturer|Average Customer Review)::",
)
TITLE_SEPARATOR = "\n"


def product_text(name: str, info: str = "", detail: str = "", max_chars: int = 300) -> str:
    """The name, a newline, then the info (or the detail's non-boilerplate start when info is empty).

    The newline lets the classifier read the name apart from the description (see `title_of`);
    the name itself never holds one. Cut to `max_chars`: past the name and first sentences the
    description adds little, and MiniLM on 600-character texts costs about twice as much.
    """
    title = " ".join(name.split())
    description = info.strip() if info and info.strip() else _BOILERPLATE.split(detail or "")[0].strip()
    description = " ".join(description.split())
    text = TITLE_SEPARATOR.join(part for part in (title, description) if part)
    return text[:max_chars]


def title_of(text: str) -> str:
    """The product name at the head of a `product_text`; a text without a newline is all title."""
    return text.split(TITLE_SEPARATOR, 1)[0].strip()
