"""The shopping assistant: a request split into weighted needs, each searched, the best basket in budget.

The basket is a multiple-choice knapsack: at most one product per need, maximising the sum of
importance x relevance with the total price within the budget. It is solved exactly with a
Pareto frontier of (cost, value) states: with at most 8 needs and 5 candidates each the
frontier stays small, where "first hit per line" (the original system) overspends on one need
and starves the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Product
from db.types import CENT
from db.vector import VectorStore
from llm.client import LLMClient
from llm.request_split import MAX_REQUEST_CHARS, Need, SplitExample, split_request
from resolvers import cart, catalog, search
from resolvers.catalog import MAX_PRICE, ProductFilter
from resolvers.errors import DomainError
from resolvers.paging import PageRequest
from resolvers.vectors import Embedder

CANDIDATES_PER_NEED = 5
MAX_BASKET = 100


class AssistantErrorCode(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PRODUCT_UNAVAILABLE = "product_unavailable"
    OUT_OF_STOCK = "out_of_stock"
    TOO_MANY_LINES = "too_many_lines"


@dataclass
class Candidate:
    """A product that could serve a need, and how well (relevance 0..1)."""

    product: Product
    relevance: float
    matched_words: list[str] = field(default_factory=list)
    matched_tags: list[str] = field(default_factory=list)

    @property
    def cents(self) -> int:
        return int(self.product.price * 100)


@dataclass
class NeedAnswer:
    need: Need
    chosen: Candidate | None
    alternatives: list[Candidate]
    reason: str

    @property
    def weighted_score(self) -> float:
        return round(self.need.importance * self.chosen.relevance, 4) if self.chosen else 0.0


@dataclass
class Basket:
    needs: list[NeedAnswer]
    budget: Decimal | None
    total: Decimal
    source: str  # "llm" or "local": who split the request
    semantic_available: bool
    note: str | None = None

    @property
    def product_ids(self) -> list[int]:
        return [a.chosen.product.id for a in self.needs if a.chosen and a.chosen.product.id is not None]


def choose_basket(
    options: Sequence[Sequence[tuple[float, int]]], budget_cents: int | None
) -> list[int | None]:
    """Exact multiple-choice knapsack: for each need the index of its (value, cost) option, or None.

    Maximises total value with total cost <= budget (no budget: the best option per need);
    among equal values the cheaper basket wins.
    """
    if budget_cents is None:
        return [
            max(range(len(opts)), key=lambda j: (opts[j][0], -opts[j][1])) if opts else None
            for opts in options
        ]
    # a state is (cost, value, choices); only states no other state beats on both cost and value survive
    frontier: list[tuple[int, float, tuple[int | None, ...]]] = [(0, 0.0, ())]
    for opts in options:
        grown = [(cost, value, (*choices, None)) for cost, value, choices in frontier]
        for cost, value, choices in frontier:
            for index, (gain, price) in enumerate(opts):
                if cost + price <= budget_cents and gain > 0:
                    grown.append((cost + price, value + gain, (*choices, index)))
        grown.sort(key=lambda state: (state[0], -state[1]))
        frontier = []
        best = -1.0
        for state in grown:
            if state[1] > best + 1e-12:
                frontier.append(state)
                best = state[1]
    cost, value, choices = max(frontier, key=lambda state: (state[1], -state[0]))
    return list(choices)


def _check(request: str, budget: Decimal | None) -> None:
    if not request or not request.strip():
        raise DomainError.of(AssistantErrorCode.REQUIRED, "tell the assistant what you need", "request")
    if len(request) > MAX_REQUEST_CHARS:
        raise DomainError.of(
            AssistantErrorCode.TOO_LONG, f"a request is at most {MAX_REQUEST_CHARS} characters", "request"
        )
    if budget is not None and not Decimal(0) <= budget <= MAX_PRICE:
        raise DomainError.of(AssistantErrorCode.INVALID, f"a budget from 0 to {MAX_PRICE}", "budget")


async def candidates_for(
    session: AsyncSession, vectors: VectorStore, embedder: Embedder, need: str
) -> tuple[list[Candidate], bool]:
    """The best products in stock for one need (hybrid search), and whether vectors answered."""
    result = await search.search_products(
        session,
        vectors,
        embedder,
        need[: search.MAX_QUERY_CHARS],
        ProductFilter(on_sale_only=True),
        PageRequest(0, CANDIDATES_PER_NEED * 2),
    )
    words = search.query_words(need)
    found: list[Candidate] = []
    for hit in result.hits:
        if hit.product.stock <= 0:
            continue
        share = len(hit.matched_words) / len(words) if words else 0.0
        if result.semantic_available:
            # meaning first; the words of the need break near ties
            similarity = max(0.0, 1.0 - (hit.distance if hit.distance is not None else 1.0))
            relevance = 0.8 * similarity + 0.2 * share
        else:
            relevance = share
        found.append(Candidate(hit.product, round(relevance, 4), hit.matched_words))
    found.sort(key=lambda c: -c.relevance)
    return found[:CANDIDATES_PER_NEED], result.semantic_available


async def _tag_matches(session: AsyncSession, answers: list[tuple[Need, list[Candidate]]]) -> None:
    ids = list({c.product.id for _, cands in answers for c in cands if c.product.id is not None})
    tags = dict(zip(ids, await catalog.tags_by_product_ids(session, ids), strict=True))
    for need, cands in answers:
        words = set(search.query_words(need.text))
        for candidate in cands:
            labels = tags.get(candidate.product.id or -1, [])
            candidate.matched_tags = [t.label for t in labels if words & set(search.query_words(t.label))]


async def plan_basket(
    session: AsyncSession,
    vectors: VectorStore,
    embedder: Embedder,
    llm: LLMClient,
    request: str,
    budget: Decimal | None = None,
    *,
    examples: Sequence[SplitExample] = (),
) -> Basket:
    """Split the request, search each need, and choose the basket (see the module docstring).

    A budget given here wins over one written in the request. Raises DomainError for an empty
    or overlong request or a budget out of range; nonsense gives an empty basket with a note.
    """
    _check(request, budget)
    split = await split_request(llm, request, examples=examples)
    budget = budget if budget is not None else split.budget
    notes = [split.note] if split.note else []
    semantic = True
    searched: list[tuple[Need, list[Candidate]]] = []
    for need in split.needs:
        cands, available = await candidates_for(session, vectors, embedder, need.text)
        semantic = semantic and available
        searched.append((need, cands))
    await _tag_matches(session, searched)

    budget_cents = None if budget is None else int(budget.quantize(CENT) * 100)
    options = [[(need.importance * c.relevance, c.cents) for c in cands] for need, cands in searched]
    choice = choose_basket(options, budget_cents)
    answers: list[NeedAnswer] = []
    for (need, cands), index in zip(searched, choice, strict=True):
        chosen = cands[index] if index is not None else None
        alternatives = [c for c in cands if c is not chosen]
        if chosen is not None:
            reason = f"relevance {chosen.relevance:.2f} x importance {need.importance:.2f}"
            if chosen.matched_words or chosen.matched_tags:
                reason += "; matches " + ", ".join(dict.fromkeys(chosen.matched_words + chosen.matched_tags))
        elif not cands:
            reason = "no product matched this need"
        elif budget is not None and min(c.product.price for c in cands) > budget:
            reason = f"the cheapest match costs {min(c.product.price for c in cands)}, above the budget"
        else:
            reason = "left out: the budget went to needs that matter more"
        answers.append(NeedAnswer(need, chosen, alternatives, reason))
    total = sum((a.chosen.product.price for a in answers if a.chosen), Decimal("0.00")).quantize(CENT)
    if (
        budget is not None
        and split.needs
        and all(a.chosen is None for a in answers)
        and any(c for _, c in searched)
    ):
        notes.append(f"the budget of {budget} is below the price of every matching product")
    if not semantic:
        notes.append("semantic search unavailable: products matched by words only")
    return Basket(
        needs=answers,
        budget=budget,
        total=total,
        source=split.source,
        semantic_available=semantic,
        note="; ".join(notes) or None,
    )


async def add_basket_to_cart(session: AsyncSession, user_id: int, product_ids: Sequence[int]) -> int:
    """One of each product into the cart; every product is checked before any is added."""
    unique = list(dict.fromkeys(product_ids))
    if not unique:
        raise DomainError.of(AssistantErrorCode.REQUIRED, "the basket is empty", "productIds")
    if len(unique) > MAX_BASKET:
        raise DomainError.of(AssistantErrorCode.INVALID, f"at most {MAX_BASKET} products", "productIds")
    for product in await catalog.products_by_ids(session, unique):
        if product is None:
            raise DomainError.of(
                AssistantErrorCode.NOT_FOUND, "a product of the basket is gone", "productIds"
            )
        if not product.on_sale or product.stock <= 0:
            raise DomainError.of(
                AssistantErrorCode.PRODUCT_UNAVAILABLE, f"{product.name} is no longer available", "productIds"
            )
    for product_id in unique:
        await cart.add_to_cart(session, user_id, product_id, 1)
    return len(unique)
