"""One-vs-rest linear SVM scores turned into probabilities with a fitted softmax temperature."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Probabilities = npt.NDArray[np.float32]
# Softmax temperatures tried on held-out rows; SVM margins of unit-length features sit in [-2, 2].
TEMPERATURES = tuple(float(t) for t in np.geomspace(0.5, 100.0, 31))


class LinearLayer:
    """Weights of a linear SVM (one row per class) and its margins for a feature matrix."""

    def __init__(
        self, classes: Sequence[str], coef: npt.NDArray[np.float32], intercept: npt.NDArray[np.float32]
    ) -> None:
        rows = 1 if len(classes) == 2 else len(classes)
        if coef.ndim != 2 or coef.shape[0] != rows or intercept.shape != (rows,):
            raise ValueError(f"weights of shape {coef.shape}/{intercept.shape} for {len(classes)} classes")
        self.classes = list(classes)
        self.coef = coef
        self.intercept = intercept

    @classmethod
    def fit(cls, features: Any, labels: Sequence[str], c: float, max_iter: int, seed: int) -> LinearLayer:
        from sklearn.svm import LinearSVC

        # liblinear's dual solver: seconds on 3,000 rows x 100,000 sparse columns, where a
        # multinomial lbfgs logistic regression on the same matrix takes minutes
        model = LinearSVC(C=c, max_iter=max_iter, random_state=seed, dual=True)
        model.fit(features, list(labels))
        return cls(
            [str(name) for name in model.classes_],
            np.asarray(model.coef_, dtype=np.float32),
            np.asarray(model.intercept_, dtype=np.float32),
        )

    def margins(self, features: Any) -> npt.NDArray[np.float32]:
        if features.shape[1] != self.coef.shape[1]:
            raise ValueError(f"{features.shape[1]} features but weights for {self.coef.shape[1]}")
        scores = np.asarray(features @ self.coef.T, dtype=np.float32) + self.intercept
        if len(self.classes) == 2:
            # a binary SVM keeps one weight row: the margin of classes[1]
            scores = np.concatenate([-scores, scores], axis=1)
        return scores


def softmax(margins: npt.NDArray[np.float32], temperature: float) -> Probabilities:
    logits = margins * temperature
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    probabilities: Probabilities = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
    return probabilities


def mean_log_loss(probabilities: Probabilities, gold: npt.NDArray[np.int64]) -> float:
    picked = probabilities[np.arange(len(gold)), gold]
    return float(-np.mean(np.log(np.maximum(picked, 1e-12))))


def fit_temperature(margins: npt.NDArray[np.float32], gold: npt.NDArray[np.int64]) -> float:
    """The temperature whose softmax gives held-out rows the lowest log-loss."""
    return min(TEMPERATURES, key=lambda t: mean_log_loss(softmax(margins, t), gold))
