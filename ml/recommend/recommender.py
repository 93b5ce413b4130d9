"""The hybrid recommender: recall from several sources, a logistic ranker, then a diverse re-rank.

Recall: embedding neighbours of the user's recent items, neighbours of a recency-weighted
profile vector, and popular items of the user's sub-categories. Rank: logistic regression over
similarity, popularity, trend, category affinity, price fit and review-tag affinity, trained on
the history itself with an inner time split (the last `label_window_days` before `now` are the
labels), so nothing after `now` is ever seen. Re-rank: at most `max_per_subcategory` items of
one sub-category.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from ml.recommend.data import Interaction, Item

FEATURES = (
    "recent_similarity",
    "profile_similarity",
    "log_popularity",
    "log_trend",
    "subcategory_affinity",
    "category_affinity",
    "price_fit",
    "tag_affinity",
)
Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class RecommenderConfig:
    recent_items: int = 5
    neighbours_per_item: int = 30
    profile_neighbours: int = 60
    popular_per_subcategory: int = 15
    trending_days: int = 90
    label_window_days: int = 180
    negatives_per_user: int = 40
    max_per_subcategory: int = 3
    exclude_purchased: bool = True
    seed: int = 7


@dataclass
class _Stats:
    """What the ranker knows of the world up to a day: popularity, trend, each user's history."""

    popularity: Counter[str]
    trend: Counter[str]
    histories: dict[str, list[Interaction]]
    popular_by_subcategory: dict[str, list[str]]
    popular: list[str]


@dataclass
class HybridRecommender:
    items: dict[str, Item]
    item_vectors: dict[str, npt.NDArray[np.float32]]
    config: RecommenderConfig = field(default_factory=RecommenderConfig)
    ranker: Pipeline | None = None
    weights: dict[str, float] = field(default_factory=dict)
    _stats: _Stats | None = None

    def __post_init__(self) -> None:
        self.ids = [item_id for item_id in self.items if item_id in self.item_vectors]
        self.index = {item_id: n for n, item_id in enumerate(self.ids)}
        matrix = np.stack([self.item_vectors[item_id] for item_id in self.ids]).astype(np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix: Matrix = matrix / np.maximum(norms, 1e-9)
        self.log_prices = np.array([math.log1p(max(self.items[i].price, 0.0)) for i in self.ids])
        self.tag_words = {item_id: tag_word_vector(self.items[item_id].tags) for item_id in self.ids}

    # ---- learning ----

    def fit(self, interactions: Sequence[Interaction], now: date) -> HybridRecommender:
        """Learn from everything before `now`; the ranker learns from its own inner split."""
        past = [event for event in interactions if event.day < now and event.item_id in self.index]
        cutoff = now - timedelta(days=self.config.label_window_days)
        inner = self._statistics([event for event in past if event.day < cutoff], cutoff)
        labels: dict[str, set[str]] = defaultdict(set)
        for event in past:
            if event.day >= cutoff:
                labels[event.user_id].add(event.item_id)
        rows: list[npt.NDArray[np.float64]] = []
        targets: list[int] = []
        rng = np.random.default_rng(self.config.seed)
        for user_id, wanted in labels.items():
            history = inner.histories.get(user_id)
            if not history:
                continue
            candidates = self._candidates(history, inner)
            if not candidates:
                continue
            features = self._features(history, candidates, inner)
            is_positive = np.array([item_id in wanted for item_id in candidates])
            negatives = np.flatnonzero(~is_positive)
            if len(negatives) > self.config.negatives_per_user:
                negatives = rng.choice(negatives, self.config.negatives_per_user, replace=False)
            keep = np.concatenate([np.flatnonzero(is_positive), negatives])
            rows.append(features[keep])
            targets.extend(int(is_positive[n]) for n in keep)
        if rows and 0 < sum(targets) < len(targets):
            self.ranker = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, C=1.0))
            self.ranker.fit(np.vstack(rows), np.array(targets))
            # Per raw feature unit; a feature that never varied (float noise) reads as no weight.
            scale = self.ranker[0].scale_
            coefficients = np.where(scale > 1e-9, self.ranker[-1].coef_[0] / np.maximum(scale, 1e-9), 0.0)
            self.weights = dict(zip(FEATURES, (float(c) for c in coefficients), strict=True))
        self._stats = self._statistics(past, now)
        return self

    # ---- serving ----

    def recommend(self, user_id: str, k: int = 10) -> list[str]:
        return self.recommend_history(self._require_stats().histories.get(user_id, []), k)

    def recommend_history(self, history: Sequence[Interaction], k: int = 10) -> list[str]:
        """Recommendations for a history read now (a live user), ranked with what was learned.

        Items the model has not seen (added to the catalog after training) are left out of the
        history; an empty history gets what is popular.
        """
        stats = self._require_stats()
        known = sorted((event for event in history if event.item_id in self.index), key=lambda e: e.day)
        if not known:
            return self._rerank(stats.popular, set(), k)  # cold start: what is popular
        candidates = self._candidates(known, stats)
        purchased = {event.item_id for event in known} if self.config.exclude_purchased else set()
        if not candidates:
            return self._rerank(stats.popular, purchased, k)
        scores = self.score(known, candidates, stats)
        ordered = [candidates[n] for n in np.argsort(-scores, kind="stable")]
        return self._rerank(ordered + stats.popular, purchased, k)

    def score(
        self, history: list[Interaction], candidates: list[str], stats: _Stats | None = None
    ) -> npt.NDArray[np.float64]:
        stats = stats or self._require_stats()
        features = self._features(history, candidates, stats)
        if self.ranker is None:  # too little history to learn from: similarity then popularity
            return np.asarray(features[:, 0] + features[:, 1] + 0.1 * features[:, 2], dtype=np.float64)
        return np.asarray(self.ranker.predict_proba(features)[:, 1], dtype=np.float64)

    # ---- internals ----

    def _require_stats(self) -> _Stats:
        if self._stats is None:
            raise RuntimeError("fit() the recommender before asking it for recommendations")
        return self._stats

    def _statistics(self, events: list[Interaction], now: date) -> _Stats:
        popularity: Counter[str] = Counter(event.item_id for event in events)
        trend_start = now - timedelta(days=self.config.trending_days)
        trend: Counter[str] = Counter(event.item_id for event in events if event.day >= trend_start)
        histories: dict[str, list[Interaction]] = defaultdict(list)
        for event in sorted(events, key=lambda e: e.day):
            histories[event.user_id].append(event)
        by_subcategory: dict[str, list[str]] = defaultdict(list)
        popular = [item_id for item_id, _ in popularity.most_common()]
        for item_id in popular:
            bucket = by_subcategory[self.items[item_id].subcategory]
            if len(bucket) < self.config.popular_per_subcategory:
                bucket.append(item_id)
        return _Stats(popularity, trend, dict(histories), dict(by_subcategory), popular)

    def _profile(self, history: list[Interaction]) -> Matrix:
        last = history[-1].day
        weights = np.array([event.weight * 0.5 ** ((last - event.day).days / 180) for event in history])
        vectors = self.matrix[[self.index[event.item_id] for event in history]]
        profile = (weights[:, None] * vectors).sum(axis=0)
        return np.asarray(profile / max(float(np.linalg.norm(profile)), 1e-9), dtype=np.float32)

    def _candidates(self, history: list[Interaction], stats: _Stats) -> list[str]:
        config = self.config
        recent = list(dict.fromkeys(event.item_id for event in reversed(history)))[: config.recent_items]
        found: dict[str, None] = {}
        similarities = self.matrix[[self.index[i] for i in recent]] @ self.matrix.T
        for row in similarities:
            for n in np.argsort(-row)[: config.neighbours_per_item + 1]:
                found[self.ids[n]] = None
        profile_similarity = self.matrix @ self._profile(history)
        for n in np.argsort(-profile_similarity)[: config.profile_neighbours]:
            found[self.ids[n]] = None
        # sorted: set order changes with PYTHONHASHSEED, and candidate order breaks score ties
        for subcategory in sorted({self.items[event.item_id].subcategory for event in history}):
            for item_id in stats.popular_by_subcategory.get(subcategory, []):
                found[item_id] = None
        purchased = {event.item_id for event in history}
        return [item_id for item_id in found if not (config.exclude_purchased and item_id in purchased)]

    def _features(
        self, history: list[Interaction], candidates: list[str], stats: _Stats
    ) -> npt.NDArray[np.float64]:
        rows = [self.index[item_id] for item_id in candidates]
        recent = list(dict.fromkeys(event.item_id for event in reversed(history)))[: self.config.recent_items]
        recent_similarity = (self.matrix[rows] @ self.matrix[[self.index[i] for i in recent]].T).max(axis=1)
        profile_similarity = self.matrix[rows] @ self._profile(history)
        subcategories = Counter(self.items[event.item_id].subcategory for event in history)
        categories = Counter(self.items[event.item_id].category for event in history)
        mean_log_price = float(np.mean([self.log_prices[self.index[event.item_id]] for event in history]))
        total = len(history)
        columns = [
            recent_similarity,
            profile_similarity,
            np.log1p([stats.popularity[c] for c in candidates]),
            np.log1p([stats.trend[c] for c in candidates]),
            np.array([subcategories[self.items[c].subcategory] / total for c in candidates]),
            np.array([categories[self.items[c].category] / total for c in candidates]),
            -np.abs(self.log_prices[rows] - mean_log_price),
            self._tag_affinity(history, candidates),
        ]
        return np.column_stack(columns).astype(np.float64)

    def _tag_affinity(self, history: list[Interaction], candidates: list[str]) -> npt.NDArray[np.float64]:
        """Cosine between each candidate's tag words and the tag words of what the user touched.

        Zero where either side has no tags, so a catalog without tags loses nothing.
        """
        profile: dict[str, float] = defaultdict(float)
        for event in history:
            for word, weight in self.tag_words[event.item_id].items():
                profile[word] += event.weight * weight
        norm = math.sqrt(sum(value * value for value in profile.values()))
        if norm == 0.0:
            return np.zeros(len(candidates))
        return np.array(
            [
                sum(weight * profile.get(word, 0.0) for word, weight in self.tag_words[c].items()) / norm
                for c in candidates
            ]
        )

    def _rerank(self, ordered: list[str], exclude: set[str], k: int) -> list[str]:
        """Keep the ranker's order but let no sub-category take more than its share of the list."""
        chosen: list[str] = []
        per_subcategory: Counter[str] = Counter()
        seen: set[str] = set()
        for item_id in ordered:
            if item_id in seen or item_id in exclude:
                continue
            seen.add(item_id)
            subcategory = self.items[item_id].subcategory
            if per_subcategory[subcategory] >= self.config.max_per_subcategory:
                continue
            chosen.append(item_id)
            per_subcategory[subcategory] += 1
            if len(chosen) == k:
                break
        return chosen


def tag_word_vector(tags: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Unit-length bag of tag words, each word weighted by the share of reviews its tag covers.

    Words rather than whole labels: "rich dark roast" and "dark roast" should count as alike.
    """
    words: dict[str, float] = defaultdict(float)
    for label, weight in tags:
        for word in set(label.lower().split()):
            words[word] += max(weight, 0.0)
    norm = math.sqrt(sum(value * value for value in words.values()))
    return {word: value / norm for word, value in words.items()} if norm > 0 else {}
