"""Benchmark: the category classifier against its TF-IDF and MiniLM baselines, 5-fold CV.

Run from the project root: `python bench/classifier.py [--folds N] [--seed S]`. Reads
products.jsonl from MALL_SHARED_DATA (default ../shared/data). All three models see the same
stratified folds (on the level-3 name c3_en); MiniLM rows are computed once and reused, and
everything else is fitted inside each training fold. Prints a progress line per fold to stderr,
a table, and as its last line one JSON object with mean and std of top-1, top-3 and macro-F1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Run as a script, Python puts bench/ (not the project root) on the path.
sys.path.insert(0, str(PROJECT_ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from cli.classify import read_catalog  # noqa: E402
from ml.category_classifier import CategoryClassifier  # noqa: E402
from ml.category_classifier.comparison import METRICS, MODELS, cross_validate, summarise  # noqa: E402

PRODUCTS = "products.jsonl"


def data_dir() -> Path:
    return Path(os.environ.get("MALL_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    products = data_dir() / PRODUCTS
    if not products.is_file():
        sys.exit(f"bench/classifier.py: {products} is absent (set MALL_SHARED_DATA to the data folder)")
    errors = Console(stderr=True, soft_wrap=True)
    catalog = read_catalog(products)
    started = time.perf_counter()
    classifier = CategoryClassifier()
    encoded = classifier.encode(catalog.texts)
    embed_s = time.perf_counter() - started
    errors.print(f"MiniLM rows of {len(encoded)} products (text and title): {embed_s:.0f} s")
    results = cross_validate(
        encoded,
        catalog.labels,
        catalog.parents,
        classifier.embedder,
        folds=args.folds,
        seed=args.seed,
        progress=errors.print,
    )
    total_s = time.perf_counter() - started
    summaries = {name: summarise(scores) for name, scores in results.items()}

    table = Table(
        title=f"level-3 category ({len(set(catalog.labels))} classes), {len(catalog.labels)} products, "
        f"{args.folds}-fold stratified CV, mean ± std"
    )
    table.add_column("model")
    for metric in METRICS:
        table.add_column(metric, justify="right")
    for name in MODELS:
        table.add_row(
            name, *(f"{summaries[name][m].mean:.3f} ± {summaries[name][m].std:.3f}" for m in METRICS)
        )
    Console().print(table)
    figures = {
        "products": len(catalog.labels),
        "classes": len(set(catalog.labels)),
        "folds": args.folds,
        "seed": args.seed,
        "embed_s": round(embed_s, 1),
        "total_s": round(total_s, 1),
        "models": {
            name: {
                metric: {"mean": round(s.mean, 4), "std": round(s.std, 4)}
                for metric, s in summaries[name].items()
            }
            for name in MODELS
        },
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
