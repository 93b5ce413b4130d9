"""The shopping assistant: weighted needs, the best basket within budget, and bad input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from db.vector import VectorStore
from llm.local_client import LocalLLMClient
from resolvers import assistant, cart
from resolvers.assistant import AssistantErrorCode, choose_basket
from resolvers.errors import DomainError
from resolvers.vectors import embed_products
from tests.factories import make_leaf, make_product, make_sample_catalog, make_user, pk

LOCAL = LocalLLMClient()


def test_the_knapsack_beats_first_hit_per_need() -> None:
    # given: the best coffee eats the budget; a slightly worse one leaves room for the tea
    coffee = [(0.9, 900), (0.8, 400)]  # (importance x relevance, cents)
    tea = [(0.7, 500)]
    # when
    choice = choose_basket([coffee, tea], budget_cents=1000)
    # then: greedy first hit would buy coffee[0] alone (0.9); the knapsack gets 1.5
    assert choice == [1, 0]


def test_the_knapsack_leaves_a_need_out_rather_than_overspend() -> None:
    assert choose_basket([[(0.9, 2000)], [(0.5, 300)]], budget_cents=1000) == [None, 0]
    assert choose_basket([[(0.9, 2000)], [(0.5, 300)]], budget_cents=None) == [0, 0]
    assert choose_basket([[(0.9, 2000)]], budget_cents=0) == [None]


async def _coffee_and_tea(session: Any, vectors: VectorStore, embedder: Any) -> dict[str, Any]:
    leaf = await make_leaf(session, "Beverages", "Hot Drinks", "Coffee & Tea")
    made = {
        "exact": await make_product(
            session, leaf, name="Whole Bean Coffee", intro="Whole bean coffee.", price=Decimal("9.00")
        ),
        "cheaper": await make_product(
            session,
            leaf,
            name="Whole Bean Coffee Value Bag",
            intro="Everyday whole bean coffee.",
            price=Decimal("4.00"),
        ),
        "tea": await make_product(
            session, leaf, name="Green Tea Bags", intro="Green tea, 20 bags.", price=Decimal("5.00")
        ),
    }
    await embed_products(session, vectors, embedder)
    return made


async def test_the_basket_takes_the_better_combination_under_budget(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    made = await _coffee_and_tea(session, vectors, embedder)

    basket = await assistant.plan_basket(
        session, vectors, embedder, LOCAL, "whole bean coffee, green tea", Decimal("10.00")
    )

    assert [a.need.text for a in basket.needs] == ["whole bean coffee", "green tea"]
    coffee, tea = basket.needs
    # the first hit for coffee is the $9 bag: taking it would leave no room for tea
    assert coffee.alternatives[0].product.id == pk(made["exact"])
    assert coffee.chosen is not None
    assert coffee.chosen.product.id == pk(made["cheaper"])
    assert tea.chosen is not None
    assert tea.chosen.product.id == pk(made["tea"])
    assert basket.total == Decimal("9.00")
    assert set(basket.product_ids) == {pk(made["cheaper"]), pk(made["tea"])}
    assert "coffee" in coffee.chosen.matched_words


async def test_without_a_budget_each_need_gets_its_best_product(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    made = await _coffee_and_tea(session, vectors, embedder)

    basket = await assistant.plan_basket(session, vectors, embedder, LOCAL, "whole bean coffee and green tea")

    assert basket.budget is None
    assert [a.chosen.product.id for a in basket.needs if a.chosen] == [pk(made["exact"]), pk(made["tea"])]


async def test_a_budget_below_the_cheapest_match_gives_an_empty_basket_with_a_reason(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    await _coffee_and_tea(session, vectors, embedder)

    basket = await assistant.plan_basket(session, vectors, embedder, LOCAL, "green tea under $1")

    assert basket.budget == Decimal("1.00")
    assert basket.product_ids == []
    assert basket.total == Decimal("0.00")
    assert "above the budget" in basket.needs[0].reason
    assert basket.note is not None
    assert "below the price" in basket.note


async def test_a_realistic_request_fills_its_needs_within_budget(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    await make_sample_catalog(session, per_category=3)
    await embed_products(session, vectors, embedder)

    basket = await assistant.plan_basket(
        session, vectors, embedder, LOCAL, "friends are coming tomorrow, some fruit and snacks, under $40"
    )

    assert basket.budget == Decimal("40.00")
    assert basket.total <= Decimal("40.00")
    assert {a.need.text for a in basket.needs} >= {"fruit", "snacks"}
    assert all(a.chosen is not None for a in basket.needs)


@pytest.mark.parametrize(
    ("request_text", "budget", "code"),
    [
        ("", None, AssistantErrorCode.REQUIRED),
        ("   ", None, AssistantErrorCode.REQUIRED),
        ("coffee " * 1500, None, AssistantErrorCode.TOO_LONG),
        ("coffee", Decimal("-5"), AssistantErrorCode.INVALID),
    ],
)
async def test_bad_requests_are_typed_errors(
    session: Any, vectors: VectorStore, embedder: Any, request_text: str, budget: Decimal | None, code: Any
) -> None:
    with pytest.raises(DomainError) as raised:
        await assistant.plan_basket(session, vectors, embedder, LOCAL, request_text, budget)
    assert raised.value.errors[0].code == code


async def test_nonsense_gives_an_empty_basket_that_says_why(
    session: Any, vectors: VectorStore, embedder: Any
) -> None:
    basket = await assistant.plan_basket(session, vectors, embedder, LOCAL, "asdfghjkl qwrtzxcv!!")

    assert basket.needs == []
    assert basket.note is not None
    assert "no items" in basket.note


async def test_a_down_vector_store_still_gives_a_basket_from_words(
    session: Any, dead_vectors: VectorStore, embedder: Any
) -> None:
    await make_sample_catalog(session, per_category=2)

    basket = await assistant.plan_basket(session, dead_vectors, embedder, LOCAL, "ground coffee")

    assert not basket.semantic_available
    assert basket.needs[0].chosen is not None


async def test_the_basket_goes_into_the_cart_all_or_nothing(session: Any) -> None:
    user = await make_user(session)
    leaf = await make_leaf(session)
    first = await make_product(session, leaf)
    off_sale = await make_product(session, leaf, on_sale=False)

    with pytest.raises(DomainError):
        await assistant.add_basket_to_cart(session, pk(user), [pk(first), pk(off_sale)])
    assert (await cart.get_cart(session, pk(user))).lines == []

    assert await assistant.add_basket_to_cart(session, pk(user), [pk(first), pk(first)]) == 1
    assert [line.product.id for line in (await cart.get_cart(session, pk(user))).lines] == [pk(first)]
