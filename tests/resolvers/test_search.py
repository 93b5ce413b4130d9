"""Hybrid search and similar products, on the generated sample catalog and the real pgvector."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from db.tables import Category, Product
from db.vector import VectorStore
from resolvers import catalog, search
from resolvers.catalog import ProductFilter
from resolvers.errors import DomainError
from resolvers.paging import PageRequest
from resolvers.vectors import embed_products
from tests.factories import make_sample_catalog, pk

FIRST_PAGE = PageRequest(offset=0, limit=10)


async def _indexed(session: Any, vectors: VectorStore, embedder: Any) -> list[Product]:
    products = await make_sample_catalog(session)
    await embed_products(session, vectors, embedder)
    return products


async def _category_names(session: Any) -> dict[int, str]:
    return {c.id: c.name for c in await catalog.all_categories(session) if c.id is not None}


async def test_gift_for_a_coffee_lover_finds_coffee(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    await _indexed(session, vectors, embedder)
    names = await _category_names(session)

    result = await search.search_products(
        session, vectors, embedder, "gift for a coffee lover", ProductFilter(), FIRST_PAGE
    )

    assert result.semantic_available
    top = [names[hit.product.category_id] for hit in result.hits[:4]]
    assert all("Coffee" in name for name in top), top


async def test_a_brand_name_finds_that_brand(session: Any, vectors: VectorStore, embedder: Any) -> None:
    # given: a brand of the sample catalog (its first word is the brand, as in "Folgers Coffee")
    products = await _indexed(session, vectors, embedder)
    brand = next(p.name for p in products if "Hot Sauce" in p.name).split()[0]
    branded = {pk(p) for p in products if p.name.startswith(brand)}
    # when
    result = await search.search_products(session, vectors, embedder, brand, ProductFilter(), FIRST_PAGE)
    # then: the brand's products come first, each found by the keyword side (its rank among
    # them may differ from the fused order: the semantic side can agree more with another)
    assert result.hits[0].product.name.startswith(brand)
    top = result.hits[: 2 * len(branded)]
    assert branded <= {pk(hit.product) for hit in top}
    assert all(hit.keyword_rank is not None for hit in top if pk(hit.product) in branded)


async def test_search_answers_with_keywords_when_the_vector_store_is_down(
    session: Any, dead_vectors: VectorStore, embedder: Any
) -> None:
    await make_sample_catalog(session, per_category=2)

    result = await search.search_products(
        session, dead_vectors, embedder, "coffee", ProductFilter(), FIRST_PAGE
    )

    assert not result.semantic_available
    assert result.hits
    assert all("coffee" in hit.matched_words for hit in result.hits)
    assert all(hit.semantic_rank is None for hit in result.hits)


async def test_search_filters_hold_on_both_sides(session: Any, vectors: VectorStore, embedder: Any) -> None:
    await _indexed(session, vectors, embedder)
    fruit = (await session.exec(select(Category).where(Category.name == "Fresh Fruit"))).one()

    result = await search.search_products(
        session, vectors, embedder, "coffee", ProductFilter(category_id=fruit.id), FIRST_PAGE
    )

    assert result.hits
    assert {hit.product.category_id for hit in result.hits} == {fruit.id}


async def test_search_pages_do_not_overlap(session: Any, vectors: VectorStore, embedder: Any) -> None:
    await _indexed(session, vectors, embedder)

    first = await search.search_products(
        session, vectors, embedder, "snack", ProductFilter(), PageRequest(0, 5)
    )
    second = await search.search_products(
        session, vectors, embedder, "snack", ProductFilter(), PageRequest(5, 5)
    )

    assert first.has_next
    assert len(first.hits) == len(second.hits) == 5
    assert not {pk(h.product) for h in first.hits} & {pk(h.product) for h in second.hits}


@pytest.mark.parametrize("query", ["", "   ", "x" * 201])
async def test_empty_or_overlong_queries_are_refused(
    session: Any, vectors: VectorStore, embedder: Any, query: str
) -> None:
    with pytest.raises(DomainError):
        await search.search_products(session, vectors, embedder, query, ProductFilter(), FIRST_PAGE)


async def test_similar_products_exclude_the_product_and_those_off_sale(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    # given: a coffee and another coffee taken off sale
    products = await _indexed(session, vectors, embedder)
    names = await _category_names(session)
    coffees = [p for p in products if names[p.category_id] == "Ground Coffee"]
    product, hidden = coffees[0], coffees[1]
    await catalog.set_product_on_sale(session, pk(hidden), False)
    await embed_products(session, vectors, embedder, [pk(hidden)])
    # when
    similar = await search.similar_products(session, vectors, pk(product), 5)
    # then
    ids = [pk(p) for p in similar]
    assert len(ids) == 5
    assert pk(product) not in ids
    assert pk(hidden) not in ids
    assert "Coffee" in names[similar[0].category_id]


async def test_similar_products_are_empty_when_the_vector_store_is_down(
    session: Any, dead_vectors: VectorStore
) -> None:
    assert await search.similar_products(session, dead_vectors, 1, 5) == []
