"""Local price model: log(price) from the text embedding and the category path.

Used when no LLM is configured. Candidates (ridge regressions with a few penalties and a
histogram gradient-boosting model) are fitted on part of the training products and the one
with the lowest MAPE on the rest is refitted on all of them.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import sklearn
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import Ridge
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

from ml.embeddings import TextEmbedder, default_embedder
from ml.model_files import write_atomically
from ml.pricing.product import CENT, PricedProduct

FORMAT_VERSION = 1
MODEL_FILE = "price_model.pkl"
METADATA_FILE = "price_model.json"
DEFAULT_MODEL_DIR = Path("var/models/pricing")

Matrix = npt.NDArray[np.float64]


class PriceModelFileError(Exception):
    """A saved price model is missing, corrupt, or incompatible with this code or embedder."""


@dataclass(frozen=True, slots=True)
class RidgeCandidate:
    alpha: float
    # Embedding columns are unit vectors with small components; scaling them up lowers their
    # effective penalty relative to the one-hot category columns.
    embedding_weight: float

    @property
    def name(self) -> str:
        return f"ridge(alpha={self.alpha:g}, embedding_weight={self.embedding_weight:g})"


@dataclass(frozen=True, slots=True)
class BoostingCandidate:
    max_iter: int = 200
    learning_rate: float = 0.08
    max_leaf_nodes: int = 15

    @property
    def name(self) -> str:
        return f"hist_gradient_boosting(max_iter={self.max_iter})"


Candidate = RidgeCandidate | BoostingCandidate


@dataclass(frozen=True, slots=True)
class PriceModelConfig:
    candidates: tuple[Candidate, ...] = (
        RidgeCandidate(alpha=10.0, embedding_weight=1.0),
        RidgeCandidate(alpha=10.0, embedding_weight=3.0),
        RidgeCandidate(alpha=30.0, embedding_weight=3.0),
        BoostingCandidate(),
    )
    validation_share: float = 0.15
    seed: int = 20240601


@dataclass(frozen=True, slots=True)
class CandidateScore:
    name: str
    validation_mape: float


def mape(predicted: Sequence[Decimal], actual: Sequence[Decimal]) -> float:
    """Mean absolute percentage error, as a fraction (0.25 = 25%)."""
    if not actual or len(predicted) != len(actual):
        raise ValueError("need as many predictions as actual prices, at least one")
    return sum(abs(float(p - a) / float(a)) for p, a in zip(predicted, actual, strict=True)) / len(actual)


def _to_prices(log_prices: npt.NDArray[np.float64]) -> list[Decimal]:
    # A price is at least one cent, whatever the regression says about an odd product.
    return [max(CENT, Decimal(repr(math.exp(v))).quantize(CENT)) for v in log_prices]


class _Fitted:
    """Category encoders and the chosen regressor; what the pickle holds."""

    def __init__(self, candidate: Candidate, levels: npt.NDArray[np.object_]) -> None:
        self.candidate = candidate
        self.onehot = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(levels)
        self.ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan).fit(levels)
        self.regressor: Ridge | HistGradientBoostingRegressor | None = None

    def features(self, vectors: Matrix, levels: npt.NDArray[np.object_]) -> Matrix:
        if isinstance(self.candidate, RidgeCandidate):
            weighted = vectors * self.candidate.embedding_weight
            return np.hstack([weighted, self.onehot.transform(levels)])
        return np.hstack([vectors, self.ordinal.transform(levels)])

    def fit(self, vectors: Matrix, levels: npt.NDArray[np.object_], y: Matrix) -> _Fitted:
        candidate = self.candidate
        regressor: Ridge | HistGradientBoostingRegressor
        if isinstance(candidate, RidgeCandidate):
            regressor = Ridge(alpha=candidate.alpha)
        else:
            categorical = [False] * vectors.shape[1] + [True] * levels.shape[1]
            regressor = HistGradientBoostingRegressor(
                max_iter=candidate.max_iter,
                learning_rate=candidate.learning_rate,
                max_leaf_nodes=candidate.max_leaf_nodes,
                categorical_features=categorical,
                early_stopping=False,
                random_state=0,
            )
        self.regressor = regressor.fit(self.features(vectors, levels), y)
        return self

    def predict_log(self, vectors: Matrix, levels: npt.NDArray[np.object_]) -> Matrix:
        if self.regressor is None:
            raise RuntimeError("regressor not fitted")
        return np.asarray(self.regressor.predict(self.features(vectors, levels)), dtype=np.float64)


def _levels(products: Sequence[PricedProduct]) -> npt.NDArray[np.object_]:
    return np.asarray([p.category_levels for p in products], dtype=object).reshape(-1, 3)


def _log_prices(products: Sequence[PricedProduct]) -> Matrix:
    prices = [p.price for p in products]
    if any(p is None or p <= 0 for p in prices):
        raise ValueError("every training product needs a positive price")
    return np.log(np.asarray([float(p) for p in prices if p is not None], dtype=np.float64))


class PriceModel:
    """Predicts a product's price from its text and category; load once, share across calls."""

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
        if len(products) < 10:
            raise ValueError("need at least 10 priced products to fit and validate")
        y = _log_prices(products)
        levels = _levels(products)
        order = np.random.default_rng(self.config.seed).permutation(len(products))
        held = max(1, int(round(len(products) * self.config.validation_share)))
        valid, train = order[:held], order[held:]
        actual = [p.price for p in (products[i] for i in valid) if p.price is not None]
        scores = []
        for candidate in self.config.candidates:
            fitted = _Fitted(candidate, levels[train]).fit(vectors[train], levels[train], y[train])
            predicted = _to_prices(fitted.predict_log(vectors[valid], levels[valid]))
            scores.append(CandidateScore(candidate.name, mape(predicted, actual)))
        best = min(range(len(scores)), key=lambda i: scores[i].validation_mape)
        chosen = self.config.candidates[best]
        self._fitted = _Fitted(chosen, levels).fit(vectors, levels, y)
        self.metadata = {
            "format_version": FORMAT_VERSION,
            "chosen": chosen.name,
            "candidate": {"kind": type(chosen).__name__, **asdict(chosen)},
            "validation": [asdict(s) for s in scores],
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
        if self._fitted is None:
            raise RuntimeError("the price model is not fitted: call fit() or PriceModel.load()")
        return _to_prices(self._fitted.predict_log(vectors, _levels(products)))

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
