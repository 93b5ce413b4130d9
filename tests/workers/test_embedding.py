"""The embedding job: every product into pgvector, then only new or changed ones."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from db.tables import JobState, Product
from resolvers import catalog, jobs
from resolvers.catalog import ProductFields
from tests.factories import make_leaf, make_product
from tests.workers.conftest import read_job
from workers.context import Resources
from workers.runner import execute_with_retries


async def run_embedding(resources: Resources, **args: object) -> dict[str, object]:
    async with resources.store.session() as session:
        job = await jobs.create_job(session, "embed_products", dict(args))
    assert job.id is not None
    await execute_with_retries(resources, job.id)
    done = await read_job(resources.store, job.id)
    assert done.state == JobState.SUCCEEDED, done.error
    assert done.progress == 1.0
    assert done.result is not None
    return done.result


async def test_every_product_is_embedded_as_a_unit_vector(vector_resources: Resources) -> None:
    # given
    async with vector_resources.store.session() as session:
        leaf = await make_leaf(session, "Beverages", "Coffee", "Beans")
        products = [await make_product(session, leaf, name=f"Dark roast {n}") for n in range(3)]

    # when
    result = await run_embedding(vector_resources)

    # then
    assert result["embedded"] == 3
    assert result["model"] == "all-minilm-l6-v2"
    table = vector_resources.vectors.products
    engine = vector_resources.vectors.engine
    assert engine is not None
    async with engine.connect() as connection:
        rows = (await connection.execute(select(table))).all()
    assert sorted(row.product_id for row in rows) == sorted(p.id for p in products if p.id)
    assert np.isclose(np.linalg.norm(np.asarray(rows[0].embedding)), 1.0, atol=1e-3)


async def test_only_new_and_changed_products_are_embedded_again(vector_resources: Resources) -> None:
    async with vector_resources.store.session() as session:
        leaf = await make_leaf(session)
        first, second = [await make_product(session, leaf) for _ in range(2)]
    await run_embedding(vector_resources)

    async with vector_resources.store.session() as session:
        assert first.id is not None
        assert second.id is not None
        await catalog.update_product(session, first.id, ProductFields(name="Renamed tea"))
        await make_product(session, leaf)
        gone = await session.get(Product, second.id)
        await session.delete(gone)
        await session.commit()

    again = await run_embedding(vector_resources)
    assert (again["embedded"], again["unchanged"], again["deleted"]) == (2, 0, 1)
    assert (await run_embedding(vector_resources))["embedded"] == 0


async def test_a_down_vector_store_is_a_transient_failure(resources: Resources) -> None:
    async with resources.store.session() as session:
        job = await jobs.create_job(session, "embed_products", {})
    assert job.id is not None
    await execute_with_retries(resources, job.id)  # resources' vector store was never started
    done = await read_job(resources.store, job.id)
    assert done.state == JobState.FAILED
    assert done.error is not None
    assert "unavailable" in done.error
