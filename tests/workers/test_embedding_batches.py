"""The embedding job's batching: length-sorted, pipelined batches still give each product its vector."""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from db.tables import JobState
from ml.embeddings import default_embedder
from resolvers import jobs
from resolvers.vectors import EMBED_BATCH, product_text
from tests.factories import make_leaf, make_product
from tests.workers.conftest import read_job
from workers.context import Resources
from workers.runner import execute_with_retries


async def test_each_product_gets_the_vector_of_its_own_text(vector_resources: Resources) -> None:
    # given: more products than one batch, intros of very different lengths in no length order
    async with vector_resources.store.session() as session:
        leaf = await make_leaf(session, "Home", "Kitchen", "Kettles")
        products = [
            await make_product(
                session,
                leaf,
                name=f"Kettle model {n}",
                intro=" ".join(["steel spout and lid"] * (n * 7 % 13)),
            )
            for n in range(EMBED_BATCH + 9)
        ]

    # when
    async with vector_resources.store.session() as session:
        job = await jobs.create_job(session, "embed_products", {})
    assert job.id is not None
    await execute_with_retries(vector_resources, job.id)

    # then
    done = await read_job(vector_resources.store, job.id)
    assert done.state == JobState.SUCCEEDED, done.error
    assert done.result is not None
    assert done.result["embedded"] == len(products)
    table = vector_resources.vectors.products
    engine = vector_resources.vectors.engine
    assert engine is not None
    async with engine.connect() as connection:
        stored = {
            row.product_id: np.asarray(row.embedding) for row in await connection.execute(select(table))
        }
    texts = [product_text(p.name, "Kettles", p.intro or "") for p in products]
    expected = default_embedder().encode(texts, batch_size=1)
    cosine = [float(stored[p.id] @ row) for p, row in zip(products, expected, strict=True) if p.id]
    # a row handed to the wrong product would mostly pair texts of different lengths;
    # the same text in another batch differs only by the batch's int8 activation scale
    assert min(cosine) > 0.97
