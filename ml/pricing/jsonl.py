"""Reads products.jsonl lines into PricedProduct, flagging what it cannot use."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ml.pricing.product import PricedProduct, parse_price


@dataclass(frozen=True, slots=True)
class LineIssue:
    line: int
    reason: str
    skipped: bool  # True: no product from this line; False: product kept without a price


@dataclass(slots=True)
class ProductFile:
    products: list[PricedProduct] = field(default_factory=list)
    issues: list[LineIssue] = field(default_factory=list)


def _text(record: dict[str, object], key: str) -> str:
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def parse_product_line(text: str) -> tuple[PricedProduct, object]:
    """One JSON line as a product and its raw price; ValueError when it has no name."""
    record = json.loads(text)
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    name = _text(record, "name")
    if not name:
        raise ValueError("no name")
    product = PricedProduct(
        name=name,
        # `info` is the product's prose; `detail` is shipping boilerplate, left out on purpose.
        description=_text(record, "info"),
        c1=_text(record, "c1_en"),
        c2=_text(record, "c2_en"),
        c3=_text(record, "c3_en"),
        price=parse_price(record.get("price")),
    )
    return product, record.get("price")


def read_products(path: Path) -> ProductFile:
    """Every usable line; bad lines are skipped and unparsable prices kept as None, both flagged."""
    result = ProductFile()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                product, raw_price = parse_product_line(line)
            except ValueError as error:  # json.JSONDecodeError is a ValueError
                result.issues.append(LineIssue(number, str(error), skipped=True))
                continue
            if product.price is None and raw_price not in (None, ""):
                result.issues.append(LineIssue(number, f"price {raw_price!r} is not a price", skipped=False))
            result.products.append(product)
    return result
