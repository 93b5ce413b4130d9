"""Held-out error of the price model against the category-median baseline, in the same run."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import KFold

from ml.embeddings import TextEmbedder
from ml.pricing.baseline import CategoryMedianBaseline
from ml.pricing.model import CandidateScore, Matrix, PriceModel, PriceModelConfig, mape
from ml.pricing.product import PricedProduct

# The baseline falls back from a level-3 category with fewer training products than this.
BASELINE_MIN_PRODUCTS = 3


@dataclass(frozen=True, slots=True)
class HoldoutResult:
    model_mape: float
    baseline_mape: float
    # Median APE too: MAPE is dominated by the cheapest products, where any miss is huge.
    model_median_ape: float
    baseline_median_ape: float
    train_size: int
    test_size: int
    chosen: str
    validation: tuple[CandidateScore, ...]


@dataclass(frozen=True, slots=True)
class CrossValidation:
    folds: tuple[HoldoutResult, ...]

    def _spread(self, name: str) -> tuple[float, float]:
        values = [float(getattr(fold, name)) for fold in self.folds]
        return statistics.fmean(values), statistics.pstdev(values)

    @property
    def model_mape(self) -> tuple[float, float]:
        """Mean and standard deviation over the folds."""
        return self._spread("model_mape")

    @property
    def baseline_mape(self) -> tuple[float, float]:
        return self._spread("baseline_mape")

    @property
    def model_median_ape(self) -> tuple[float, float]:
        return self._spread("model_median_ape")

    @property
    def baseline_median_ape(self) -> tuple[float, float]:
        return self._spread("baseline_median_ape")

    @property
    def relative_improvement(self) -> float:
        """1 - model MAPE / baseline MAPE, on the fold means."""
        return 1.0 - self.model_mape[0] / self.baseline_mape[0]


def median_ape(predicted: Sequence[object], actual: Sequence[object]) -> float:
    return statistics.median(
        abs(float(p) - float(a)) / float(a)  # type: ignore[arg-type]  # Decimal or float alike
        for p, a in zip(predicted, actual, strict=True)
    )


def _score(
    train: Sequence[PricedProduct],
    test: Sequence[PricedProduct],
    train_vectors: Matrix,
    test_vectors: Matrix,
    config: PriceModelConfig | None,
    embedder: TextEmbedder | None,
) -> HoldoutResult:
    # The held-out products lose their keys and prices: nothing can look them up.
    actual = [p.price for p in test if p.price is not None]
    unknown = [PricedProduct(p.name, p.description, p.c1, p.c2, p.c3) for p in test]
    model = PriceModel(config, embedder).fit_embedded(train, train_vectors)
    predicted = model.predict_embedded(unknown, test_vectors)
    baseline = CategoryMedianBaseline(BASELINE_MIN_PRODUCTS).fit(train).predict(unknown)
    return HoldoutResult(
        model_mape=mape(predicted, actual),
        baseline_mape=mape(baseline, actual),
        model_median_ape=median_ape(predicted, actual),
        baseline_median_ape=median_ape(baseline, actual),
        train_size=len(train),
        test_size=len(test),
        chosen=model.chosen,
        validation=tuple(model.validation),
    )


def _priced(products: Sequence[PricedProduct], at_least: int) -> list[PricedProduct]:
    priced = [p for p in products if p.price is not None]
    if len(priced) < at_least:
        raise ValueError(f"need at least {at_least} priced products for a held-out evaluation")
    return priced


def evaluate_holdout(
    products: Sequence[PricedProduct],
    test_share: float = 0.2,
    seed: int = 0,
    config: PriceModelConfig | None = None,
    embedder: TextEmbedder | None = None,
    vectors: Matrix | None = None,
) -> HoldoutResult:
    """Fit model and baseline on the same random (1 - test_share) and score both on the rest.

    Products without a price are ignored. Every choice the model makes (its stack weights and
    shift) happens inside the training part: the held-out products are seen by nothing before
    scoring. `vectors` (one row per product) saves embedding them again.
    """
    priced = _priced(products, 20)
    if vectors is None:
        vectors = PriceModel(config, embedder).embed(priced)
    else:
        vectors = np.asarray(vectors)[[i for i, p in enumerate(products) if p.price is not None]]
    order = np.random.default_rng(seed).permutation(len(priced))
    cut = max(1, int(round(len(priced) * test_share)))
    test_rows, train_rows = order[:cut], order[cut:]
    return _score(
        [priced[i] for i in train_rows],
        [priced[i] for i in test_rows],
        vectors[train_rows],
        vectors[test_rows],
        config,
        embedder,
    )


def cross_validate(
    products: Sequence[PricedProduct],
    folds: int = 5,
    seed: int = 0,
    config: PriceModelConfig | None = None,
    embedder: TextEmbedder | None = None,
    vectors: Matrix | None = None,
) -> CrossValidation:
    """K-fold: each product is held out once; model and baseline fitted on the other folds."""
    priced = _priced(products, max(20, folds * 4))
    if vectors is None:
        vectors = PriceModel(config, embedder).embed(priced)
    else:
        vectors = np.asarray(vectors)[[i for i, p in enumerate(products) if p.price is not None]]
    results = []
    for train_rows, test_rows in KFold(folds, shuffle=True, random_state=seed).split(priced):
        results.append(
            _score(
                [priced[i] for i in train_rows],
                [priced[i] for i in test_rows],
                vectors[train_rows],
                vectors[test_rows],
                config,
                embedder,
            )
        )
    return CrossValidation(tuple(results))
