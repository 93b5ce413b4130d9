"""Local price model: comparable products and a TF-IDF ridge, stacked on log price.

Used when no LLM is configured, and to explain every suggestion. Features of a product:
- the size-scaled, similarity-weighted log price of its nearest comparables (same category,
  by text embedding; ml/pricing/comparables.py), with and without the size scaling;
- a ridge regression of log price on TF-IDF words and characters of the name, the category
  path, the embedding and the size parsed from the name;
- its category's median price; the parsed size itself.
A ridge stacks them; every feature of a training product comes from models that did not see
that product (inner folds, leave-one-out comparables), so the stack learns honest weights.

The objective decides what a suggestion is. "fair" (the default, what the admin is shown): the
stack's log prediction as it is, as likely above the real price as below it. "mape": the log
prediction moved by one shift chosen on the out-of-fold predictions to minimise MAPE. MAPE
punishes over-pricing a cheap product more than under-pricing it, so its best point estimate
sits well below the typical price (about 0.6x on the shared catalog): good for the metric, and a
shop that followed it would cut every price. bench/pricing_model.py reports both.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import sklearn
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold

from ml.embeddings import TextEmbedder, default_embedder
from ml.model_files import write_atomically
from ml.pricing.baseline import CategoryMedianBaseline
from ml.pricing.comparables import Comparable, ComparableFinder
from ml.pricing.product import CENT, PricedProduct
from ml.pricing.size import parse_size

FORMAT_VERSION = 2
MODEL_FILE = "price_model.pkl"
METADATA_FILE = "price_model.json"
DEFAULT_MODEL_DIR = Path("var/models/pricing")
MIN_TRAINING = 10

Matrix = npt.NDArray[np.float64]


class PriceModelFileError(Exception):
    """A saved price model is missing, corrupt, or incompatible with this code or embedder."""


@dataclass(frozen=True, slots=True)
class PriceModelConfig:
    neighbours: int = 10
    size_elasticity: float = 0.3
    similarity_temperature: float = 20.0
    text_alpha: float = 1.0
    stack_alpha: float = 1.0
    inner_folds: int = 5
    objective: str = "fair"  # "fair" or "mape" (see the module docstring)
    # log shifts the "mape" objective tries (exp(-0.5) = 0.61x ... exp(0.1) = 1.11x)
    shifts: tuple[float, ...] = field(
        default_factory=lambda: tuple(round(-0.6 + 0.02 * i, 2) for i in range(36))
    )
    seed: int = 20240601


@dataclass(frozen=True, slots=True)
class CandidateScore:
    name: str
    validation_mape: float


@dataclass(frozen=True, slots=True)
class PriceEstimate:
    """A predicted price and the comparable products that explain it."""

    price: Decimal
    comparables: tuple[Comparable, ...]
    comparables_price: Decimal  # what the comparables alone say, scaled to this product's size


def mape(predicted: Sequence[Decimal], actual: Sequence[Decimal]) -> float:
    """Mean absolute percentage error, as a fraction (0.25 = 25%)."""
    if not actual or len(predicted) != len(actual):
        raise ValueError("need as many predictions as actual prices, at least one")
    return sum(abs(float(p - a) / float(a)) for p, a in zip(predicted, actual, strict=True)) / len(actual)


def _mape_of_logs(log_predicted: Matrix, log_actual: Matrix) -> float:
    actual = np.exp(log_actual)
    return float(np.mean(np.abs(np.exp(log_predicted) - actual) / actual))


def _to_price(log_price: float) -> Decimal:
    # A price is at least one cent, whatever the regression says about an odd product.
    return max(CENT, Decimal(repr(math.exp(log_price))).quantize(CENT))


def _log_prices(products: Sequence[PricedProduct]) -> Matrix:
    prices = [p.price for p in products]
    if any(p is None or p <= 0 for p in prices):
        raise ValueError("every training product needs a positive price")
    return np.log(np.asarray([float(p) for p in prices if p is not None], dtype=np.float64))


def _size_features(products: Sequence[PricedProduct]) -> Matrix:
    return np.asarray([parse_size(p.name).features() for p in products], dtype=np.float64).reshape(-1, 4)


class _TextRidge:
    """Ridge on log price over TF-IDF of the name, description and category, embedding and size."""

    def __init__(self, alpha: float, training_size: int) -> None:
        # rare n-grams are noise in a large catalog but all there is in a small one
        common = 2 if training_size >= 200 else 1
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=common, sublinear_tf=True)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=common, sublinear_tf=True, max_features=40_000
        )
        self.categories = TfidfVectorizer(token_pattern=r"[^|]+", lowercase=False)
        self.ridge = Ridge(alpha=alpha)

    @staticmethod
    def _texts(products: Sequence[PricedProduct]) -> tuple[list[str], list[str], list[str]]:
        return (
            [f"{p.name} | {' '.join(p.category_levels)} | {p.description[:300]}" for p in products],
            [p.name for p in products],
            ["|".join(p.category_levels) for p in products],
        )

    def _matrix(self, products: Sequence[PricedProduct], vectors: Matrix) -> Any:
        words, names, categories = self._texts(products)
        return hstack(
            [
                self.words.transform(words),
                self.chars.transform(names),
                self.categories.transform(categories) * 2.0,
                csr_matrix(_size_features(products)),
                csr_matrix(vectors * 2.0),
            ]
        ).tocsr()

    def fit(self, products: Sequence[PricedProduct], vectors: Matrix, y: Matrix) -> _TextRidge:
        words, names, categories = self._texts(products)
        self.words.fit(words)
        self.chars.fit(names)
        self.categories.fit(categories)
        self.ridge.fit(self._matrix(products, vectors), y)
        return self

    def predict(self, products: Sequence[PricedProduct], vectors: Matrix) -> Matrix:
        return np.asarray(self.ridge.predict(self._matrix(products, vectors)), dtype=np.float64)


def _log_medians(baseline: CategoryMedianBaseline, products: Sequence[PricedProduct]) -> Matrix:
    return np.log(np.asarray([float(p) for p in baseline.predict(products)], dtype=np.float64))


class _Fitted:
    """Everything prediction needs; what the pickle holds."""

    def __init__(
        self,
        text: _TextRidge,
        finder: ComparableFinder,
        baseline: CategoryMedianBaseline,
        stack: Ridge,
        shift: float,
        training_features: dict[int, Matrix],
    ) -> None:
        self.text = text
        self.finder = finder
        self.baseline = baseline
        self.stack = stack
        self.shift = shift
        # out-of-fold features of the keyed training products: pricing one of them again
        # must not use its own price
        self.training_features = training_features

    def features(self, products: Sequence[PricedProduct], vectors: Matrix) -> tuple[Matrix, list[Any]]:
        neighbourhoods = self.finder.find(products, vectors)
        rows = np.column_stack(
            [
                self.text.predict(products, vectors),
                [n.log_estimate for n in neighbourhoods],
                [n.log_estimate_unscaled for n in neighbourhoods],
                _log_medians(self.baseline, products),
                _size_features(products),
            ]
        )
        for index, product in enumerate(products):
            if product.key is not None and product.key in self.training_features:
                rows[index] = self.training_features[product.key]
        return rows, neighbourhoods


def _stack_features(
    products: Sequence[PricedProduct], vectors: Matrix, y: Matrix, config: PriceModelConfig
) -> Matrix:
    """Training features, each from models that did not see the product it describes."""
    folds = KFold(min(config.inner_folds, len(products)), shuffle=True, random_state=config.seed)
    text = np.zeros(len(products))
    medians = np.zeros(len(products))
    for fit_rows, held_rows in folds.split(products):
        fit_part = [products[i] for i in fit_rows]
        held_part = [products[i] for i in held_rows]
        model = _TextRidge(config.text_alpha, len(fit_part)).fit(fit_part, vectors[fit_rows], y[fit_rows])
        text[held_rows] = model.predict(held_part, vectors[held_rows])
        medians[held_rows] = _log_medians(CategoryMedianBaseline().fit(fit_part), held_part)
    # leave-one-out: the finder leaves each training product out of its own comparables
    keyed = [_with_row_key(p, row) for row, p in enumerate(products)]
    finder = _finder(config).fit(keyed, vectors)
    neighbourhoods = finder.find(keyed, vectors)
    return np.column_stack(
        [
            text,
            [n.log_estimate for n in neighbourhoods],
            [n.log_estimate_unscaled for n in neighbourhoods],
            medians,
            _size_features(products),
        ]
    )


def _with_row_key(product: PricedProduct, row: int) -> PricedProduct:
    return PricedProduct(
        product.name, product.description, product.c1, product.c2, product.c3, product.price, row
    )


def _finder(config: PriceModelConfig) -> ComparableFinder:
    return ComparableFinder(config.neighbours, config.size_elasticity, config.similarity_temperature)


class PriceModel:
    """Predicts a product's price from its comparables, text and category; load once, share."""

    def __init__(self, config: PriceModelConfig | None = None, embedder: TextEmbedder | None = None) -> None:
        self.config = config or PriceModelConfig()
        self._embedder = embedder
        self._fitted: _Fitted | None = None
        self.metadata: dict[str, Any] = {}

    @property
    def embedder(self) -> TextEmbedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    @property
    def chosen(self) -> str:
        return str(self.metadata.get("chosen", "unfitted"))

    @property
    def validation(self) -> list[CandidateScore]:
        return [CandidateScore(**row) for row in self.metadata.get("validation", [])]

    def embed(self, products: Sequence[PricedProduct]) -> Matrix:
        return np.asarray(self.embedder.encode([p.text for p in products]), dtype=np.float64)

    def fit(self, products: Sequence[PricedProduct]) -> PriceModel:
        return self.fit_embedded(products, self.embed(products))

    def fit_embedded(self, products: Sequence[PricedProduct], vectors: Matrix) -> PriceModel:
        """fit() with the embeddings already computed (embedding is the slow part)."""
        if len(products) < MIN_TRAINING:
            raise ValueError(f"need at least {MIN_TRAINING} priced products to fit and validate")
        config = self.config
        vectors = np.asarray(vectors, dtype=np.float64)
        y = _log_prices(products)
        features = _stack_features(products, vectors, y, config)
        # the shift is chosen on stack predictions for products the stack did not see either
        out_of_fold = np.zeros(len(products))
        folds = KFold(min(config.inner_folds, len(products)), shuffle=True, random_state=config.seed + 1)
        for fit_rows, held_rows in folds.split(features):
            ridge = Ridge(alpha=config.stack_alpha).fit(features[fit_rows], y[fit_rows])
            out_of_fold[held_rows] = ridge.predict(features[held_rows])
        if config.objective not in ("fair", "mape"):
            raise ValueError(f"unknown pricing objective {config.objective!r}: 'fair' or 'mape'")
        mape_shift = min(config.shifts, key=lambda s: _mape_of_logs(out_of_fold + s, y))
        shift = mape_shift if config.objective == "mape" else 0.0
        stack = Ridge(alpha=config.stack_alpha).fit(features, y)
        self._fitted = _Fitted(
            text=_TextRidge(config.text_alpha, len(products)).fit(products, vectors, y),
            finder=_finder(config).fit(products, vectors),
            baseline=CategoryMedianBaseline().fit(products),
            stack=stack,
            shift=shift,
            training_features={p.key: features[row] for row, p in enumerate(products) if p.key is not None},
        )
        validation = [
            CandidateScore("text ridge", _mape_of_logs(features[:, 0], y)),
            CandidateScore("comparables, size-scaled", _mape_of_logs(features[:, 1], y)),
            CandidateScore("comparables", _mape_of_logs(features[:, 2], y)),
            CandidateScore("category median", _mape_of_logs(features[:, 3], y)),
            CandidateScore("stack", _mape_of_logs(out_of_fold, y)),
            CandidateScore(f"stack, shift {mape_shift:+.2f}", _mape_of_logs(out_of_fold + mape_shift, y)),
        ]
        self.metadata = {
            "format_version": FORMAT_VERSION,
            "chosen": f"comparables+text stack ({config.objective}, shift {shift:+.2f})",
            "config": {k: v for k, v in asdict(config).items() if k != "shifts"},
            "shift": shift,
            "stack_weights": [round(float(w), 4) for w in stack.coef_],
            "validation": [asdict(s) for s in validation],
            "training_products": len(products),
            "embedder": self.embedder.name,
            "embedding_dimension": self.embedder.dimension,
            "sklearn_version": sklearn.__version__,
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        return self

    def predict(self, products: Sequence[PricedProduct]) -> list[Decimal]:
        """Positive prices rounded to the cent, one per product."""
        if not products:
            return []
        return self.predict_embedded(products, self.embed(products))

    def predict_embedded(self, products: Sequence[PricedProduct], vectors: Matrix) -> list[Decimal]:
        return [estimate.price for estimate in self.explain_embedded(products, vectors)]

    def explain(self, products: Sequence[PricedProduct]) -> list[PriceEstimate]:
        """Prices with the comparables behind them; a keyed product is never its own comparable."""
        if not products:
            return []
        return self.explain_embedded(products, self.embed(products))

    def explain_embedded(self, products: Sequence[PricedProduct], vectors: Matrix) -> list[PriceEstimate]:
        if self._fitted is None:
            raise RuntimeError("the price model is not fitted: call fit() or PriceModel.load()")
        if not products:
            return []
        features, neighbourhoods = self._fitted.features(products, np.asarray(vectors, dtype=np.float64))
        logs = self._fitted.stack.predict(features) + self._fitted.shift
        return [
            PriceEstimate(_to_price(float(log)), n.comparables, _to_price(n.log_estimate))
            for log, n in zip(logs, neighbourhoods, strict=True)
        ]

    def save(self, path: Path = DEFAULT_MODEL_DIR) -> Path:
        """Model pickle and metadata JSON in directory `path`, each written atomically."""
        if self._fitted is None:
            raise RuntimeError("the price model is not fitted")
        path.mkdir(parents=True, exist_ok=True)
        blob = pickle.dumps(self._fitted, protocol=pickle.HIGHEST_PROTOCOL)
        metadata = {**self.metadata, "model_sha256": hashlib.sha256(blob).hexdigest()}
        write_atomically(path / MODEL_FILE, blob)
        write_atomically(path / METADATA_FILE, (json.dumps(metadata, indent=2) + "\n").encode())
        self.metadata = metadata
        return path

    @classmethod
    def load(
        cls,
        path: Path = DEFAULT_MODEL_DIR,
        embedder: TextEmbedder | None = None,
        config: PriceModelConfig | None = None,
    ) -> PriceModel:
        """A saved model; PriceModelFileError explains a missing, corrupt or mismatched one.

        The model file is a pickle: load only files this project wrote.
        """
        model_path, metadata_path = path / MODEL_FILE, path / METADATA_FILE
        if not model_path.is_file() or not metadata_path.is_file():
            raise PriceModelFileError(f"no price model at {path} (expected {MODEL_FILE})")
        try:
            metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
            blob = model_path.read_bytes()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PriceModelFileError(f"price model metadata is unreadable: {error}") from error
        if not isinstance(metadata, dict) or metadata.get("format_version") != FORMAT_VERSION:
            raise PriceModelFileError(f"price model at {path} has an unknown format; retrain it")
        saved = str(metadata.get("sklearn_version", "")).split(".")[:2]
        if saved != sklearn.__version__.split(".")[:2]:
            raise PriceModelFileError(
                f"price model at {path} was saved with scikit-learn "
                f"{metadata.get('sklearn_version')}, this process runs {sklearn.__version__}"
            )
        if hashlib.sha256(blob).hexdigest() != metadata.get("model_sha256"):
            raise PriceModelFileError(f"price model file {model_path} is corrupt or mismatched")
        model = cls(config, embedder)
        if (metadata.get("embedder"), metadata.get("embedding_dimension")) != (
            model.embedder.name,
            model.embedder.dimension,
        ):
            raise PriceModelFileError(
                f"price model at {path} was trained on {metadata.get('embedder')} embeddings, "
                f"not {model.embedder.name}"
            )
        try:
            fitted = pickle.loads(blob)
        except Exception as error:  # any unpickling failure means the same to the caller
            raise PriceModelFileError(f"price model file {model_path} cannot be read") from error
        if not isinstance(fitted, _Fitted):
            raise PriceModelFileError(f"{model_path} does not hold a price model")
        model._fitted = fitted
        model.metadata = metadata
        return model
