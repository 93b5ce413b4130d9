"""Reviews through GraphQL: one per user and product, newest first, rating kept in step."""

from __future__ import annotations

from typing import Any

from schema.base import to_global_id
from tests.factories import login, make_leaf, make_product, make_user

ADD_REVIEW = """
mutation($input: AddReviewInput!) {
  addReview(input: $input) { review { stars title authorName } product { rating ratingCount } errors { field code } }
}
"""
REVIEWS = """
query($id: ID!, $after: String) {
  product(id: $id) { rating ratingCount reviews(first: 2, after: $after) {
    edges { node { title stars } } pageInfo { hasNextPage endCursor } } }
}
"""


async def _review(gql: Any, token: str, product_gid: str, stars: int, title: str = "Nice") -> dict[str, Any]:
    data = await gql(
        ADD_REVIEW,
        {
            "input": {
                "productId": product_gid,
                "stars": stars,
                "title": title,
                "text": "Tasty and fresh.",
            }
        },
        token=token,
    )
    result: dict[str, Any] = data["addReview"]
    return result


async def test_reviews_update_the_rating_and_list_newest_first(gql: Any, session: Any) -> None:
    product = await make_product(session, await make_leaf(session))
    gid = str(to_global_id("Product", product.id))
    for index, stars in enumerate([5, 4, 3]):
        user = await make_user(session)
        added = await _review(gql, await login(gql, user.username), gid, stars, f"T{index}")
        assert added["errors"] == []
    assert added["product"] == {"rating": 4.0, "ratingCount": 3}
    first = await gql(REVIEWS, {"id": gid})
    assert [e["node"]["title"] for e in first["product"]["reviews"]["edges"]] == ["T2", "T1"]
    cursor = first["product"]["reviews"]["pageInfo"]["endCursor"]
    rest = await gql(REVIEWS, {"id": gid, "after": cursor})
    assert [e["node"]["title"] for e in rest["product"]["reviews"]["edges"]] == ["T0"]


async def test_one_review_per_user_and_product(gql: Any, session: Any) -> None:
    product = await make_product(session, await make_leaf(session))
    gid = str(to_global_id("Product", product.id))
    user = await make_user(session)
    token = await login(gql, user.username)
    assert (await _review(gql, token, gid, 5))["errors"] == []
    again = await _review(gql, token, gid, 1)
    assert again["errors"] == [{"field": "productId", "code": "ALREADY_REVIEWED"}]
    data = await gql(REVIEWS, {"id": gid})
    assert data["product"]["ratingCount"] == 1
    assert data["product"]["rating"] == 5.0


async def test_review_input_is_validated_and_nothing_is_written(gql: Any, session: Any) -> None:
    product = await make_product(session, await make_leaf(session))
    gid = str(to_global_id("Product", product.id))
    token = await login(gql, (await make_user(session)).username)
    data = await gql(
        ADD_REVIEW,
        {"input": {"productId": gid, "stars": 6, "title": "", "text": "x" * 5001}},
        token=token,
    )
    assert {e["field"] for e in data["addReview"]["errors"]} == {"stars", "title", "text"}
    missing = await _review(gql, token, str(to_global_id("Product", 987654)), 4)
    assert missing["errors"] == [{"field": "productId", "code": "NOT_FOUND"}]
    assert (await gql(REVIEWS, {"id": gid}))["product"]["ratingCount"] == 0


async def test_anonymous_users_cannot_review(gql: Any, session: Any) -> None:
    product = await make_product(session, await make_leaf(session))
    response = await gql.post(
        ADD_REVIEW,
        {
            "input": {
                "productId": str(to_global_id("Product", product.id)),
                "stars": 5,
                "title": "a",
                "text": "b",
            }
        },
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
