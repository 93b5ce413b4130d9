"""Purchase histories as plain records, and a reader for the Superstore order-line CSV format."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Item:
    item_id: str
    name: str
    category: str
    subcategory: str
    price: float
    # Review-derived tags as (label, weight = share of reviews); empty where none are learned yet.
    tags: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Interaction:
    user_id: str
    item_id: str
    day: date
    weight: float = 1.0  # a purchase is 1; views or favourites may count less


class OrderFileError(ValueError):
    """The file is not in the Superstore format; the message says which column or line."""


REQUIRED = ("Customer ID", "Order Date", "Product ID", "Product Name", "Category", "Sub-Category")


def read_superstore(path: Path) -> tuple[list[Interaction], dict[str, Item]]:
    """Order lines -> purchases and items (price = sales / quantity of the line, averaged)."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise OrderFileError(f"cannot read {path}: {exc.strerror}") from exc
    interactions: list[Interaction] = []
    names: dict[str, tuple[str, str, str]] = {}
    prices: dict[str, list[float]] = {}
    with handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            raise OrderFileError(f"{path} lacks the columns {', '.join(missing)}")
        for number, row in enumerate(reader, start=2):
            try:
                day = date.fromisoformat(row["Order Date"].strip())
            except ValueError as exc:
                raise OrderFileError(
                    f"line {number}: Order Date {row['Order Date']!r} is not a date"
                ) from exc
            item_id = row["Product ID"].strip()
            interactions.append(Interaction(row["Customer ID"].strip(), item_id, day))
            names.setdefault(item_id, (row["Product Name"], row["Category"], row["Sub-Category"]))
            try:
                quantity = float(row.get("Quantity") or 1)
                prices.setdefault(item_id, []).append(float(row.get("Sales") or 0) / max(quantity, 1))
            except ValueError:
                prices.setdefault(item_id, [])
    items = {
        item_id: Item(item_id, name, category, subcategory, _mean(prices.get(item_id, [])))
        for item_id, (name, category, subcategory) in names.items()
    }
    return interactions, items


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
