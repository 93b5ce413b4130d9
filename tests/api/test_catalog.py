"""The catalog through GraphQL: tree, products, listing, home page, admin edits and permissions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from db.tables import Role
from resolvers import catalog
from tests.conftest import count_statements
from tests.factories import login, make_leaf, make_product, make_user

TREE = "{ categories { category { id name level } children { category { name } children { category { name } } } } }"
CREATE_CATEGORY = """
mutation($name: String!, $parent: ID) {
  createCategory(name: $name, parentId: $parent) { category { id name level } errors { field code } }
}
"""
DELETE_CATEGORY = "mutation($id: ID!) { deleteCategory(id: $id) { category { name } errors { field code } } }"
REORDER = """
mutation($ids: [ID!]!, $parent: ID) {
  reorderCategories(orderedIds: $ids, parentId: $parent) { categories { name position } errors { code } }
}
"""
CREATE_PRODUCT = """
mutation($input: ProductInput!) {
  createProduct(input: $input) { product { id name price originalPrice stock onSale category { name } } errors { field code message } }
}
"""
SET_ON_SALE = "mutation($id: ID!, $on: Boolean!) { setProductOnSale(id: $id, onSale: $on) { product { onSale } errors { code } } }"
LISTING = """
query($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort) {
  products(first: $first, after: $after, filter: $filter, sort: $sort) {
    edges { cursor node { id name price rating ratingCount category { id name } tags { label weight } } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""
NODE = "query($id: ID!) { node(id: $id) { id ... on Product { name } ... on Category { name level } } }"
HOME = "{ homePage { carousel { title product { name } } hot { name } new { name } recommended { name } } }"
SET_SHELF = "mutation($ids: [ID!]!) { setHomeShelf(shelf: HOT, productIds: $ids) { home { hot { name } } errors { code } } }"


@pytest.fixture
async def admin_token(gql: Any, session: Any) -> str:
    admin = await make_user(session, role=Role.ADMIN)
    return await login(gql, admin.username)


async def test_admin_builds_a_three_level_tree_and_no_deeper(gql: Any, admin_token: str) -> None:
    parent = None
    ids = []
    for name in ["Food", "Drinks", "Coffee"]:
        data = await gql(CREATE_CATEGORY, {"name": name, "parent": parent}, token=admin_token)
        assert data["createCategory"]["errors"] == []
        parent = data["createCategory"]["category"]["id"]
        ids.append(parent)
    too_deep = await gql(CREATE_CATEGORY, {"name": "Beans", "parent": parent}, token=admin_token)
    assert too_deep["createCategory"]["errors"] == [{"field": "parentId", "code": "TOO_DEEP"}]
    tree = await gql(TREE)
    assert tree["categories"][0]["category"]["name"] == "Food"
    assert tree["categories"][0]["children"][0]["children"][0]["category"]["name"] == "Coffee"


async def test_sibling_names_are_unique_even_at_the_top(gql: Any, admin_token: str) -> None:
    await gql(CREATE_CATEGORY, {"name": "Snacks"}, token=admin_token)
    data = await gql(CREATE_CATEGORY, {"name": "Snacks"}, token=admin_token)
    assert data["createCategory"]["errors"] == [{"field": "name", "code": "DUPLICATE"}]


async def test_category_with_products_or_children_cannot_be_deleted(
    gql: Any, session: Any, admin_token: str
) -> None:
    leaf = await make_leaf(session)
    await make_product(session, leaf)
    leaf_id = (await gql(NODE, {"id": _gid("Category", leaf.id)}))["node"]["id"]
    parent_id = _gid("Category", leaf.parent_id)
    data = await gql(DELETE_CATEGORY, {"id": leaf_id}, token=admin_token)
    assert data["deleteCategory"]["errors"] == [{"field": "id", "code": "HAS_PRODUCTS"}]
    data = await gql(DELETE_CATEGORY, {"id": parent_id}, token=admin_token)
    assert data["deleteCategory"]["errors"] == [{"field": "id", "code": "HAS_CHILDREN"}]


async def test_reorder_needs_every_sibling_once(gql: Any, admin_token: str) -> None:
    ids = []
    for name in ["A", "B", "C"]:
        data = await gql(CREATE_CATEGORY, {"name": name}, token=admin_token)
        ids.append(data["createCategory"]["category"]["id"])
    partial = await gql(REORDER, {"ids": ids[:2]}, token=admin_token)
    assert partial["reorderCategories"]["errors"] == [{"code": "INVALID"}]
    done = await gql(REORDER, {"ids": list(reversed(ids))}, token=admin_token)
    assert [c["name"] for c in done["reorderCategories"]["categories"]] == ["C", "B", "A"]
    tree = await gql(TREE)
    assert [node["category"]["name"] for node in tree["categories"]] == ["C", "B", "A"]


async def test_create_product_validates_prices_and_category(gql: Any, session: Any, admin_token: str) -> None:
    leaf = await make_leaf(session)
    leaf_gid = _gid("Category", leaf.id)
    bad = await gql(
        CREATE_PRODUCT,
        {"input": {"name": "Tea", "price": "-1", "originalPrice": "3.999", "categoryId": leaf_gid}},
        token=admin_token,
    )
    assert {e["field"] for e in bad["createProduct"]["errors"]} == {"price", "originalPrice"}
    not_leaf = await gql(
        CREATE_PRODUCT,
        {
            "input": {
                "name": "Tea",
                "price": "3",
                "originalPrice": "4",
                "categoryId": _gid("Category", leaf.parent_id),
            }
        },
        token=admin_token,
    )
    assert not_leaf["createProduct"]["errors"][0]["code"] == "NOT_A_LEAF"
    good = await gql(
        CREATE_PRODUCT,
        {
            "input": {
                "name": "Tea",
                "price": "3.50",
                "originalPrice": "4",
                "stock": 5,
                "categoryId": leaf_gid,
            }
        },
        token=admin_token,
    )
    product = good["createProduct"]["product"]
    assert product["price"] == "3.50"
    assert product["originalPrice"] == "4.00"
    assert product["category"]["name"] == leaf.name
    assert await catalog.count_products(session, catalog.ProductFilter()) == 1


async def test_customers_cannot_edit_the_catalog(gql: Any, session: Any) -> None:
    user = await make_user(session)
    token = await login(gql, user.username)
    body = (await gql.post(CREATE_CATEGORY, {"name": "Mine"}, token=token)).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(TREE))["categories"] == []


async def test_off_sale_products_leave_the_storefront(gql: Any, session: Any, admin_token: str) -> None:
    leaf = await make_leaf(session)
    product = await make_product(session, leaf)
    gid = _gid("Product", product.id)
    await gql(SET_ON_SALE, {"id": gid, "on": False}, token=admin_token)
    listing = await gql(LISTING, {"first": 10})
    assert listing["products"]["edges"] == []
    assert (await gql("query($id: ID!) { product(id: $id) { name } }", {"id": gid}))["product"] is None
    admin_view = await gql(LISTING, {"first": 10, "filter": {"onSaleOnly": False}}, token=admin_token)
    assert len(admin_view["products"]["edges"]) == 1
    body = (await gql.post(LISTING, {"first": 10, "filter": {"onSaleOnly": False}})).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_listing_filters_by_subtree_keyword_and_price(gql: Any, session: Any) -> None:
    coffee = await make_leaf(session, "Drinks", "Hot", "Coffee")
    tea = await catalog.create_category(session, "Tea", coffee.parent_id)
    chips = await make_leaf(session, "Snacks", "Salty", "Chips")
    await make_product(session, coffee, name="Dark Roast Coffee", price=Decimal("12.00"))
    await make_product(session, tea, name="Green Tea 100% leaf", price=Decimal("5.00"))
    await make_product(session, chips, name="Sea Salt Chips", price=Decimal("3.00"))
    drinks_gid = _gid("Category", (await session.get(type(coffee), coffee.parent_id)).parent_id)

    async def names(filter_: dict[str, Any]) -> set[str]:
        data = await gql(LISTING, {"first": 50, "filter": filter_})
        return {edge["node"]["name"] for edge in data["products"]["edges"]}

    assert await names({"categoryId": drinks_gid}) == {"Dark Roast Coffee", "Green Tea 100% leaf"}
    assert await names({"keyword": "roast"}) == {"Dark Roast Coffee"}
    assert await names({"keyword": "100%"}) == {"Green Tea 100% leaf"}  # % is not a wildcard
    assert await names({"minPrice": "4", "maxPrice": "12"}) == {
        "Dark Roast Coffee",
        "Green Tea 100% leaf",
    }
    body = (await gql.post(LISTING, {"first": 5, "filter": {"minPrice": "9", "maxPrice": "1"}})).json()
    assert body["errors"][0]["extensions"]["field"] == "filter"


async def test_listing_sorts_and_pages_without_gaps(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    for cents in [500, 100, 300, 200, 400]:
        await make_product(session, leaf, name=f"P{cents}", price=Decimal(cents) / 100)
    seen: list[str] = []
    after = None
    while True:
        data = await gql(LISTING, {"first": 2, "after": after, "sort": "PRICE_ASC"})
        page = data["products"]
        seen += [edge["node"]["name"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["P100", "P200", "P300", "P400", "P500"]
    desc = await gql(LISTING, {"first": 1, "sort": "PRICE_DESC"})
    assert desc["products"]["edges"][0]["node"]["name"] == "P500"


async def test_page_size_is_capped_at_100(gql: Any) -> None:
    body = (await gql.post(LISTING, {"first": 101})).json()
    assert body["errors"][0]["extensions"] == {"code": "BAD_REQUEST", "field": "first"}
    body = (await gql.post(LISTING, {"first": 5, "after": "garbage!"})).json()
    assert body["errors"][0]["extensions"]["field"] == "after"


async def test_listing_costs_the_same_statements_at_any_page_size(gql: Any, session: Any, store: Any) -> None:
    leaves = [await make_leaf(session) for _ in range(3)]
    for index in range(60):
        await make_product(session, leaves[index % 3])
    counter = count_statements(store)
    counts = {}
    for size in (5, 50):
        counter.reset()
        data = await gql(LISTING, {"first": size})
        assert len(data["products"]["edges"]) == size
        counts[size] = counter.count
    assert counts[5] == counts[50] <= 4, counter.statements


async def test_node_resolves_products_and_categories(gql: Any, session: Any) -> None:
    leaf = await make_leaf(session)
    product = await make_product(session, leaf, name="Oolong")
    data = await gql(NODE, {"id": _gid("Product", product.id)})
    assert data["node"]["name"] == "Oolong"
    data = await gql(NODE, {"id": _gid("Category", leaf.id)})
    assert data["node"]["level"] == 3
    assert (await gql(NODE, {"id": _gid("Product", 999999)}))["node"] is None


async def test_home_page_fills_shelves_and_honours_pins(gql: Any, session: Any, admin_token: str) -> None:
    leaf = await make_leaf(session)
    products = [await make_product(session, leaf, name=f"H{i}") for i in range(3)]
    home = await gql(HOME)
    assert len(home["homePage"]["new"]) == 3
    assert home["homePage"]["new"][0]["name"] == "H2"
    data = await gql(SET_SHELF, {"ids": [_gid("Product", products[1].id)]}, token=admin_token)
    assert data["setHomeShelf"]["home"]["hot"][0]["name"] == "H1"
    dup = await gql(SET_SHELF, {"ids": [_gid("Product", products[1].id)] * 2}, token=admin_token)
    assert dup["setHomeShelf"]["errors"] == [{"code": "DUPLICATE"}]


def _gid(type_name: str, pk: int | None) -> str:
    from schema.base import to_global_id

    return str(to_global_id(type_name, pk))


async def test_a_keyword_with_invisible_characters_is_refused_not_matched_everywhere(
    gql: Any, session: Any
) -> None:
    leaf = await make_leaf(session)
    await make_product(session, leaf, name="Dark Roast Coffee")

    for keyword in ("\u0000", "roast\u0000", "\u202e"):
        body = (await gql.post(LISTING, {"first": 5, "filter": {"keyword": keyword}})).json()
        assert body["errors"][0]["extensions"]["field"] == "filter", keyword
        assert "visible" in body["errors"][0]["message"]
