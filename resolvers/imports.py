"""Importing products from the JSON-lines catalog format: idempotent, bad lines reported, not fatal."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, Product
from db.transaction import transaction
from resolvers.catalog import MAX_CATEGORIES

BATCH = 200


@dataclass(frozen=True)
class CatalogLine:
    """One product of the import format: a 3-level category path and the product's fields."""

    path: tuple[str, str, str]
    name: str
    intro: str
    detail: str
    image: str | None
    price: Decimal
    original_price: Decimal | None = None
    stock: int = 100
    on_sale: bool = True
    asin: str | None = None

    @property
    def import_key(self) -> str:
        identity = "\x1f".join([*self.path, self.name.strip().lower()])
        return hashlib.sha256(identity.encode()).hexdigest()


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    categories_created: int = 0
    bad_lines: list[tuple[int, str]] = field(default_factory=list)


class BadLine(ValueError):
    pass


def parse_price(raw: object) -> Decimal:
    text = str(raw).strip().replace("$", "").replace(",", "")
    try:
        value = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise BadLine(f"price {raw!r} is not a number") from exc
    if not Decimal(0) < value < Decimal("1000000"):
        raise BadLine(f"price {raw!r} is out of range")
    return value


def parse_line(raw: str) -> CatalogLine:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise BadLine("not a JSON object")
    path = tuple(str(data.get(key) or "").strip() for key in ("c1_en", "c2_en", "c3_en"))
    if not all(path) or any(len(part) > 100 for part in path):
        raise BadLine("the category path c1_en/c2_en/c3_en is incomplete or too long")
    name = str(data.get("name") or "").strip()
    if not 1 <= len(name) <= 300:
        raise BadLine("name is missing or longer than 300 characters")
    image = str(data.get("img") or "").strip() or None
    return CatalogLine(
        path=(path[0], path[1], path[2]),
        name=name,
        intro=str(data.get("info") or "")[:1000],
        detail=str(data.get("detail") or "")[:20_000],
        image=image if image and len(image) <= 500 else None,
        price=parse_price(data.get("price")),
    )


class CategoryPaths:
    """Get-or-create for category paths, cached for the whole import."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._known: dict[tuple[str, ...], Category] = {}
        self.created = 0

    async def load(self) -> None:
        rows = list(await self._session.exec(select(Category)))
        by_id = {row.id: row for row in rows}
        for row in rows:
            names: list[str] = []
            node: Category | None = row
            while node is not None:
                names.insert(0, node.name)
                node = by_id.get(node.parent_id) if node.parent_id is not None else None
            self._known[tuple(names)] = row

    async def leaf(self, path: tuple[str, str, str]) -> Category | None:
        """The level-3 category of the path, created as needed; None when that would take the
        catalog past MAX_CATEGORIES."""
        missing = sum(1 for depth in range(1, 4) if path[:depth] not in self._known)
        if missing and len(self._known) + missing > MAX_CATEGORIES:
            return None
        parent: Category | None = None
        for depth in range(1, 4):
            key = path[:depth]
            node = self._known.get(key)
            if node is None:
                node = Category(
                    name=key[-1],
                    parent_id=parent.id if parent else None,
                    level=depth,
                    position=sum(1 for k in self._known if len(k) == depth and k[:-1] == key[:-1]) + 1,
                )
                self._session.add(node)
                await self._session.flush()
                node.path = f"{parent.path if parent else '/'}{node.id}/"
                self._known[key] = node
                self.created += 1
            parent = node
        assert parent is not None
        return parent


async def import_lines(
    session: AsyncSession,
    lines: Iterable[tuple[int, CatalogLine | BadLine]],
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create what is new; a line already imported (same path and name) is left untouched."""
    report = ImportReport()
    paths = CategoryPaths(session)
    await paths.load()
    batch: list[tuple[int, CatalogLine]] = []

    async def flush() -> None:
        keys = [line.import_key for _, line in batch]
        existing = set(
            await session.exec(select(Product.import_key).where(col(Product.import_key).in_(keys)))
        )
        async with transaction(session):
            seen: set[str] = set()
            for number, line in batch:
                if line.import_key in existing or line.import_key in seen:
                    report.unchanged += 1
                    continue
                category = await paths.leaf(line.path)
                if category is None:
                    report.bad_lines.append(
                        (number, f"the catalog holds at most {MAX_CATEGORIES} categories")
                    )
                    continue
                seen.add(line.import_key)
                assert category.id is not None
                session.add(
                    Product(
                        name=line.name,
                        intro=line.intro,
                        detail=line.detail,
                        cover_image=line.image,
                        images=[line.image] if line.image else [],
                        original_price=line.original_price or line.price,
                        price=line.price,
                        stock=line.stock,
                        on_sale=line.on_sale,
                        asin=line.asin,
                        import_key=line.import_key,
                        category_id=category.id,
                    )
                )
                report.created += 1
        if on_progress:
            on_progress(len(batch))
        batch.clear()

    for number, line in lines:
        if isinstance(line, BadLine):
            report.bad_lines.append((number, str(line)))
            if on_progress:
                on_progress(1)
            continue
        batch.append((number, line))
        if len(batch) >= BATCH:
            await flush()
    if batch:
        await flush()
    report.categories_created = paths.created
    return report


def read_jsonl(text_lines: Iterable[str]) -> Iterable[tuple[int, CatalogLine | BadLine]]:
    """(line number, parsed line or the reason it is bad); blank lines are skipped."""
    for number, raw in enumerate(text_lines, start=1):
        if not raw.strip():
            continue
        try:
            yield number, parse_line(raw)
        except BadLine as exc:
            yield number, exc
