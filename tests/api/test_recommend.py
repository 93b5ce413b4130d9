"""Engagement through GraphQL: events, favourites, rankings and recommendations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlmodel import col

from db.tables import Product
from resolvers import catalog
from schema.base import to_global_id
from tests.factories import login, make_leaf, make_product, make_user

FAVOURITE = "mutation($id: ID!) { addFavourite(productId: $id) { product { name } errors { field code } } }"
UNFAVOURITE = (
    "mutation($id: ID!) { removeFavourite(productId: $id) { product { name } errors { field code } } }"
)
FAVOURITES = "{ favourites(first: 10) { edges { node { name } } pageInfo { hasNextPage } } }"
EVENT = "mutation($id: ID!, $kind: EventKind!) { recordEvent(productId: $id, kind: $kind) { recorded errors { code } } }"
RANKINGS = """
query($cat: ID) {
  bestSellers(categoryId: $cat, first: 3) { name }
  topRated(categoryId: $cat, first: 3) { name }
  trending(first: 3) { name }
}
"""
RECOMMENDATIONS = "{ recommendations(first: 5) { personalized products { name } } }"


def gid(name: str, pk: int | None) -> str:
    return str(to_global_id(name, pk))


async def _set(session: Any, product: Product, **values: Any) -> None:
    await session.exec(update(Product).where(col(Product.id) == product.id).values(**values))
    await session.commit()


async def test_favourites_are_idempotent_listed_and_removed(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    tea = await make_product(session, leaf, name="Tea")
    token = await login(gql, (await make_user(session)).username)
    for _ in range(2):
        data = await gql(FAVOURITE, {"id": gid("Product", tea.id)}, token=token)
        assert data["addFavourite"]["errors"] == []
    listed = await gql(FAVOURITES, token=token)
    assert [e["node"]["name"] for e in listed["favourites"]["edges"]] == ["Tea"]
    removed = await gql(UNFAVOURITE, {"id": gid("Product", tea.id)}, token=token)
    assert removed["removeFavourite"]["product"]["name"] == "Tea"
    again = await gql(UNFAVOURITE, {"id": gid("Product", tea.id)}, token=token)
    assert again["removeFavourite"]["errors"] == [{"field": "productId", "code": "NOT_FOUND"}]
    assert (await gql(FAVOURITES, token=token))["favourites"]["edges"] == []


async def test_off_sale_or_unknown_products_cannot_be_favourited(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    hidden = await make_product(session, leaf, on_sale=False)
    token = await login(gql, (await make_user(session)).username)
    for product_id in (gid("Product", hidden.id), gid("Product", 99999), gid("Category", leaf.id)):
        data = await gql(FAVOURITE, {"id": product_id}, token=token)
        assert data["addFavourite"]["errors"] == [{"field": "productId", "code": "NOT_FOUND"}]


async def test_events_need_a_login_and_feed_trending(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    quiet, busy = (
        await make_product(session, leaf, name="Quiet"),
        await make_product(session, leaf, name="Busy"),
    )
    anonymous = await gql.post(EVENT, {"id": gid("Product", busy.id), "kind": "VIEW"})
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    token = await login(gql, (await make_user(session)).username)
    for kind in ("VIEW", "ADD_TO_CART", "PURCHASE"):
        data = await gql(EVENT, {"id": gid("Product", busy.id), "kind": kind}, token=token)
        assert data["recordEvent"] == {"recorded": True, "errors": []}
    await gql(EVENT, {"id": gid("Product", quiet.id), "kind": "VIEW"}, token=token)
    rankings = await gql(RANKINGS)
    assert [p["name"] for p in rankings["trending"]] == ["Busy", "Quiet"]


async def test_rankings_respect_the_category_subtree_and_review_counts(gql: Any, session: Any) -> None:
    coffee = await make_leaf(session, "Drinks", "Hot", "Coffee")
    tea = await catalog.create_category(session, "Tea", coffee.parent_id)
    chips = await make_leaf(session, "Snacks", "Salty", "Chips")
    espresso = await make_product(session, coffee, name="Espresso")
    sencha = await make_product(session, tea, name="Sencha", price=Decimal("4.00"))
    crisps = await make_product(session, chips, name="Crisps")
    await _set(session, espresso, sales=10, rating_sum=14, rating_count=3)  # 4.67 from 3 reviews
    await _set(session, sencha, sales=30, rating_sum=5, rating_count=1)  # 5.0 but one review
    await _set(session, crisps, sales=99, rating_sum=40, rating_count=10)
    drinks = (await session.get(type(coffee), coffee.parent_id)).parent_id
    data = await gql(RANKINGS, {"cat": gid("Category", drinks)})
    assert [p["name"] for p in data["bestSellers"]] == ["Sencha", "Espresso"]
    assert [p["name"] for p in data["topRated"]] == ["Espresso"]  # one review is not enough
    overall = await gql(RANKINGS)
    assert overall["bestSellers"][0]["name"] == "Crisps"


async def test_visitors_get_popular_recommendations(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    best = await make_product(session, leaf, name="Best")
    await make_product(session, leaf, name="Other")
    await _set(session, best, sales=50)
    data = await gql(RECOMMENDATIONS)
    assert data["recommendations"]["personalized"] is False
    assert data["recommendations"]["products"][0]["name"] == "Best"
    body = (await gql.post("{ trending(first: 51) { name } }")).json()
    assert body["errors"][0]["extensions"]["field"] == "first"


async def test_shoppers_get_recommendations_ranked_from_their_own_events(
    gql: Any, session: Any, settings: Any, vectors: Any, embedder: Any
) -> None:
    from datetime import timedelta

    from sqlmodel import select

    from db.tables import Category, EventKind, UserEvent
    from db.types import utcnow
    from ml.recommend.recommender import RecommenderConfig
    from resolvers import personal
    from resolvers.vectors import embed_products
    from tests.factories import make_sample_catalog, pk

    # given: a catalog with embeddings, coffee lovers and fruit lovers with weeks of events
    products = await make_sample_catalog(session, per_category=5)
    await embed_products(session, vectors, embedder)
    leaf_of = {c.id: c.name for c in await session.exec(select(Category).where(Category.level == 3))}
    coffee = [p for p in products if "Coffee" in leaf_of[p.category_id]]
    fruit = [p for p in products if leaf_of[p.category_id] == "Fresh Fruit"]
    now = utcnow()
    shoppers = [await make_user(session) for _ in range(6)]
    for n, shopper in enumerate(shoppers):
        liked = coffee if n % 2 == 0 else fruit
        for age, product in enumerate(liked[n % 3 : n % 3 + 6]):
            session.add(
                UserEvent(
                    user_id=pk(shopper),
                    product_id=pk(product),
                    kind=EventKind.PURCHASE if age % 2 else EventKind.VIEW,
                    created_at=now - timedelta(days=3 + 6 * age),
                )
            )
    await session.commit()
    newcomer = await make_user(session)
    token = await login(gql, shoppers[0].username)

    # before training: popular items for everyone
    assert (await gql(RECOMMENDATIONS, token=token))["recommendations"]["personalized"] is False

    # when: the recommender is trained (what the train_recommender job does) and saved
    model, report = await personal.train_recommender(
        session, vectors, RecommenderConfig(label_window_days=14)
    )
    personal.RecommenderProvider(settings.recommender_path).save(model, {"trained_at": "now"})
    assert report.users == 6
    assert report.items == len(products)

    # then: the coffee lover is shown coffee they have not bought or seen yet
    answer = (await gql(RECOMMENDATIONS, token=token))["recommendations"]
    assert answer["personalized"] is True
    names = [product["name"] for product in answer["products"]]
    seen = {p.name for p in coffee[0:6]}
    assert names
    assert not seen & set(names)
    by_name = {p.name: p for p in products}
    assert "Coffee" in leaf_of[by_name[names[0]].category_id], names
    # a shopper without events, and a visitor, still get the popular list
    newcomer_token = await login(gql, newcomer.username)
    assert (await gql(RECOMMENDATIONS, token=newcomer_token))["recommendations"]["personalized"] is False
    assert (await gql(RECOMMENDATIONS))["recommendations"]["personalized"] is False


async def test_the_recommender_sees_each_products_review_tags(session: Any) -> None:
    from db.tables import ProductTag
    from resolvers import personal
    from tests.factories import pk

    leaf = await make_leaf(session)
    roast = await make_product(session, leaf, name="Roast")
    plain = await make_product(session, leaf, name="Plain")
    session.add(ProductTag(product_id=pk(roast), label="rich dark roast", weight=0.7, position=0))
    session.add(ProductTag(product_id=pk(roast), label="arrives crushed", weight=0.3, position=1))
    await session.commit()

    items = await personal.catalog_items(session)

    assert items[str(pk(roast))].tags == (("rich dark roast", 0.7), ("arrives crushed", 0.3))
    assert items[str(pk(plain))].tags == ()
