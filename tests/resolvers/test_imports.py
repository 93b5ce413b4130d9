"""Importing the JSON-lines catalog: idempotent, builds the tree, reports bad lines without stopping."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import func, select

from db.tables import Category, Product
from resolvers.imports import import_lines, read_jsonl


def _line(name: str, path: tuple[str, str, str] = ("Food", "Snacks", "Chips"), price: Any = "3.99") -> str:
    c1, c2, c3 = path
    return json.dumps(
        {
            "c1_en": c1,
            "c2_en": c2,
            "c3_en": c3,
            "name": name,
            "info": "i",
            "detail": "d",
            "img": "",
            "price": price,
        }
    )


LINES = [
    _line("Sea Salt Chips"),
    _line("BBQ Chips", price="$4.50"),
    _line("Oolong", ("Food", "Drinks", "Tea"), "12"),
    "{not json",
    _line("Free Lunch", price="free"),
    json.dumps({"c1_en": "Food", "name": "No path", "price": "1"}),
    "",
]


async def _count(session: Any, table: Any) -> int:
    return int((await session.exec(select(func.count()).select_from(table))).one())


async def test_import_builds_the_tree_and_reports_bad_lines(session: Any) -> None:
    report = await import_lines(session, read_jsonl(LINES))
    assert report.created == 3
    assert report.categories_created == 5  # Food > Snacks > Chips and Food > Drinks > Tea
    assert [number for number, _ in report.bad_lines] == [4, 5, 6]
    levels = {(c.level, c.name) for c in (await session.exec(select(Category))).all()}
    assert {(1, "Food"), (2, "Snacks"), (3, "Chips"), (2, "Drinks"), (3, "Tea")} == levels
    bbq = (await session.exec(select(Product).where(Product.name == "BBQ Chips"))).one()
    assert str(bbq.price) == "4.50"


async def test_importing_twice_changes_nothing(session: Any) -> None:
    await import_lines(session, read_jsonl(LINES))
    products, categories = await _count(session, Product), await _count(session, Category)
    again = await import_lines(session, read_jsonl(LINES))
    assert again.created == 0
    assert again.unchanged == 3
    assert await _count(session, Product) == products
    assert await _count(session, Category) == categories
