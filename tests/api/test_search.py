"""searchProducts and Product.similar over GraphQL, with the real vector store and without it."""

from __future__ import annotations

from typing import Any

from db.vector import VectorStore
from resolvers.vectors import embed_products
from tests.factories import make_sample_catalog

SEARCH = """
query Search($query: String!, $first: Int!) {
  searchProducts(query: $query, first: $first) {
    semanticAvailable
    edges { score keywordRank semanticRank matchedWords node { id name similar(first: 3) { id } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_search_products_answers_with_scores_and_similar(
    app: Any, gql: Any, session: Any, vectors: VectorStore, embedder: Any
) -> None:
    await make_sample_catalog(session, per_category=2)
    await embed_products(session, vectors, embedder)
    app.state.services.vectors = vectors
    app.state.services.embedder = embedder

    data = await gql(SEARCH, {"query": "coffee", "first": 3})

    result = data["searchProducts"]
    assert result["semanticAvailable"] is True
    assert len(result["edges"]) == 3
    assert result["pageInfo"]["hasNextPage"] is True
    top = result["edges"][0]
    assert "coffee" in top["node"]["name"].lower()
    assert len(top["node"]["similar"]) == 3
    assert top["node"]["id"] not in {s["id"] for s in top["node"]["similar"]}


async def test_search_products_says_when_semantic_results_are_unavailable(gql: Any, session: Any) -> None:
    # the app fixture never starts its vector store: the store is "down"
    await make_sample_catalog(session, per_category=2)

    data = await gql(SEARCH, {"query": "coffee", "first": 3})

    assert data["searchProducts"]["semanticAvailable"] is False
    assert data["searchProducts"]["edges"]
    assert data["searchProducts"]["edges"][0]["node"]["similar"] == []


async def test_an_empty_search_is_a_bad_request(gql: Any) -> None:
    response = await gql.post(SEARCH, {"query": " ", "first": 3})

    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "REQUIRED"


ASSISTANT = """
query Assistant($request: String!, $budget: Decimal) {
  shoppingAssistant(request: $request, budget: $budget) {
    errors { field code message }
    basket { total budget productIds splitBy semanticAvailable note
      needs { text importance reason choice { relevance weightedScore matchedWords product { id price } }
              alternatives { product { id } } } }
  }
}
"""

ADD_BASKET = """
mutation Add($ids: [ID!]!) {
  addBasketToCart(productIds: $ids) { added errors { code message } cart { lines { product { id } } } }
}
"""


async def test_the_assistant_basket_goes_into_the_cart(
    app: Any, gql: Any, session: Any, vectors: VectorStore, embedder: Any
) -> None:
    from tests.factories import login, make_user

    await make_sample_catalog(session, per_category=2)
    await embed_products(session, vectors, embedder)
    app.state.services.vectors = vectors
    app.state.services.embedder = embedder
    user = await make_user(session)
    gql.token = await login(gql, user.username)

    data = await gql(ASSISTANT, {"request": "ground coffee and potato chips", "budget": "30"})
    basket = data["shoppingAssistant"]["basket"]
    assert basket["splitBy"] == "local"
    assert float(basket["total"]) <= 30
    assert len(basket["productIds"]) == 2

    added = (await gql(ADD_BASKET, {"ids": basket["productIds"]}))["addBasketToCart"]
    assert added["errors"] == []
    assert added["added"] == 2
    assert {line["product"]["id"] for line in added["cart"]["lines"]} == set(basket["productIds"])


async def test_the_assistant_answers_bad_input_with_typed_errors(gql: Any) -> None:
    negative = await gql(ASSISTANT, {"request": "fruit", "budget": "-1"})
    too_long = await gql(ASSISTANT, {"request": "fruit " * 2000})

    assert negative["shoppingAssistant"]["errors"][0]["code"] == "INVALID"
    assert too_long["shoppingAssistant"]["errors"][0]["code"] == "TOO_LONG"
    assert negative["shoppingAssistant"]["basket"] is None
