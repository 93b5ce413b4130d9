"""Held-out MAPE of the price model against the category-median baseline."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from ml.embeddings import TextEmbedder
from ml.pricing.baseline import CategoryMedianBaseline
from ml.pricing.model import CandidateScore, PriceModel, PriceModelConfig, mape
from ml.pricing.product import PricedProduct


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


def _median_ape(predicted: Sequence[Decimal], actual: Sequence[Decimal]) -> float:
    return statistics.median(abs(float(p - a) / float(a)) for p, a in zip(predicted, actual, strict=True))


def evaluate_holdout(
    products: Sequence[PricedProduct],
    test_share: float = 0.2,
    seed: int = 0,
    config: PriceModelConfig | None = None,
    embedder: TextEmbedder | None = None,
) -> HoldoutResult:
    """Fit model and baseline on the same random (1 - test_share) and score both on the rest.

    Products without a price are ignored. Candidate selection happens inside the training
    part, so the held-out products are seen by nothing before scoring.
    """
    priced = [p for p in products if p.price is not None]
    if len(priced) < 20:
        raise ValueError("need at least 20 priced products for a holdout evaluation")
    order = np.random.default_rng(seed).permutation(len(priced))
    cut = max(1, int(round(len(priced) * test_share)))
    test = [priced[i] for i in order[:cut]]
    train = [priced[i] for i in order[cut:]]
    actual = [p.price for p in test if p.price is not None]

    model = PriceModel(config, embedder)
    # One embedding pass for both parts: each text's vector does not depend on the others.
    vectors = model.embed(priced)
    model.fit_embedded(train, vectors[order[cut:]])
    predicted = model.predict_embedded(test, vectors[order[:cut]])
    baseline = CategoryMedianBaseline().fit(train).predict(test)
    return HoldoutResult(
        model_mape=mape(predicted, actual),
        baseline_mape=mape(baseline, actual),
        model_median_ape=_median_ape(predicted, actual),
        baseline_median_ape=_median_ape(baseline, actual),
        train_size=len(train),
        test_size=len(test),
        chosen=model.chosen,
        validation=tuple(model.validation),
    )
