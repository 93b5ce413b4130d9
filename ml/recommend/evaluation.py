"""Offline evaluation on a time split: Recall@k, NDCG@k and coverage against two baselines.

Protocol: everything before the split day is history; a user is evaluated when they bought
something before and something new after (items they had already bought do not count as hits:
recommending them again is no discovery). All three recommenders see the same history and are
asked for the same users; none of them sees anything after the split day.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from ml.recommend.data import Interaction, Item
from ml.recommend.recommender import HybridRecommender, RecommenderConfig

Recommend = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class Scores:
    recall: float
    ndcg: float
    coverage: float


@dataclass(frozen=True)
class EvaluationReport:
    split_day: date
    users: int
    k: int
    catalog_size: int
    results: dict[str, Scores]
    ranker_weights: dict[str, float]


def recall_at_k(recommended: list[str], relevant: set[str], k: int) -> float:
    return len(set(recommended[:k]) & relevant) / len(relevant) if relevant else 0.0


def ndcg_at_k(recommended: list[str], relevant: set[str], k: int) -> float:
    gains = sum(1 / math.log2(rank + 2) for rank, item in enumerate(recommended[:k]) if item in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), k)))
    return gains / ideal if ideal else 0.0


def popularity_baseline(history: dict[str, set[str]], popular: list[str]) -> Recommend:
    def recommend(user_id: str, k: int) -> list[str]:
        owned = history.get(user_id, set())
        return [item for item in popular if item not in owned][:k]

    return recommend


def cooccurrence_baseline(history: dict[str, set[str]], popular: list[str]) -> Recommend:
    """Item-to-item: items bought by the same customers as this user's items, popularity-damped."""
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for items in history.values():
        for a in items:
            for b in items:
                if a != b:
                    together[a][b] += 1
    counts: Counter[str] = Counter(item for items in history.values() for item in items)

    def recommend(user_id: str, k: int) -> list[str]:
        owned = history.get(user_id, set())
        scores: dict[str, float] = defaultdict(float)
        for item in sorted(owned):
            for other, count in together[item].items():
                if other not in owned:
                    scores[other] += count / math.sqrt(counts[other])
        # ties by id: set order changes with PYTHONHASHSEED, and so would the figures
        ranked = sorted(scores, key=lambda item: (-scores[item], item))
        fill = [item for item in popular if item not in owned and item not in scores]
        return (ranked + fill)[:k]

    return recommend


def evaluate_time_split(
    interactions: Sequence[Interaction],
    items: dict[str, Item],
    item_vectors: dict[str, npt.NDArray[np.float32]],
    split_day: date,
    k: int = 10,
    config: RecommenderConfig | None = None,
) -> EvaluationReport:
    train = [event for event in interactions if event.day < split_day]
    test = [event for event in interactions if event.day >= split_day]
    history: dict[str, set[str]] = defaultdict(set)
    for event in train:
        history[event.user_id].add(event.item_id)
    relevant: dict[str, set[str]] = defaultdict(set)
    for event in test:
        if event.user_id in history and event.item_id not in history[event.user_id]:
            relevant[event.user_id].add(event.item_id)
    users = sorted(user for user, wanted in relevant.items() if wanted)
    popular = [item for item, _ in Counter(event.item_id for event in train).most_common()]
    hybrid = HybridRecommender(items, item_vectors, config or RecommenderConfig()).fit(train, split_day)
    recommenders: dict[str, Recommend] = {
        "hybrid": hybrid.recommend,
        "popularity": popularity_baseline(history, popular),
        "cooccurrence": cooccurrence_baseline(history, popular),
    }
    results = {}
    for name, recommend in recommenders.items():
        recalls, ndcgs, shown = [], [], set()
        for user in users:
            recommended = recommend(user, k)
            shown.update(recommended)
            recalls.append(recall_at_k(recommended, relevant[user], k))
            ndcgs.append(ndcg_at_k(recommended, relevant[user], k))
        results[name] = Scores(
            recall=float(np.mean(recalls)) if users else 0.0,
            ndcg=float(np.mean(ndcgs)) if users else 0.0,
            coverage=len(shown) / len(items) if items else 0.0,
        )
    return EvaluationReport(split_day, len(users), k, len(items), results, hybrid.weights)
