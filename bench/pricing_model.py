"""Benchmark: local price model vs the category median, 5-fold CV with its spread (MAPE, median APE).

Two objectives of the same model, in the same run on the same folds: "fair" (what the admin is
shown: as likely above the real price as below) and "mape" (shifted down to minimise MAPE; see
ml/pricing/model.py). The JSON's pricing_* figures are the fair model's.

Also a fixed held-out fifth (permutation seed 20250101), chosen before the model was designed
and never used to tune it: the model is fitted on the other four fifths and scored once.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from ml.embeddings import TextEmbedder, default_embedder
from ml.pricing import PricedProduct, PriceModel, cross_validate, read_products
from ml.pricing.evaluation import HoldoutResult, _score
from ml.pricing.model import Matrix, PriceModelConfig

# ../shared/data beside the checkout, or MALL_SHARED_DATA, as in tests/conftest.py.
SHARED_DATA = Path(
    os.environ.get("MALL_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
DEFAULT_DATA = SHARED_DATA / "products.jsonl"
HOLDOUT_SEED = 20250101
HOLDOUT_SHARE = 0.2


def _holdout(
    products: list[PricedProduct], vectors: Matrix, embedder: TextEmbedder, config: PriceModelConfig
) -> HoldoutResult:
    order = np.random.default_rng(HOLDOUT_SEED).permutation(len(products))
    cut = int(round(len(products) * HOLDOUT_SHARE))
    test, train = np.sort(order[:cut]), np.sort(order[cut:])
    return _score(
        [products[i] for i in train],
        [products[i] for i in test],
        vectors[train],
        vectors[test],
        config,
        embedder,
    )


def main(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="products.jsonl"),
    folds: int = typer.Option(5, "--folds"),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    if not data.is_file():
        print(f"error: {data} not found (pass --data or set MALL_SHARED_DATA)", file=sys.stderr)
        raise typer.Exit(code=1)
    loaded = read_products(data)
    products = [p for p in loaded.products if p.price is not None]
    started = time.perf_counter()
    embedder = default_embedder()
    vectors = PriceModel(embedder=embedder).embed(products)
    embedded = time.perf_counter() - started
    fair, lowest = PriceModelConfig(objective="fair"), PriceModelConfig(objective="mape")
    cv = cross_validate(products, folds=folds, seed=seed, config=fair, embedder=embedder, vectors=vectors)
    cv_mape = cross_validate(
        products, folds=folds, seed=seed, config=lowest, embedder=embedder, vectors=vectors
    )
    held = _holdout(products, vectors, embedder, fair)
    held_mape = _holdout(products, vectors, embedder, lowest)
    seconds = time.perf_counter() - started

    console = Console()
    table = Table(title=f"{folds}-fold CV on {len(products)} products (seed {seed}), mean ± sd over folds")
    for column in ("predictor", "MAPE", "median APE"):
        table.add_column(column, justify="left" if column == "predictor" else "right")
    for name, m, a in (
        ("price model, fair (served)", cv.model_mape, cv.model_median_ape),
        ("price model, MAPE-shifted", cv_mape.model_mape, cv_mape.model_median_ape),
        ("category median (c3 > c2 > c1, ≥3 products)", cv.baseline_mape, cv.baseline_median_ape),
    ):
        table.add_row(name, f"{m[0]:.3f} ± {m[1]:.3f}", f"{a[0]:.3f} ± {a[1]:.3f}")
    console.print(table)
    holdout = Table(title=f"fixed held-out {held.test_size} products (never tuned on)")
    for column in ("predictor", "MAPE", "median APE"):
        holdout.add_column(column, justify="left" if column == "predictor" else "right")
    holdout.add_row(held.chosen, f"{held.model_mape:.3f}", f"{held.model_median_ape:.3f}")
    holdout.add_row(held_mape.chosen, f"{held_mape.model_mape:.3f}", f"{held_mape.model_median_ape:.3f}")
    holdout.add_row("category median", f"{held.baseline_mape:.3f}", f"{held.baseline_median_ape:.3f}")
    console.print(holdout)
    console.print(
        f"relative MAPE improvement (CV): fair {cv.relative_improvement:.1%}, "
        f"MAPE-shifted {cv_mape.relative_improvement:.1%}"
    )
    console.print(
        f"{len(loaded.products)} products read, {len(loaded.issues)} lines flagged, "
        f"{embedded:.0f} s embedding, {seconds:.0f} s in all"
    )
    print(
        json.dumps(
            {
                "pricing_mape": round(cv.model_mape[0], 4),
                "pricing_mape_sd": round(cv.model_mape[1], 4),
                "pricing_median_ape": round(cv.model_median_ape[0], 4),
                "pricing_median_ape_sd": round(cv.model_median_ape[1], 4),
                "pricing_baseline_mape": round(cv.baseline_mape[0], 4),
                "pricing_baseline_mape_sd": round(cv.baseline_mape[1], 4),
                "pricing_baseline_median_ape": round(cv.baseline_median_ape[0], 4),
                "pricing_baseline_median_ape_sd": round(cv.baseline_median_ape[1], 4),
                "pricing_relative_improvement": round(cv.relative_improvement, 4),
                "mape_objective_mape": round(cv_mape.model_mape[0], 4),
                "mape_objective_mape_sd": round(cv_mape.model_mape[1], 4),
                "mape_objective_median_ape": round(cv_mape.model_median_ape[0], 4),
                "mape_objective_relative_improvement": round(cv_mape.relative_improvement, 4),
                "holdout_mape": round(held.model_mape, 4),
                "holdout_baseline_mape": round(held.baseline_mape, 4),
                "holdout_median_ape": round(held.model_median_ape, 4),
                "holdout_baseline_median_ape": round(held.baseline_median_ape, 4),
                "holdout_mape_objective_mape": round(held_mape.model_mape, 4),
                "holdout_mape_objective_median_ape": round(held_mape.model_median_ape, 4),
                "folds": folds,
                "products": len(products),
                "seconds": round(seconds, 1),
            }
        )
    )


if __name__ == "__main__":
    typer.run(main)
