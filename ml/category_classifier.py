"""Level-3 product category from text: logistic regression on MiniLM sentence embeddings."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ml.embeddings import TextEmbedder, Vectors, default_embedder
from ml.tagger.checkpoint import CheckpointError, read_checkpoint, write_checkpoint

KIND = "category-classifier"
_WEIGHTS = "weights.npz"
_CLASSES = "classes.json"


@dataclass(frozen=True)
class CategoryClassifierConfig:
    # Inverse L2 strength; MiniLM rows are unit length, so weak regularisation fits best.
    c: float = 10.0
    max_iter: int = 2000
    test_fraction: float = 0.2
    seed: int = 13


@dataclass(frozen=True)
class ClassifierScores:
    count: int
    top1: float
    top3: float
    macro_f1: float


def product_text(name: str, info: str = "", detail: str = "", max_chars: int = 300) -> str:
    """The text a product is classified by: its name, then its info (or detail when info is empty).

    Cut to `max_chars`: past the name and first sentences the detail field is mostly shipping
    boilerplate, and MiniLM on 600-character texts costs about twice as much for no accuracy
    (measured on products.jsonl: top-1 0.70 at 300 characters, 0.68 on the full text).
    """
    description = info.strip() if info and info.strip() else (detail or "").strip()
    text = ". ".join(part for part in (name.strip(), description) if part)
    return text[:max_chars]


def stratified_split(labels: Sequence[str], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Train and test indices holding out `test_fraction` of every category.

    A category with one example goes to train only (it cannot be both learnt and tested);
    every other category keeps at least one example on each side.
    """
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_label[label].append(index)
    train: list[int] = []
    test: list[int] = []
    for label in sorted(by_label):
        members = [by_label[label][i] for i in rng.permutation(len(by_label[label]))]
        held = 0 if len(members) < 2 else min(len(members) - 1, max(1, round(len(members) * test_fraction)))
        test.extend(members[:held])
        train.extend(members[held:])
    return sorted(train), sorted(test)


class CategoryClassifier:
    """fit / predict_topk / evaluate / save / load on plain texts."""

    def __init__(
        self,
        config: CategoryClassifierConfig | None = None,
        embedder: TextEmbedder | None = None,
    ) -> None:
        self.config = config or CategoryClassifierConfig()
        self.embedder = embedder or default_embedder()
        self.classes: list[str] = []
        self._coef = np.zeros((0, self.embedder.dimension), dtype=np.float32)
        self._intercept = np.zeros(0, dtype=np.float32)

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> CategoryClassifier:
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        return self.fit_vectors(self.embedder.encode(list(texts)), labels)

    def fit_vectors(self, vectors: Vectors, labels: Sequence[str]) -> CategoryClassifier:
        """Fit on embeddings already computed (the bench and CLI reuse one encoding pass)."""
        from sklearn.linear_model import LogisticRegression

        classes = sorted(set(labels))
        if len(classes) < 2:
            raise ValueError("need at least two categories to train a classifier")
        model = LogisticRegression(
            C=self.config.c, max_iter=self.config.max_iter, random_state=self.config.seed
        )
        model.fit(vectors, list(labels))
        self.classes = [str(name) for name in model.classes_]
        self._coef = np.asarray(model.coef_, dtype=np.float32)
        self._intercept = np.asarray(model.intercept_, dtype=np.float32)
        return self

    def probabilities(self, vectors: Vectors) -> npt.NDArray[np.float32]:
        """Softmax over categories; the same function sklearn's multinomial model computes."""
        if not self.classes:
            raise RuntimeError("CategoryClassifier is not trained: call fit() or load() first")
        logits = vectors @ self._coef.T + self._intercept
        if len(self.classes) == 2:
            # binary logistic regression keeps one weight row: the logit of classes[1]
            logits = np.concatenate([np.zeros_like(logits), logits], axis=1)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probabilities: npt.NDArray[np.float32] = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
        return probabilities

    def predict_topk(self, texts: Sequence[str], k: int = 3) -> list[list[tuple[str, float]]]:
        """For each text, the k likeliest categories with their probability, likeliest first."""
        return self.topk_vectors(self.embedder.encode(list(texts)), k)

    def topk_vectors(self, vectors: Vectors, k: int = 3) -> list[list[tuple[str, float]]]:
        probabilities = self.probabilities(vectors)
        order = np.argsort(-probabilities, axis=1, kind="stable")[:, :k]
        return [
            [(self.classes[j], float(row[j])) for j in top]
            for row, top in zip(probabilities, order, strict=True)
        ]

    def evaluate(self, texts: Sequence[str], labels: Sequence[str]) -> ClassifierScores:
        return self.evaluate_vectors(self.embedder.encode(list(texts)), labels)

    def evaluate_vectors(self, vectors: Vectors, labels: Sequence[str]) -> ClassifierScores:
        from sklearn.metrics import f1_score

        top = self.topk_vectors(vectors, 3)
        first = [ranked[0][0] for ranked in top]
        count = len(labels)
        return ClassifierScores(
            count=count,
            top1=float(np.mean([p == gold for p, gold in zip(first, labels, strict=True)])),
            top3=float(np.mean([gold in {c for c, _ in r} for r, gold in zip(top, labels, strict=True)])),
            macro_f1=float(f1_score(list(labels), first, average="macro", zero_division=0)),
        )

    def save(self, root: Path) -> Path:
        """A new version folder under `root`, written atomically; no pickle involved."""
        if not self.classes:
            raise RuntimeError("nothing to save: the classifier is not trained")

        def write_files(folder: Path) -> None:
            np.savez(folder / _WEIGHTS, coef=self._coef, intercept=self._intercept)
            (folder / _CLASSES).write_text(json.dumps(self.classes), encoding="utf-8")

        return write_checkpoint(
            root,
            KIND,
            write_files,
            {"config": asdict(self.config), "embedder": self.embedder.name},
        )

    @classmethod
    def load(cls, root: Path, embedder: TextEmbedder | None = None) -> CategoryClassifier:
        """The latest version under `root`; CheckpointError when missing or corrupt."""
        folder, manifest = read_checkpoint(root, KIND)
        try:
            config = CategoryClassifierConfig(**manifest.get("config", {}))
        except TypeError as error:
            raise CheckpointError(f"checkpoint {folder} has an unknown config: {error}") from None
        model = cls(config, embedder)
        if manifest.get("embedder") != model.embedder.name:
            raise CheckpointError(
                f"checkpoint {folder} was trained on {manifest.get('embedder')!r} embeddings, "
                f"not {model.embedder.name!r}"
            )
        try:
            with np.load(folder / _WEIGHTS, allow_pickle=False) as weights:
                model._coef = np.asarray(weights["coef"], dtype=np.float32)
                model._intercept = np.asarray(weights["intercept"], dtype=np.float32)
            model.classes = [str(name) for name in json.loads((folder / _CLASSES).read_text())]
        except (OSError, ValueError, KeyError) as error:
            raise CheckpointError(f"checkpoint {folder} cannot be loaded: {error}") from error
        return model
