"""Top-1, top-3 accuracy and macro-F1 of a probability matrix against gold labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class ClassifierScores:
    count: int
    top1: float
    top3: float
    macro_f1: float


def top_k(
    probabilities: npt.NDArray[np.float32], classes: Sequence[str], k: int
) -> list[list[tuple[str, float]]]:
    """For each row, the k likeliest classes with their probability, likeliest first."""
    order = np.argsort(-probabilities, axis=1, kind="stable")[:, :k]
    return [[(classes[j], float(row[j])) for j in top] for row, top in zip(probabilities, order, strict=True)]


def score_probabilities(
    probabilities: npt.NDArray[np.float32], classes: Sequence[str], labels: Sequence[str]
) -> ClassifierScores:
    """Scores of ranked classes; a gold label the model never saw counts as a miss."""
    from sklearn.metrics import f1_score

    if len(labels) != probabilities.shape[0]:
        raise ValueError(f"{probabilities.shape[0]} rows of probabilities but {len(labels)} labels")
    if not labels:
        return ClassifierScores(count=0, top1=0.0, top3=0.0, macro_f1=0.0)
    ranked = top_k(probabilities, classes, 3)
    first = [row[0][0] for row in ranked]
    return ClassifierScores(
        count=len(labels),
        top1=float(np.mean([p == gold for p, gold in zip(first, labels, strict=True)])),
        top3=float(np.mean([gold in {c for c, _ in r} for r, gold in zip(ranked, labels, strict=True)])),
        macro_f1=float(f1_score(list(labels), first, average="macro", zero_division=0)),
    )
