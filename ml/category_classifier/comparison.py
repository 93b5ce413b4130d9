"""Stratified k-fold comparison of the classifier with its two baselines on the same folds.

MiniLM rows are computed once by the caller and sliced per fold (they are a fixed function of
each text); everything fitted (TF-IDF vocabularies and idf, models, temperatures, the tree's
weight) is fitted inside each training fold only.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ml.category_classifier.baselines import MiniLMBaseline, SparseBaseline
from ml.category_classifier.model import CategoryClassifier, CategoryClassifierConfig, EncodedProducts
from ml.category_classifier.scoring import ClassifierScores, score_probabilities
from ml.embeddings import TextEmbedder

MODELS = ("tfidf+minilm+tree", "tfidf baseline", "minilm baseline")
METRICS = ("top1", "top3", "macro_f1")


@dataclass(frozen=True)
class Summary:
    mean: float
    std: float


def summarise(folds: Sequence[ClassifierScores]) -> dict[str, Summary]:
    """Mean and sample standard deviation over folds of each metric."""
    out = {}
    for metric in METRICS:
        values = [float(getattr(scores, metric)) for scores in folds]
        out[metric] = Summary(statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0)
    return out


def fold_indices(labels: Sequence[str], folds: int, seed: int) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import StratifiedKFold

    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    if min(counts.values()) < folds:
        rare = min(counts, key=counts.__getitem__)
        raise ValueError(f"{folds}-fold CV needs {folds} products per category; {rare!r} has {counts[rare]}")
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return [
        (train.tolist(), test.tolist())
        for train, test in splitter.split(list(range(len(labels))), list(labels))
    ]


def cross_validate(
    encoded: EncodedProducts,
    labels: Sequence[str],
    parents: Sequence[str] | None,
    embedder: TextEmbedder,
    folds: int = 5,
    seed: int = 13,
    config: CategoryClassifierConfig | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> dict[str, list[ClassifierScores]]:
    """Per model, its scores on each test fold."""
    labels = list(labels)
    results: dict[str, list[ClassifierScores]] = {name: [] for name in MODELS}
    for number, (train, test) in enumerate(fold_indices(labels, folds, seed), start=1):
        started = time.perf_counter()
        train_labels = [labels[i] for i in train]
        test_labels = [labels[i] for i in test]
        train_rows, test_rows = encoded.subset(train), encoded.subset(test)

        model = CategoryClassifier(config, embedder).fit_encoded(
            train_rows, train_labels, [parents[i] for i in train] if parents else None
        )
        results[MODELS[0]].append(model.evaluate_encoded(test_rows, test_labels))

        sparse = SparseBaseline().fit(train_rows.texts, train_labels)
        results[MODELS[1]].append(
            score_probabilities(sparse.probabilities(test_rows.texts), sparse.classes, test_labels)
        )

        dense = MiniLMBaseline().fit(train_rows.text_vectors, train_labels)
        results[MODELS[2]].append(
            score_probabilities(dense.probabilities(test_rows.text_vectors), dense.classes, test_labels)
        )
        figures = ", ".join(
            f"{name} top-1 {results[name][-1].top1:.3f} top-3 {results[name][-1].top3:.3f}" for name in MODELS
        )
        progress(
            f"fold {number}/{folds} ({len(train)} train, {len(test)} test, "
            f"{time.perf_counter() - started:.0f} s): {figures}; tree weight "
            f"{model.calibration.hierarchy_strength}"
        )
    return results
