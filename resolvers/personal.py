"""Personal recommendations: the hybrid recommender of ml/recommend on the mall's own events.

Recall (embedding neighbours of the shopper's recent items and of a profile vector, plus popular
items of their sub-categories) -> rank (logistic regression learned from the event history by the
`train_recommender` job) -> re-rank (at most a few items per sub-category, nothing the shopper
already bought or looked at). The job reads the product vectors from pgvector once; serving
ranks in memory, so a request costs one query for the history and one for the products.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, EventKind, Product, ProductTag, UserEvent
from db.types import utcnow
from db.vector import VectorStore
from ml.recommend.data import Interaction, Item
from ml.recommend.model_file import RecommenderFileError, load_recommender, save_recommender
from ml.recommend.recommender import HybridRecommender, RecommenderConfig
from resolvers.errors import DomainError
from resolvers.recommend import RecommendErrorCode
from resolvers.vectors import vectors_for

log = logging.getLogger(__name__)
# how much each kind of event says about taste (a purchase is the unit)
EVENT_WEIGHTS = {
    EventKind.PURCHASE: 1.0,
    EventKind.REVIEW: 0.8,
    EventKind.FAVOURITE: 0.6,
    EventKind.ADD_TO_CART: 0.5,
    EventKind.VIEW: 0.2,
}
HISTORY_EVENTS = 200


@dataclass(frozen=True)
class TrainReport:
    items: int
    interactions: int
    users: int
    learned_ranker: bool
    weights: dict[str, float]


async def catalog_items(session: AsyncSession) -> dict[str, Item]:
    """Products on sale with their leaf category and its parent (the recommender's two levels)."""
    leaf, parent = aliased(Category), aliased(Category)
    # five columns: past sqlmodel's typed select overloads, so SQLAlchemy's own
    rows = await session.execute(
        sa_select(col(Product.id), col(Product.name), col(Product.price), col(leaf.name), col(parent.name))
        .join(leaf, col(leaf.id) == Product.category_id)
        .join(parent, col(parent.id) == leaf.parent_id, isouter=True)
        .where(col(Product.on_sale).is_(True))
    )
    tags = await _tags_by_product(session)
    return {
        str(pid): Item(
            str(pid), name, parent_name or leaf_name, leaf_name, float(price), tuple(tags.get(pid, ()))
        )
        for pid, name, price, leaf_name, parent_name in rows
    }


async def _tags_by_product(session: AsyncSession) -> dict[int, list[tuple[str, float]]]:
    """Every product's review tags (the cluster_tags job writes them), for the tag feature."""
    rows = await session.exec(
        select(ProductTag.product_id, ProductTag.label, ProductTag.weight).order_by(
            col(ProductTag.product_id), col(ProductTag.position)
        )
    )
    tags: dict[int, list[tuple[str, float]]] = {}
    for product_id, label, weight in rows:
        tags.setdefault(product_id, []).append((label, float(weight)))
    return tags


def _interaction(user_id: int, product_id: int, kind: str, at: datetime) -> Interaction:
    return Interaction(str(user_id), str(product_id), at.date(), EVENT_WEIGHTS.get(EventKind(kind), 0.2))


async def all_interactions(session: AsyncSession) -> list[Interaction]:
    rows = await session.exec(
        select(UserEvent.user_id, UserEvent.product_id, UserEvent.kind, UserEvent.created_at).order_by(
            col(UserEvent.id)
        )
    )
    return [_interaction(*row) for row in rows]


async def user_history(session: AsyncSession, user_id: int, limit: int = HISTORY_EVENTS) -> list[Interaction]:
    rows = await session.exec(
        select(UserEvent.user_id, UserEvent.product_id, UserEvent.kind, UserEvent.created_at)
        .where(UserEvent.user_id == user_id)
        .order_by(col(UserEvent.created_at).desc(), col(UserEvent.id).desc())
        .limit(limit)
    )
    return [_interaction(*row) for row in rows]


async def train_recommender(
    session: AsyncSession, vectors: VectorStore, config: RecommenderConfig, today: date | None = None
) -> tuple[HybridRecommender, TrainReport]:
    """Fit on every event before today; raises VectorStoreUnavailable when pgvector is down."""
    items = await catalog_items(session)
    embeddings = await vectors_for(vectors, [int(item_id) for item_id in items])
    item_vectors = {str(pid): vector for pid, vector in embeddings.items()}
    if not item_vectors:
        raise DomainError.of(
            RecommendErrorCode.NOT_READY, "no product has an embedding yet: run the embed_products job first"
        )
    interactions = await all_interactions(session)
    model = HybridRecommender({k: v for k, v in items.items() if k in item_vectors}, item_vectors, config)
    # fitting is CPU work (numpy and scikit-learn): off the event loop
    await asyncio.to_thread(model.fit, interactions, (today or utcnow().date()) + _ONE_DAY)
    report = TrainReport(
        items=len(item_vectors),
        interactions=len(interactions),
        users=len({event.user_id for event in interactions}),
        learned_ranker=model.ranker is not None,
        weights=model.weights,
    )
    return model, report


class RecommenderProvider:
    """The trained recommender, loaded on first use and again whenever the job saves a new one."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._model: HybridRecommender | None = None
        self._loaded_mtime: float | None = None
        self.metadata: dict[str, Any] = {}

    def save(self, model: HybridRecommender, metadata: dict[str, Any]) -> dict[str, Any]:
        return save_recommender(model, self.directory, metadata)

    async def get(self) -> HybridRecommender | None:
        """None until a model has been trained (or while the saved one is unreadable)."""
        try:
            mtime = (self.directory / "recommender.json").stat().st_mtime
        except OSError:
            return None
        if self._model is None or mtime != self._loaded_mtime:
            try:
                self._model, self.metadata = await asyncio.to_thread(load_recommender, self.directory)
            except RecommenderFileError as exc:
                log.warning("recommender unavailable: %s", exc)
                return None
            self._loaded_mtime = mtime
        return self._model

    def loaded_version(self) -> str | None:
        return str(self.metadata.get("trained_at")) if self._model is not None else None


async def recommend_for_user(
    session: AsyncSession, provider: RecommenderProvider, user_id: int, limit: int
) -> list[Product] | None:
    """The shopper's ranked products, or None for a cold start (no model or no history yet)."""
    model = await provider.get()
    if model is None:
        return None
    history = await user_history(session, user_id)
    if not any(event.item_id in model.index for event in history):
        return None
    ranked = [int(item_id) for item_id in model.recommend_history(history, limit)]
    return await _on_sale_in_order(session, ranked)


async def _on_sale_in_order(session: AsyncSession, ids: Sequence[int]) -> list[Product]:
    if not ids:
        return []
    rows = await session.exec(select(Product).where(col(Product.id).in_(ids), col(Product.on_sale).is_(True)))
    by_id = {product.id: product for product in rows}
    return [by_id[pid] for pid in ids if pid in by_id]


_ONE_DAY = date.resolution
