"""Benchmark: local price model vs the category-median baseline on a 20% holdout (MAPE)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ml.pricing import evaluate_holdout, read_products

# ../shared/data beside the checkout, or MALL_SHARED_DATA, as in tests/conftest.py.
SHARED_DATA = Path(
    os.environ.get("MALL_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
DEFAULT_DATA = SHARED_DATA / "products.jsonl"


def main(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="products.jsonl"),
    test_share: float = typer.Option(0.2, "--test-share"),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    if not data.is_file():
        print(f"error: {data} not found (pass --data)", file=sys.stderr)
        raise typer.Exit(code=1)
    loaded = read_products(data)
    started = time.perf_counter()
    result = evaluate_holdout(loaded.products, test_share=test_share, seed=seed)
    seconds = time.perf_counter() - started

    console = Console()
    candidates = Table(title=f"candidates, validation MAPE (inside the {result.train_size} train)")
    candidates.add_column("candidate")
    candidates.add_column("validation MAPE", justify="right")
    for score in result.validation:
        mark = " *" if score.name == result.chosen else ""
        candidates.add_row(score.name + mark, f"{score.validation_mape:.3f}")
    console.print(candidates)
    table = Table(title=f"held-out {result.test_size} products (seed {seed})")
    for column in ("predictor", "MAPE", "median APE"):
        table.add_column(column, justify="left" if column == "predictor" else "right")
    table.add_row(result.chosen, f"{result.model_mape:.3f}", f"{result.model_median_ape:.3f}")
    table.add_row(
        "category median (c3 > c2 > c1 > all)",
        f"{result.baseline_mape:.3f}",
        f"{result.baseline_median_ape:.3f}",
    )
    console.print(table)
    console.print(
        f"{len(loaded.products)} products read, {len(loaded.issues)} lines flagged, "
        f"{seconds:.0f} s including embeddings"
    )
    print(
        json.dumps(
            {
                "pricing_mape": round(result.model_mape, 4),
                "pricing_baseline_mape": round(result.baseline_mape, 4),
                "pricing_median_ape": round(result.model_median_ape, 4),
                "pricing_baseline_median_ape": round(result.baseline_median_ape, 4),
                "pricing_model": result.chosen,
                "test_size": result.test_size,
                "seconds": round(seconds, 1),
            }
        )
    )


if __name__ == "__main__":
    typer.run(main)
