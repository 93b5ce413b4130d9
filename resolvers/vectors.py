"""Product embeddings in the vector store: embed what changed, nearest neighbours in distance order.

Other domains (search, recommendations, the embedding job) call these functions; none of them
knows which embedding model or table is configured: the VectorStore carries that.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Table, bindparam, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col
from sqlmodel import select as sm_select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, Product, ProductTag
from db.vector import VectorStore
from ml.embeddings import TextEmbedder, Vectors

log = logging.getLogger(__name__)

EMBED_BATCH = 64
READ_BATCH = 500
INTRO_CHARS = 300


class VectorStoreUnavailable(RuntimeError):
    """The vector store is not running or not reachable; callers degrade (keyword search)."""


class Embedder(Protocol):
    """Anything that embeds texts asynchronously: LocalEmbedder, or an LLMClient (OpenAI)."""

    async def embed(self, texts: list[str]) -> Vectors: ...


class LocalEmbedder:
    """A local TextEmbedder (MiniLM) off the event loop: encoding is seconds of CPU work."""

    def __init__(self, embedder: TextEmbedder) -> None:
        self.model = embedder

    async def embed(self, texts: list[str]) -> Vectors:
        return await asyncio.to_thread(self.model.encode, texts)


@dataclass(frozen=True)
class VectorFilter:
    """Filters that run inside PostgreSQL, on the copies kept beside each vector."""

    on_sale_only: bool = True
    category_path: str | None = None  # a materialised path prefix, "/1/7/": the whole subtree
    min_price: Decimal | None = None
    max_price: Decimal | None = None


@dataclass
class EmbedReport:
    """What one embedding run did."""

    total: int = 0  # products looked at
    embedded: int = 0  # new or changed text: embedded again
    unchanged: int = 0  # same text, same listing: nothing written
    synced: int = 0  # same text, but on_sale/price/category changed: copies updated
    deleted: int = 0  # vectors of products that no longer exist


def product_text(name: str, category: str, intro: str, tags: Sequence[str] = ()) -> str:
    """What a product's embedding is computed from: its name, level-3 category, intro and tags.

    The category name is part of the product's content (a shopper searching "green tea" means
    the category as much as the words of a name); the detail text is left out: it is mostly
    shipping weights and dimensions, noise to a sentence model. The review-derived tags add what
    buyers say ("rich dark roast"); a product whose tags change is embedded again.
    """
    intro = " ".join(intro.split())[:INTRO_CHARS]
    said = f"Buyers say: {', '.join(tags)}" if tags else ""
    return ". ".join(part for part in (name.strip(), category.strip(), intro, said) if part)


def content_hash(model: str, text_: str) -> str:
    return hashlib.sha256(f"{model}\n{text_}".encode()).hexdigest()


def _engine(vectors: VectorStore) -> Any:
    if vectors.engine is None:
        raise VectorStoreUnavailable(vectors.error or "vector store not started")
    return vectors.engine


@dataclass(frozen=True)
class _Listing:
    product_id: int
    text: str
    on_sale: bool
    price: Decimal
    category_path: str


async def _tags_of(session: AsyncSession, product_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each product's tag labels, strongest first (one query per batch)."""
    if not product_ids:
        return {}
    rows = await session.exec(
        sm_select(ProductTag.product_id, ProductTag.label)
        .where(col(ProductTag.product_id).in_(product_ids))
        .order_by(col(ProductTag.product_id), col(ProductTag.position))
    )
    tags: dict[int, list[str]] = {}
    for product_id, label in rows:
        tags.setdefault(product_id, []).append(label)
    return tags


async def _listings(
    session: AsyncSession, after_id: int, product_ids: Sequence[int] | None
) -> list[_Listing]:
    query = (
        sm_select(Product, Category.name, Category.path)
        .join(Category, col(Category.id) == Product.category_id)
        .where(col(Product.id) > after_id)
        .order_by(col(Product.id))
        .limit(READ_BATCH)
    )
    if product_ids is not None:
        query = query.where(col(Product.id).in_(product_ids))
    rows = list(await session.exec(query))
    tags = await _tags_of(session, [product.id for product, _, _ in rows if product.id is not None])
    listings: list[_Listing] = []
    for product, category, path in rows:
        assert product.id is not None
        text_ = product_text(product.name, category, product.intro or "", tags.get(product.id, ()))
        listings.append(_Listing(product.id, text_, product.on_sale, product.price, path))
    return listings


async def embed_products(
    session: AsyncSession,
    vectors: VectorStore,
    embedder: Embedder,
    product_ids: Sequence[int] | None = None,
    on_progress: Callable[[int], Awaitable[None] | None] | None = None,
) -> EmbedReport:
    """Embeds new or changed products (by content hash), in batches; idempotent.

    product_ids=None: the whole catalog, and vectors of deleted products are removed.
    on_progress(n) (plain or async) gets the number of products handled after each batch.
    Raises VectorStoreUnavailable when the vector store is down.
    """
    engine = _engine(vectors)
    table = vectors.products
    model = vectors.spec.model.value
    report = EmbedReport()
    seen: list[int] = []
    after_id = 0
    ids = list(dict.fromkeys(product_ids)) if product_ids is not None else None

    async def write(stale: list[tuple[_Listing, str]], encoding: asyncio.Task[Vectors]) -> None:
        embeddings = await encoding
        if embeddings.shape != (len(stale), vectors.spec.dimension):
            raise ValueError(
                f"the embedder gave {embeddings.shape}, the {model} table takes "
                f"{vectors.spec.dimension}-d rows: is MALL_EMBEDDING_MODEL right?"
            )
        for start in range(0, len(stale), EMBED_BATCH):
            batch = stale[start : start + EMBED_BATCH]
            await _write_vectors(engine, table, batch, embeddings[start : start + EMBED_BATCH])
            report.embedded += len(batch)
            if on_progress is not None and (waiting := on_progress(len(batch))) is not None:
                await waiting

    # One encode per read batch: the embedder sorts its texts by token count, so a batch of the
    # model holds texts of one length (character counts sort them too loosely: 47 % padding at
    # 64 texts a call, 16 % at 500). While it runs, the next read batch is read and this one's
    # predecessor is written: the model's threads do not wait for SQL.
    pending: tuple[list[tuple[_Listing, str]], asyncio.Task[Vectors]] | None = None
    try:
        while True:
            listings = await _listings(session, after_id, ids)
            if not listings:
                break
            after_id = listings[-1].product_id
            seen.extend(item.product_id for item in listings)
            async with engine.connect() as connection:
                stored = await connection.execute(
                    select(
                        table.c.product_id,
                        table.c.content_hash,
                        table.c.on_sale,
                        table.c.price,
                        table.c.category_path,
                    ).where(table.c.product_id.in_([item.product_id for item in listings]))
                )
                current = {row.product_id: row for row in stored}
            stale: list[tuple[_Listing, str]] = []
            resync: list[_Listing] = []
            for item in listings:
                digest = content_hash(model, item.text)
                row = current.get(item.product_id)
                if row is None or row.content_hash != digest:
                    stale.append((item, digest))
                elif (row.on_sale, row.price, row.category_path) != (
                    item.on_sale,
                    item.price,
                    item.category_path,
                ):
                    resync.append(item)
                else:
                    report.unchanged += 1
            previous, pending = pending, ((stale, _embed_soon(embedder, stale)) if stale else None)
            if previous is not None:
                await write(*previous)
            if resync:
                async with engine.begin() as connection:
                    await _sync_listings(connection, vectors, resync)
                report.synced += len(resync)
            if on_progress is not None and (waiting := on_progress(len(listings) - len(stale))) is not None:
                await waiting
            report.total += len(listings)
        if pending is not None:
            previous, pending = pending, None
            await write(*previous)
    finally:
        if pending is not None:  # a failed write or a cancellation: that encoding is not wanted
            pending[1].cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pending[1]
    report.deleted = await _delete_missing(engine, vectors, seen, ids)
    return report


def _embed_soon(embedder: Embedder, batch: list[tuple[_Listing, str]]) -> asyncio.Task[Vectors]:
    """The batch's encoding, started now (in the embedder's thread) and awaited later."""

    async def embed() -> Vectors:
        return await embedder.embed([item.text for item, _ in batch])

    return asyncio.create_task(embed())


async def _write_vectors(
    engine: Any, table: Table, batch: list[tuple[_Listing, str]], embeddings: Vectors
) -> None:
    statement = insert(table).values(
        [
            {
                "product_id": item.product_id,
                "content_hash": digest,
                "embedding": embedding,
                "on_sale": item.on_sale,
                "price": item.price,
                "category_path": item.category_path,
            }
            for (item, digest), embedding in zip(batch, embeddings, strict=True)
        ]
    )
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.product_id],
        set_={
            name: statement.excluded[name]
            for name in ("content_hash", "embedding", "on_sale", "price", "category_path")
        }
        | {"updated_at": func.now()},
    )
    async with engine.begin() as connection:
        await connection.execute(statement)


async def _delete_missing(engine: Any, vectors: VectorStore, seen: list[int], ids: list[int] | None) -> int:
    table = vectors.products
    async with engine.begin() as connection:
        if ids is None:
            stored = await connection.execute(select(table.c.product_id))
            gone = sorted(set(stored.scalars()) - set(seen))
        else:
            gone = sorted(set(ids) - set(seen))
        if not gone:
            return 0
        result = await connection.execute(delete(table).where(table.c.product_id.in_(gone)))
        return int(result.rowcount or 0)


async def _sync_listings(
    connection: AsyncConnection, vectors: VectorStore, items: Iterable[_Listing]
) -> None:
    table = vectors.products
    statement = (
        update(table)
        .where(table.c.product_id == bindparam("pid"))
        .values(
            on_sale=bindparam("sale"),
            price=bindparam("cost"),
            category_path=bindparam("path"),
            updated_at=func.now(),
        )
    )
    await connection.execute(
        statement,
        [
            {"pid": item.product_id, "sale": item.on_sale, "cost": item.price, "path": item.category_path}
            for item in items
        ],
    )


async def sync_listing(vectors: VectorStore, product_id: int, on_sale: bool, price: Decimal) -> None:
    """Cheap follow-up of a product edit: the copies beside its vector take the new values.

    Best effort: search re-checks every hit against the relational store anyway, and the
    embedding job re-syncs everything; an edit must never fail because vectors are down.
    """
    if vectors.engine is None:
        return
    table = vectors.products
    try:
        async with vectors.engine.begin() as connection:
            await connection.execute(
                update(table)
                .where(table.c.product_id == product_id)
                .values(on_sale=on_sale, price=price, updated_at=func.now())
            )
    except (SQLAlchemyError, OSError) as exc:
        log.warning("vector copy of product %s not synced: %s", product_id, exc)


async def nearest_products(
    vectors: VectorStore,
    query_vector: npt.NDArray[np.float32] | Sequence[float],
    k: int,
    *,
    exclude_ids: Iterable[int] = (),
    filter: VectorFilter | None = None,  # noqa: A002 - the name other domains call it by
) -> list[tuple[int, float]]:
    """The k nearest products as (product id, cosine distance), nearest first.

    One set_config call (SET LOCAL: it ends with the transaction) tunes the scan, then one
    query. PostgreSQL's planner chooses per query between the HNSW index (with `hnsw.ef_search` from
    settings) and, under a category filter, the `category_path` index followed by an exact sort
    of the matching rows, from its estimate of how many rows match: a narrow filter is answered
    exactly, where HNSW's recall would drop. Filters that stay on the HNSW path use pgvector
    0.8's iterative index scan (relaxed order), which keeps scanning until k rows pass
    (bench/vector.py measures both). Raises VectorStoreUnavailable on a down store or a
    connection error.
    """
    engine = _engine(vectors)
    if k <= 0:
        return []
    table = vectors.products
    filter = filter or VectorFilter(on_sale_only=False)
    distance = table.c.embedding.cosine_distance(np.asarray(query_vector, dtype=np.float32)).label("distance")
    conditions = _conditions(table, filter, list(exclude_ids))
    query = select(table.c.product_id, distance).where(*conditions).order_by(distance).limit(k)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "SELECT set_config('hnsw.ef_search', :ef, true),"
                    " set_config('hnsw.iterative_scan', :iterative, true),"
                    " set_config('plan_cache_mode', :plans, true)"
                ),
                {
                    "ef": str(vectors.ef_search),
                    "iterative": "relaxed_order" if conditions else "off",
                    # A prepared statement's generic plan cannot read the LIKE prefix, so it could
                    # never choose the category_path index; a custom plan sees it as a constant.
                    "plans": "force_custom_plan" if filter.category_path is not None else "auto",
                },
            )
            rows = (await connection.execute(query)).all()
    except (SQLAlchemyError, OSError) as exc:
        raise VectorStoreUnavailable(str(exc)) from exc
    # relaxed_order may return rows slightly out of order; the answer is in distance order
    return sorted(((int(pid), float(dist)) for pid, dist in rows), key=lambda hit: hit[1])


def _conditions(table: Table, filter: VectorFilter, excluded: list[int]) -> list[ColumnElement[bool]]:  # noqa: A002
    conditions: list[ColumnElement[bool]] = []
    if excluded:
        conditions.append(table.c.product_id.not_in(excluded))
    if filter.on_sale_only:
        conditions.append(table.c.on_sale.is_(True))
    if filter.category_path is not None:
        conditions.append(table.c.category_path.startswith(filter.category_path, autoescape=True))
    if filter.min_price is not None:
        conditions.append(table.c.price >= filter.min_price)
    if filter.max_price is not None:
        conditions.append(table.c.price <= filter.max_price)
    return conditions


async def vectors_for(vectors: VectorStore, product_ids: Sequence[int]) -> dict[int, npt.NDArray[np.float32]]:
    """The stored embeddings of these products (those that have one)."""
    engine = _engine(vectors)
    if not product_ids:
        return {}
    table = vectors.products
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(table.c.product_id, table.c.embedding).where(table.c.product_id.in_(list(product_ids)))
            )
            return {int(pid): np.asarray(embedding, dtype=np.float32) for pid, embedding in rows}
    except (SQLAlchemyError, OSError) as exc:
        raise VectorStoreUnavailable(str(exc)) from exc


async def embed_query(embedder: Embedder, query: str) -> npt.NDArray[np.float32]:
    rows = await embedder.embed([query])
    return np.asarray(rows[0], dtype=np.float32)
