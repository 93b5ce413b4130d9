"""Product search: keyword and vector relevance fused (reciprocal rank fusion), and similar products.

The vector side is optional by design: when the vector store (or the embedding model) is down,
keyword results still answer and the result says semantic results were unavailable.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sqlalchemy import or_
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, Product
from db.vector import VectorStore
from llm.errors import LLMError
from resolvers import catalog
from resolvers.catalog import ProductFilter
from resolvers.errors import DomainError
from resolvers.paging import PageRequest
from resolvers.vectors import (
    Embedder,
    VectorFilter,
    VectorStoreUnavailable,
    embed_query,
    nearest_products,
    vectors_for,
)
from resolvers.visible_text import has_invisible_characters

log = logging.getLogger(__name__)

RRF_K = 60  # the constant of Cormack et al.: dampens the weight of the very first ranks
MIN_POOL = 50
MAX_POOL = 200
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
KEYWORD_SCAN = 500

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "be",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "my",
        "your",
        "our",
        "their",
        "me",
        "we",
        "you",
        "i",
        "want",
        "need",
        "looking",
        "buy",
        "get",
        "find",
        "good",
        "best",
    ]
)
_TOKEN = re.compile(r"[^\W_][\w'&-]*")


class SearchErrorCode(StrEnum):
    REQUIRED = "required"
    INVALID = "invalid"


@dataclass
class SearchHit:
    """A product and why it was found: its fused score and its rank on each side (1-based)."""

    product: Product
    score: float
    keyword_rank: int | None = None
    semantic_rank: int | None = None
    distance: float | None = None  # cosine distance to the query, when found by the vector side
    matched_words: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    hits: list[SearchHit]
    offset: int
    has_next: bool
    semantic_available: bool


def query_words(query: str) -> list[str]:
    """The query's content words, lowercased, in order, without duplicates or stopwords."""
    words = [w.strip("'&-") for w in _TOKEN.findall(query.lower())]
    kept = [w for w in words if len(w) >= 2 and w not in _STOPWORDS]
    return list(dict.fromkeys(kept))[:MAX_QUERY_WORDS]


def matched_words(words: Sequence[str], *texts: str) -> list[str]:
    haystack = " ".join(texts).lower()
    return [word for word in words if word in haystack]


def _check_query(query: str) -> str:
    cleaned = " ".join(query.split())
    if not cleaned:
        raise DomainError.of(SearchErrorCode.REQUIRED, "type something to search for", "query")
    if len(cleaned) > MAX_QUERY_CHARS:
        raise DomainError.of(SearchErrorCode.INVALID, f"at most {MAX_QUERY_CHARS} characters", "query")
    if has_invisible_characters(cleaned):
        raise DomainError.of(SearchErrorCode.INVALID, "visible characters only, please", "query")
    return cleaned


async def keyword_ranking(
    session: AsyncSession, words: Sequence[str], filter_: ProductFilter, limit: int
) -> list[tuple[Product, list[str]]]:
    """Products whose name or intro contains query words; a word in the name counts double."""
    if not words:
        return []
    matches = [
        or_(
            col(Product.name).contains(word, autoescape=True),
            col(Product.intro).contains(word, autoescape=True),
        )
        for word in words
    ]
    query = catalog.product_query(replace(filter_, keyword=None)).where(or_(*matches)).limit(KEYWORD_SCAN)
    scored: list[tuple[float, int, Product, list[str]]] = []
    for product in await session.exec(query):
        assert product.id is not None
        name, intro = product.name.lower(), product.intro.lower()
        found = [w for w in words if w in name or w in intro]
        # every word counts; name matches more than intro; the whole phrase in the name most
        score = sum(2.0 if w in name else 1.0 for w in found) + (3.0 if " ".join(words) in name else 0.0)
        scored.append((-score, product.id, product, found))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [(product, found) for _, _, product, found in scored[:limit]]


async def vector_filter(session: AsyncSession, filter_: ProductFilter) -> VectorFilter | None:
    """The filter as the vector store applies it; None when it can match nothing."""
    path = None
    if filter_.category_id is not None:
        category = await session.get(Category, filter_.category_id)
        if category is None:
            return None
        path = category.path
    return VectorFilter(
        on_sale_only=filter_.on_sale_only,
        category_path=path,
        min_price=filter_.min_price,
        max_price=filter_.max_price,
    )


async def semantic_ranking(
    session: AsyncSession,
    vectors: VectorStore,
    embedder: Embedder,
    query: str,
    filter_: ProductFilter,
    limit: int,
) -> list[tuple[int, float]] | None:
    """(product id, distance) nearest first; None when the vector side is unavailable."""
    where = await vector_filter(session, filter_)
    if where is None:
        return []
    if vectors.engine is None:
        return None
    try:
        vector = await embed_query(embedder, query)
        return await nearest_products(vectors, vector, limit, filter=where)
    except (VectorStoreUnavailable, LLMError) as exc:
        log.warning("semantic search unavailable: %s", exc)
        return None


async def _still_matching(
    session: AsyncSession, ids: Sequence[int], filter_: ProductFilter
) -> dict[int, Product]:
    """The vector store's copies may lag an edit: every hit is checked against the real rows."""
    if not ids:
        return {}
    query = catalog.product_query(replace(filter_, keyword=None)).where(col(Product.id).in_(list(ids)))
    return {product.id: product for product in await session.exec(query) if product.id is not None}


def fuse(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: score = sum over rankings of 1 / (k + rank)."""
    scores: dict[int, float] = {}
    first_seen: dict[int, tuple[int, int]] = {}
    for list_index, ranking in enumerate(rankings):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            first_seen.setdefault(item, (rank, list_index))
    # ties (same rank on different sides) go to the earlier list: the keyword side is listed first
    return sorted(scores.items(), key=lambda item: (-item[1], first_seen[item[0]]))


async def search_products(
    session: AsyncSession,
    vectors: VectorStore,
    embedder: Embedder,
    query: str,
    filter_: ProductFilter,
    page: PageRequest,
) -> SearchResult:
    """Hybrid search: keyword and semantic rankings fused with RRF (k=60), a page at a time."""
    cleaned = _check_query(query)
    catalog.validate_filter(filter_)
    pool = min(MAX_POOL, max(MIN_POOL, page.offset + page.limit + 1))
    words = query_words(cleaned)
    keyword = await keyword_ranking(session, words, filter_, pool)
    semantic = await semantic_ranking(session, vectors, embedder, cleaned, filter_, pool)
    keyword_ids = [p.id for p, _ in keyword if p.id is not None]
    semantic_ids = [pid for pid, _ in semantic or []]
    fused = fuse([keyword_ids, semantic_ids])
    products = {p.id: p for p, _ in keyword if p.id is not None}
    products.update(
        await _still_matching(session, [pid for pid in semantic_ids if pid not in products], filter_)
    )
    keyword_rank = {pid: rank for rank, pid in enumerate(keyword_ids, start=1)}
    semantic_rank = {pid: rank for rank, pid in enumerate(semantic_ids, start=1)}
    distance = dict(semantic or [])
    hits: list[SearchHit] = []
    for pid, score in fused:
        product = products.get(pid)
        if product is None:
            continue
        hits.append(
            SearchHit(
                product=product,
                score=round(score, 6),
                keyword_rank=keyword_rank.get(pid),
                semantic_rank=semantic_rank.get(pid),
                distance=distance.get(pid),
                matched_words=matched_words(words, product.name, product.intro),
            )
        )
    window = hits[page.offset : page.offset + page.limit]
    return SearchResult(
        hits=window,
        offset=page.offset,
        has_next=len(hits) > page.offset + page.limit,
        semantic_available=semantic is not None,
    )


async def similar_products(
    session: AsyncSession, vectors: VectorStore, product_id: int, k: int
) -> list[Product]:
    """The k nearest products on sale, the product itself excluded; empty when vectors are down."""
    try:
        own = await vectors_for(vectors, [product_id])
        if product_id not in own:
            return []
        hits = await nearest_products(
            vectors, own[product_id], k, exclude_ids=[product_id], filter=VectorFilter(on_sale_only=True)
        )
    except VectorStoreUnavailable as exc:
        log.warning("similar products unavailable: %s", exc)
        return []
    found = await _still_matching(session, [pid for pid, _ in hits], ProductFilter(on_sale_only=True))
    return [found[pid] for pid, _ in hits if pid in found]
