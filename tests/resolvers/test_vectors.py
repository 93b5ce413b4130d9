"""Product vectors: embedding only what changed, nearest neighbours in distance order, filters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from sqlmodel import select

from db.tables import Category, Product
from db.vector import VectorStore
from resolvers import catalog
from resolvers.catalog import ProductFields
from resolvers.vectors import (
    VectorFilter,
    VectorStoreUnavailable,
    embed_products,
    nearest_products,
    vectors_for,
)
from tests.factories import make_sample_catalog, pk


async def _indexed(session: Any, vectors: VectorStore, embedder: Any) -> list[Product]:
    products = await make_sample_catalog(session, per_category=3)
    report = await embed_products(session, vectors, embedder)
    assert report.embedded == len(products)
    return products


async def test_nearest_products_come_in_exact_distance_order(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    # given
    products = await _indexed(session, vectors, embedder)
    stored = await vectors_for(vectors, [pk(p) for p in products])
    query = (await embedder.embed(["dark roast coffee beans"]))[0]
    # when
    hits = await nearest_products(vectors, query, 10)
    # then: the order is the exact cosine order of the stored vectors
    exact = sorted(stored, key=lambda pid: 1 - float(stored[pid] @ query))[:10]
    assert [pid for pid, _ in hits] == exact
    distances = [d for _, d in hits]
    assert distances == sorted(distances)
    assert distances[0] == pytest.approx(1 - float(stored[hits[0][0]] @ query), abs=1e-5)


async def test_filters_keep_only_matching_products(session: Any, vectors: VectorStore, embedder: Any) -> None:
    products = await _indexed(session, vectors, embedder)
    by_id = {pk(p): p for p in products}
    coffee_leaf = (await session.exec(select(Category).where(Category.name == "Ground Coffee"))).one()
    beverages = (await session.exec(select(Category).where(Category.id == coffee_leaf.parent_id))).one()
    cheap = Decimal("12.00")
    query = (await embedder.embed(["coffee"]))[0]

    in_subtree = await nearest_products(vectors, query, 50, filter=VectorFilter(category_path=beverages.path))
    under_price = await nearest_products(vectors, query, 50, filter=VectorFilter(max_price=cheap))

    subtree = {c.id for c in await catalog.all_categories(session) if c.path.startswith(beverages.path)}
    assert in_subtree
    assert {by_id[pid].category_id for pid, _ in in_subtree} <= subtree
    assert len(in_subtree) == sum(1 for p in products if p.category_id in subtree)
    assert under_price
    assert all(by_id[pid].price <= cheap for pid, _ in under_price)


async def test_off_sale_and_excluded_products_are_left_out(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    products = await _indexed(session, vectors, embedder)
    hidden, excluded = products[0], products[1]
    await catalog.set_product_on_sale(session, pk(hidden), False)
    await embed_products(session, vectors, embedder, [pk(hidden)])
    query = (await vectors_for(vectors, [pk(hidden)]))[pk(hidden)]

    hits = await nearest_products(vectors, query, 100, exclude_ids=[pk(excluded)], filter=VectorFilter())

    found = {pid for pid, _ in hits}
    assert pk(hidden) not in found
    assert pk(excluded) not in found
    assert len(found) == len(products) - 2


async def test_reindex_embeds_only_new_or_changed_products(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    # given: an indexed catalog
    products = await _indexed(session, vectors, embedder)
    renamed, repriced = products[0], products[1]
    # when: one product's text changes, another's price only, and nothing else
    await catalog.update_product(session, pk(renamed), ProductFields(name="Midnight Harbor Espresso Blend"))
    await catalog.update_product(session, pk(repriced), ProductFields(price=Decimal("0.01")))
    before = embedder.embedded
    progress: list[int] = []
    report = await embed_products(session, vectors, embedder, on_progress=progress.append)
    # then: one text embedded, one listing synced, the rest untouched
    assert (report.embedded, report.synced, report.unchanged) == (1, 1, len(products) - 2)
    assert embedder.embedded - before == 1
    assert sum(progress) == len(products)
    cheap = await nearest_products(
        vectors, np.ones(384, dtype=np.float32), 5, filter=VectorFilter(max_price=Decimal("0.01"))
    )
    assert [pid for pid, _ in cheap] == [pk(repriced)]
    # and a second run does nothing at all
    again = await embed_products(session, vectors, embedder)
    assert (again.embedded, again.synced, again.unchanged) == (0, 0, len(products))


async def test_vectors_of_deleted_products_are_removed(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    products = await _indexed(session, vectors, embedder)
    gone = products[-1]
    await session.delete(gone)
    await session.commit()

    report = await embed_products(session, vectors, embedder)

    assert report.deleted == 1
    assert pk(gone) not in await vectors_for(vectors, [pk(p) for p in products])


async def test_a_down_vector_store_raises_unavailable(dead_vectors: VectorStore) -> None:
    with pytest.raises(VectorStoreUnavailable):
        await nearest_products(dead_vectors, np.ones(384, dtype=np.float32), 5)
    with pytest.raises(VectorStoreUnavailable):
        await vectors_for(dead_vectors, [1])
    dead_vectors.engine = None
    with pytest.raises(VectorStoreUnavailable):
        await nearest_products(dead_vectors, np.ones(384, dtype=np.float32), 5)


async def test_review_tags_are_part_of_the_text_and_a_new_tag_embeds_again(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    from db.tables import ProductTag
    from resolvers.vectors import product_text

    products = await _indexed(session, vectors, embedder)
    session.add(ProductTag(product_id=pk(products[0]), label="rich dark roast", weight=0.6, position=0))
    session.add(ProductTag(product_id=pk(products[0]), label="arrives crushed", weight=0.4, position=1))
    await session.commit()

    report = await embed_products(session, vectors, embedder)

    assert (report.embedded, report.unchanged) == (1, len(products) - 1)
    assert product_text("Beans", "Coffee", "", ["rich dark roast", "arrives crushed"]) == (
        "Beans. Coffee. Buyers say: rich dark roast, arrives crushed"
    )


async def test_two_processes_may_set_up_the_same_vector_store_at_once() -> None:
    """`mall serve --workers 2`: both create the extension and migrate; neither may lose vectors."""
    import asyncio
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from db.vector import embedded_server_url

    root = Path(tempfile.mkdtemp(prefix="mall-test-vector-race-"))
    os.chmod(root, 0o755)  # PostgreSQL runs as its own user
    # one server (each process of `mall serve --workers 2` joins it), three stores setting it up
    url = await asyncio.to_thread(embedded_server_url, root / "pg")
    stores = [VectorStore(url, embedded_dir=root / "unused") for _ in range(3)]

    async def set_up(store: VectorStore) -> None:
        await store.start()
        await store.upgrade()

    try:
        await asyncio.gather(*(set_up(store) for store in stores))
        assert [store.error for store in stores] == [None, None, None]
        assert all(store.engine is not None for store in stores)
    finally:
        for store in stores:
            await store.dispose()
        shutil.rmtree(root, ignore_errors=True)


async def _store_random_vectors(vectors: VectorStore, paths: dict[str, int], seed: int = 5) -> dict[int, Any]:
    """Unit vectors written straight into the vector table: `count` products under each path."""
    assert vectors.engine is not None
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    stored: dict[int, Any] = {}
    for path, count in paths.items():
        for _ in range(count):
            product_id = len(stored) + 1
            vector = rng.normal(size=vectors.spec.dimension).astype(np.float32)
            stored[product_id] = (path, vector / np.linalg.norm(vector))
            rows.append(
                {
                    "product_id": product_id,
                    "content_hash": "x",
                    "embedding": stored[product_id][1],
                    "on_sale": True,
                    "price": Decimal("5.00"),
                    "category_path": path,
                }
            )
    async with vectors.engine.begin() as connection:
        await connection.execute(vectors.products.insert(), rows)
    return stored


class _PlanRecorder:
    """Keeps the nearest-neighbour statements run inside it, to EXPLAIN them afterwards under the
    same session settings (the SET LOCALs nearest_products makes are recorded and replayed)."""

    def __init__(self, vectors: VectorStore) -> None:
        assert vectors.engine is not None
        self.engine = vectors.engine
        self.runs: list[list[tuple[str, Any]]] = []

    def _record(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT SET_CONFIG", "SET ")) or "<=>" in statement:
            if not self.runs or any("<=>" in done for done, _ in self.runs[-1]):
                self.runs.append([])
            self.runs[-1].append((statement, parameters))

    def __enter__(self) -> _PlanRecorder:
        from sqlalchemy import event

        event.listen(self.engine.sync_engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_: object) -> None:
        from sqlalchemy import event

        event.remove(self.engine.sync_engine, "before_cursor_execute", self._record)

    async def explain(self, run: int) -> str:
        async with self.engine.begin() as connection:
            for statement, parameters in self.runs[run][:-1]:
                await connection.exec_driver_sql(statement, parameters)
            statement, parameters = self.runs[run][-1]
            rows = await connection.exec_driver_sql("EXPLAIN " + statement, parameters)
            return "\n".join(row[0] for row in rows).lower()


async def test_a_narrow_category_filter_is_answered_exactly(vectors: VectorStore) -> None:
    from sqlalchemy import text

    # given: 40 products in one leaf among 3,000 (analysed, as autovacuum would), and an HNSW
    # index asked to look at a single candidate
    stored = await _store_random_vectors(vectors, {"/1/2/3/": 40, "/1/2/4/": 1460, "/9/8/7/": 1500})
    assert vectors.engine is not None
    async with vectors.engine.begin() as connection:
        await connection.execute(text(f"ANALYZE {vectors.products.name}"))
    original = vectors.ef_search
    vectors.ef_search = 1
    query = (np.asarray(stored[1][1]) + 0.5 * np.asarray(stored[2000][1])).astype(np.float32)
    plans = _PlanRecorder(vectors)
    try:
        # when: searching the leaf, and its parent
        with plans:
            leaf = await nearest_products(vectors, query, 10, filter=VectorFilter(category_path="/1/2/3/"))
            parent = await nearest_products(vectors, query, 10, filter=VectorFilter(category_path="/1/2/"))
    finally:
        vectors.ef_search = original

    # then: the leaf's answer is the exact top 10 of its 40 products
    inside = [pid for pid, (path, _) in stored.items() if path.startswith("/1/2/3/")]
    exact = sorted(inside, key=lambda pid: -float(stored[pid][1] @ query))[:10]
    assert [pid for pid, _ in leaf] == exact
    # read through the category_path index (then sorted), not the HNSW index
    leaf_plan = await plans.explain(0)
    assert f"ix_{vectors.products.name}_category_path" in leaf_plan
    assert f"ix_{vectors.products.name}_hnsw" not in leaf_plan
    # and: the parent's answer stays inside its subtree
    assert len(parent) == 10
    assert all(stored[pid][0].startswith("/1/2/") for pid, _ in parent)


async def test_the_category_path_index_exists_for_prefix_searches(vectors: VectorStore) -> None:
    from sqlalchemy import text

    assert vectors.engine is not None
    async with vectors.engine.connect() as connection:
        definition = (
            await connection.execute(
                text(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = :t AND indexname LIKE '%category_path'"
                ),
                {"t": vectors.products.name},
            )
        ).scalar_one()
    assert "text_pattern_ops" in definition
