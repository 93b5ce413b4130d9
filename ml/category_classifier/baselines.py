"""The two single-feature models the classifier is measured against: TF-IDF word + character
n-gram logistic regression, and logistic regression on MiniLM embeddings (the model this
package replaced)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ml.category_classifier.text_features import TextFeatures, TfidfBlock
from ml.embeddings import Vectors

Probabilities = npt.NDArray[np.float32]


def _logistic_regression(c: float, max_iter: int, tol: float, seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=max_iter, tol=tol, random_state=seed)


class SparseBaseline:
    """TF-IDF word 1-2-grams + char_wb 2-5-grams of the whole text, multinomial logistic regression."""

    def __init__(self, c: float = 10.0, max_iter: int = 300, seed: int = 13) -> None:
        self.c, self.max_iter, self.seed = c, max_iter, seed
        self.features = TextFeatures(
            (
                TfidfBlock("text_words", "text", "word", 1, 2, 2),
                TfidfBlock("text_chars", "text", "char_wb", 2, 5, 2),
            )
        )
        self._model: Any = None

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> SparseBaseline:
        matrix: sp.csr_matrix = self.features.fit(texts).transform(texts)
        self._model = _logistic_regression(self.c, self.max_iter, 1e-3, self.seed).fit(matrix, list(labels))
        return self

    @property
    def classes(self) -> list[str]:
        return [str(name) for name in self._model.classes_]

    def probabilities(self, texts: Sequence[str]) -> Probabilities:
        return np.asarray(self._model.predict_proba(self.features.transform(texts)), dtype=np.float32)


class MiniLMBaseline:
    """Multinomial logistic regression on MiniLM rows of the whole text (C=10: rows are unit length)."""

    def __init__(self, c: float = 10.0, max_iter: int = 2000, seed: int = 13) -> None:
        self.c, self.max_iter, self.seed = c, max_iter, seed
        self._model: Any = None

    def fit(self, vectors: Vectors, labels: Sequence[str]) -> MiniLMBaseline:
        self._model = _logistic_regression(self.c, self.max_iter, 1e-4, self.seed).fit(vectors, list(labels))
        return self

    @property
    def classes(self) -> list[str]:
        return [str(name) for name in self._model.classes_]

    def probabilities(self, vectors: Vectors) -> Probabilities:
        return np.asarray(self._model.predict_proba(vectors), dtype=np.float32)
