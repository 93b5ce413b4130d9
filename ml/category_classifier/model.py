"""The served category classifier: TF-IDF + MiniLM features, a linear SVM per tree level, the
level-2 model's agreement folded into the level-3 probabilities."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ml.category_classifier.category_tree import parent_matrix, with_parent_agreement
from ml.category_classifier.linear_layer import LinearLayer, fit_temperature, mean_log_loss, softmax
from ml.category_classifier.product_text import title_of
from ml.category_classifier.scoring import ClassifierScores, score_probabilities, top_k
from ml.category_classifier.splits import stratified_split
from ml.category_classifier.text_features import TextFeatures, default_blocks
from ml.embeddings import TextEmbedder, Vectors, default_embedder
from ml.tagger.checkpoint import CheckpointError, read_checkpoint, write_checkpoint

KIND = "category-classifier"
# format 2: TF-IDF + MiniLM SVMs; format-1 folders (MiniLM logistic regression) are refused
MODEL_FORMAT = 2
_WEIGHTS = "weights.npz"
_CLASSES = "classes.json"
_CALIBRATION = "calibration.json"
HIERARCHY_STRENGTHS = (0.0, 0.25, 0.5, 1.0, 2.0)
Probabilities = npt.NDArray[np.float32]


@dataclass(frozen=True)
class CategoryClassifierConfig:
    # SVM C. Fixed up front (C=0.5 was the best of 0.3/0.5/1 on one 80/20 development split).
    c: float = 0.5
    word_min_df: int = 2
    char_min_df: int = 2
    # MiniLM rows and TF-IDF rows are all unit length; 1.0 weighs the two kinds of evidence alike
    dense_weight: float = 1.0
    # share of the training rows held out to fit temperatures and the tree's weight
    validation_fraction: float = 0.2
    max_iter: int = 5000
    test_fraction: float = 0.2
    seed: int = 13


@dataclass(frozen=True)
class EncodedProducts:
    """Product texts with their MiniLM rows (whole text and title), encoded once and sliced."""

    texts: list[str]
    text_vectors: Vectors
    title_vectors: Vectors

    def subset(self, rows: Sequence[int]) -> EncodedProducts:
        index = list(rows)
        return EncodedProducts(
            [self.texts[i] for i in index], self.text_vectors[index], self.title_vectors[index]
        )

    def __len__(self) -> int:
        return len(self.texts)


@dataclass(frozen=True)
class Calibration:
    leaf_temperature: float = 10.0
    parent_temperature: float = 10.0
    hierarchy_strength: float = 0.0


@dataclass
class _Levels:
    """What one fit learns: features, the leaf and parent SVMs and the tree between them."""

    features: TextFeatures
    leaf: LinearLayer
    parent: LinearLayer | None = None
    tree: npt.NDArray[np.float32] | None = None
    calibration: Calibration = field(default_factory=Calibration)


class CategoryClassifier:
    """fit / predict_topk / evaluate / save / load on plain texts (see product_text)."""

    def __init__(
        self,
        config: CategoryClassifierConfig | None = None,
        embedder: TextEmbedder | None = None,
    ) -> None:
        self.config = config or CategoryClassifierConfig()
        self.embedder = embedder or default_embedder()
        self._levels: _Levels | None = None
        # scores on the held-out share of the training rows, of the model fitted on the rest; those
        # rows also chose the calibration, so these run a little high (bench/classifier.py does not)
        self.validation: ClassifierScores | None = None

    @property
    def classes(self) -> list[str]:
        return self._levels.leaf.classes if self._levels else []

    @property
    def calibration(self) -> Calibration:
        """Softmax temperatures and the tree's weight, as the last fit chose them."""
        return self._require().calibration

    @property
    def uses_tree(self) -> bool:
        return self._levels is not None and self._levels.parent is not None

    def encode(self, texts: Sequence[str]) -> EncodedProducts:
        """MiniLM rows of each text and of its title, with one encoding pass over distinct strings."""
        texts = list(texts)
        titles = [title_of(text) for text in texts]
        distinct = list(dict.fromkeys(texts + titles))
        vectors = self.embedder.encode(distinct)
        row = {text: i for i, text in enumerate(distinct)}
        return EncodedProducts(
            texts,
            vectors[[row[t] for t in texts]].reshape(len(texts), self.embedder.dimension),
            vectors[[row[t] for t in titles]].reshape(len(texts), self.embedder.dimension),
        )

    def _design(self, features: TextFeatures, encoded: EncodedProducts) -> sp.csr_matrix:
        weight = self.config.dense_weight
        return sp.hstack(
            [
                features.transform(encoded.texts),
                sp.csr_matrix(encoded.text_vectors * weight),
                sp.csr_matrix(encoded.title_vectors * weight),
            ],
            format="csr",
            dtype=np.float32,
        )

    def _fit_levels(
        self, encoded: EncodedProducts, labels: Sequence[str], parents: Sequence[str] | None
    ) -> _Levels:
        config = self.config
        features = TextFeatures(default_blocks(config.word_min_df, config.char_min_df)).fit(encoded.texts)
        design = self._design(features, encoded)
        leaf = LinearLayer.fit(design, labels, config.c, config.max_iter, config.seed)
        levels = _Levels(features, leaf)
        if parents is not None and len(set(parents)) >= 2:
            levels.parent = LinearLayer.fit(design, parents, config.c, config.max_iter, config.seed)
            levels.tree = parent_matrix(labels, parents, leaf.classes, levels.parent.classes)
        return levels

    @staticmethod
    def _probabilities(levels: _Levels, design: sp.csr_matrix, calibration: Calibration) -> Probabilities:
        leaf = softmax(levels.leaf.margins(design), calibration.leaf_temperature)
        if levels.parent is None or levels.tree is None:
            return leaf
        parent = softmax(levels.parent.margins(design), calibration.parent_temperature)
        return with_parent_agreement(leaf, parent, levels.tree, calibration.hierarchy_strength)

    def _calibrate(
        self, levels: _Levels, encoded: EncodedProducts, labels: Sequence[str], parents: Sequence[str] | None
    ) -> Calibration:
        """Temperatures by log-loss, then the tree's weight by log-loss, on held-out rows."""
        design = self._design(levels.features, encoded)
        index = {name: i for i, name in enumerate(levels.leaf.classes)}
        gold = np.array([index[label] for label in labels], dtype=np.int64)
        leaf_t = fit_temperature(levels.leaf.margins(design), gold)
        if levels.parent is None or parents is None:
            return Calibration(leaf_temperature=leaf_t)
        parent_index = {name: i for i, name in enumerate(levels.parent.classes)}
        known = np.array([p in parent_index for p in parents])
        parent_gold = np.array([parent_index.get(p, 0) for p in parents], dtype=np.int64)
        parent_margins = levels.parent.margins(design)
        parent_t = fit_temperature(parent_margins[known], parent_gold[known]) if known.any() else 10.0
        candidates = [Calibration(leaf_t, parent_t, strength) for strength in HIERARCHY_STRENGTHS]
        return min(candidates, key=lambda c: mean_log_loss(self._probabilities(levels, design, c), gold))

    def fit(
        self, texts: Sequence[str], labels: Sequence[str], parents: Sequence[str] | None = None
    ) -> CategoryClassifier:
        """Learn from texts and their level-3 labels; `parents` (level-2 label per text) adds the tree."""
        return self.fit_encoded(self.encode(texts), labels, parents)

    def fit_encoded(
        self, encoded: EncodedProducts, labels: Sequence[str], parents: Sequence[str] | None = None
    ) -> CategoryClassifier:
        """Fit on texts already encoded (the bench and CLI reuse one MiniLM pass across folds)."""
        labels = list(labels)
        if len(encoded) != len(labels) or (parents is not None and len(parents) != len(labels)):
            raise ValueError(f"{len(encoded)} texts, {len(labels)} labels and parents for each are needed")
        if len(set(labels)) < 2:
            raise ValueError("need at least two categories to train a classifier")
        parents = list(parents) if parents is not None else None
        # temperatures and the tree's weight are chosen on rows this fit does not learn from
        inner_train, inner_test = stratified_split(labels, self.config.validation_fraction, self.config.seed)
        calibration = Calibration()
        self.validation = None
        if inner_test and len({labels[i] for i in inner_train}) >= 2:
            inner = self._fit_levels(
                encoded.subset(inner_train),
                [labels[i] for i in inner_train],
                [parents[i] for i in inner_train] if parents else None,
            )
            held = encoded.subset(inner_test)
            held_labels = [labels[i] for i in inner_test]
            calibration = self._calibrate(
                inner, held, held_labels, [parents[i] for i in inner_test] if parents else None
            )
            probabilities = self._probabilities(inner, self._design(inner.features, held), calibration)
            self.validation = score_probabilities(probabilities, inner.leaf.classes, held_labels)
        levels = self._fit_levels(encoded, labels, parents)
        levels.calibration = calibration
        self._levels = levels
        return self

    def _require(self) -> _Levels:
        if self._levels is None:
            raise RuntimeError("CategoryClassifier is not trained: call fit() or load() first")
        return self._levels

    def probabilities_encoded(self, encoded: EncodedProducts) -> Probabilities:
        """Probability of each class in `classes` for each product."""
        levels = self._require()
        return self._probabilities(levels, self._design(levels.features, encoded), levels.calibration)

    def predict_topk(self, texts: Sequence[str], k: int = 3) -> list[list[tuple[str, float]]]:
        """For each text, the k likeliest categories with their probability, likeliest first."""
        self._require()
        return self.topk_encoded(self.encode(texts), k)

    def topk_encoded(self, encoded: EncodedProducts, k: int = 3) -> list[list[tuple[str, float]]]:
        return top_k(self.probabilities_encoded(encoded), self.classes, k)

    def evaluate(self, texts: Sequence[str], labels: Sequence[str]) -> ClassifierScores:
        return self.evaluate_encoded(self.encode(texts), labels)

    def evaluate_encoded(self, encoded: EncodedProducts, labels: Sequence[str]) -> ClassifierScores:
        return score_probabilities(self.probabilities_encoded(encoded), self.classes, labels)

    def save(self, root: Path, metrics: dict[str, Any] | None = None) -> Path:
        """A new version folder under `root`, written atomically; no pickle involved.

        `metrics` (held-out figures measured by the caller) go into the manifest beside the
        validation scores this fit measured itself.
        """
        levels = self._levels
        if levels is None:
            raise RuntimeError("nothing to save: the classifier is not trained")

        def write_files(folder: Path) -> None:
            arrays = {"leaf_coef": levels.leaf.coef, "leaf_intercept": levels.leaf.intercept}
            if levels.parent is not None and levels.tree is not None:
                arrays |= {
                    "parent_coef": levels.parent.coef,
                    "parent_intercept": levels.parent.intercept,
                    "tree": levels.tree,
                }
            np.savez(folder / _WEIGHTS, **arrays)  # type: ignore[arg-type]
            (folder / _CLASSES).write_text(
                json.dumps(
                    {
                        "classes": levels.leaf.classes,
                        "parent_classes": levels.parent.classes if levels.parent else None,
                    },
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
            (folder / _CALIBRATION).write_text(json.dumps(asdict(levels.calibration)), encoding="utf-8")
            levels.features.save(folder)

        return write_checkpoint(
            root,
            KIND,
            write_files,
            {
                "model_format": MODEL_FORMAT,
                "config": asdict(self.config),
                "embedder": self.embedder.name,
                "embedder_dimension": self.embedder.dimension,
                "classes": len(levels.leaf.classes),
                "uses_tree": levels.parent is not None,
                "text_features": levels.features.dimension,
                "calibration": asdict(levels.calibration),
                "validation": asdict(self.validation) if self.validation else None,
                "metrics": metrics,
            },
        )

    @classmethod
    def load(cls, root: Path, embedder: TextEmbedder | None = None) -> CategoryClassifier:
        """The latest version under `root` (or that version folder); CheckpointError when missing,
        corrupt, of an older format or trained on other embeddings."""
        folder, manifest = read_checkpoint(root, KIND)
        if manifest.get("model_format") != MODEL_FORMAT:
            raise CheckpointError(
                f"checkpoint {folder} is an older category classifier (format "
                f"{manifest.get('model_format', 1)!r}); train it again with this version"
            )
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
            names = json.loads((folder / _CLASSES).read_text(encoding="utf-8"))
            calibration = Calibration(**json.loads((folder / _CALIBRATION).read_text(encoding="utf-8")))
            features = TextFeatures.load(folder)
            with np.load(folder / _WEIGHTS, allow_pickle=False) as weights:
                leaf = LinearLayer(
                    [str(n) for n in names["classes"]],
                    np.asarray(weights["leaf_coef"], dtype=np.float32),
                    np.asarray(weights["leaf_intercept"], dtype=np.float32),
                )
                levels = _Levels(features, leaf, calibration=calibration)
                if names.get("parent_classes"):
                    levels.parent = LinearLayer(
                        [str(n) for n in names["parent_classes"]],
                        np.asarray(weights["parent_coef"], dtype=np.float32),
                        np.asarray(weights["parent_intercept"], dtype=np.float32),
                    )
                    levels.tree = np.asarray(weights["tree"], dtype=np.float32)
                    if levels.tree.shape != (len(leaf.classes), len(levels.parent.classes)):
                        raise ValueError(f"a category tree of shape {levels.tree.shape} for these classes")
            expected = features.dimension + 2 * model.embedder.dimension
            if leaf.coef.shape[1] != expected:
                raise ValueError(f"weights for {leaf.coef.shape[1]} features, the features make {expected}")
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CheckpointError(f"checkpoint {folder} cannot be loaded: {error}") from error
        model._levels = levels
        validation = manifest.get("validation")
        model.validation = ClassifierScores(**validation) if isinstance(validation, dict) else None
        return model
