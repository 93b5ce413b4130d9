"""Benchmark: Seq2Label vs a retrieval baseline on real reviews, and the category classifier.

Run from the project root: `python bench/tagger.py [--epochs N] [--quick] [--titles N] [--no-copy]`.
Prints a table and, as its last line, one JSON object with the figures; writes metrics JSON,
per-epoch JSONL and PNG plots under artifacts/bench/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Run as a script, Python puts bench/ (not the project root) on the path.
sys.path.insert(0, str(PROJECT_ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from cli.classify import read_labelled_products  # noqa: E402
from ml.category_classifier import (  # noqa: E402
    CategoryClassifier,
    CategoryClassifierConfig,
    stratified_split,
)
from ml.embeddings import default_embedder  # noqa: E402
from ml.tag_clustering import cluster_label_vectors, plot_tag_map  # noqa: E402
from ml.tagger import Seq2Label, Seq2LabelConfig  # noqa: E402
from ml.tagger.evaluation import (  # noqa: E402
    NearestReviewBaseline,
    plot_report,
    score_labels,
    write_report,
)
from ml.tagger.teacher import PhraseTeacher  # noqa: E402

SEED = 13
REVIEWS = "amazon_review_snippets_sentiment.tsv"
TITLES = "review_titles.txt"
PRODUCTS = "products.jsonl"
console = Console(stderr=True)
T = TypeVar("T")


def data_folder() -> Path:
    return Path(os.environ.get("MALL_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def read_reviews(path: Path) -> list[str]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3 and parts[2].strip():
            texts.append(parts[2].strip())
    return texts


def cached_teacher_labels(texts: list[str], cache: Path) -> list[str | None]:
    """Teacher labels, computed once per distinct input and teacher configuration."""
    teacher = PhraseTeacher()
    key = hashlib.sha256(json.dumps([repr(teacher.config), texts], ensure_ascii=False).encode()).hexdigest()
    if cache.is_file():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            labels: list[str | None] = stored["labels"]
            return labels
    labels = teacher.label(texts)
    cache.write_text(json.dumps({"key": key, "labels": labels}), encoding="utf-8")
    return labels


def timed(stage: str, timings: dict[str, float], work: Callable[[], T]) -> T:
    started = time.perf_counter()
    console.log(f"{stage}...")
    result = work()
    timings[stage] = time.perf_counter() - started
    console.log(f"{stage}: {timings[stage]:.1f} s")
    return result


def inference_rate(model: Seq2Label, texts: list[str], total: int = 1024) -> float:
    """Greedy labels per second at batch 256, on whatever device the model lives."""
    batch = (texts * (total // max(len(texts), 1) + 1))[:total]
    model.predict(batch[:256])  # warm-up: first calls pay for allocator and kernel setup
    started = time.perf_counter()
    model.predict(batch, batch_size=256)
    return total / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--epochs", type=int, default=None, help="max training epochs")
    parser.add_argument("--quick", action="store_true", help="small subset, few epochs")
    parser.add_argument("--titles", type=int, default=0, help="extra review titles as targets")
    parser.add_argument("--budget", type=float, default=240.0, help="training wall-clock cap in seconds")
    parser.add_argument("--beam", type=int, default=4, help="beam size for the beam row")
    parser.add_argument(
        "--no-copy", action="store_true", help="ablation: plain generator, no pointer-generator copying"
    )
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "artifacts" / "bench")
    args = parser.parse_args()

    data = data_folder()
    if not (data / REVIEWS).is_file() or not (data / PRODUCTS).is_file():
        sys.exit(f"bench/tagger.py needs {REVIEWS} and {PRODUCTS} in {data} (MALL_SHARED_DATA)")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    rng = np.random.default_rng(SEED)
    torch.manual_seed(SEED)

    reviews = read_reviews(data / REVIEWS)
    if args.quick:
        reviews = [reviews[i] for i in sorted(rng.permutation(len(reviews))[:800])]
    labels = timed("teacher labels", timings, lambda: cached_teacher_labels(reviews, out / "teacher.json"))
    pairs = [(t, lab) for t, lab in zip(reviews, labels, strict=True) if lab]
    order = np.random.default_rng(SEED).permutation(len(pairs))
    n_test, n_val = int(0.15 * len(pairs)), int(0.10 * len(pairs))
    test = [pairs[i] for i in order[:n_test]]
    val = [pairs[i] for i in order[n_test : n_test + n_val]]
    train = [pairs[i] for i in order[n_test + n_val :]]

    extra: list[tuple[str, str]] = []
    if args.titles > 0 and (data / TITLES).is_file():
        titles = sorted({t.strip() for t in (data / TITLES).read_text().splitlines() if t.strip()})
        chosen = [titles[i] for i in sorted(rng.permutation(len(titles))[: args.titles])]
        title_labels = timed(
            "title labels", timings, lambda: cached_teacher_labels(chosen, out / "titles.json")
        )
        extra = [(t, lab) for t, lab in zip(chosen, title_labels, strict=True) if lab]

    config = Seq2LabelConfig(
        epochs=args.epochs or (4 if args.quick else 25),
        vocab_size=2000 if args.quick else 4000,
        max_train_seconds=args.budget,
        copy_mechanism=not args.no_copy,
    )
    model = Seq2Label(config)
    train_texts = [t for t, _ in train + extra]
    train_labels: list[str | None] = [lab for _, lab in train + extra]
    history = timed(
        "train Seq2Label",
        timings,
        lambda: model.fit(
            train_texts,
            train_labels,
            val_texts=[t for t, _ in val],
            val_labels=[lab for _, lab in val],
            metrics_path=out / "tagger_epochs.jsonl",
        ),
    )
    model.save(out / "tagger_model")

    test_texts = [t for t, _ in test]
    references = [lab for _, lab in test]
    greedy = timed("greedy decode", timings, lambda: model.predict(test_texts))
    beam = timed(f"beam {args.beam} decode", timings, lambda: model.predict(test_texts, args.beam))
    baseline = NearestReviewBaseline()
    timed(
        "retrieval baseline",
        timings,
        lambda: baseline.fit([t for t, _ in train], [lab for _, lab in train]),
    )
    retrieved = baseline.predict(test_texts)
    scores = {
        "seq2label greedy": score_labels(greedy, references),
        f"seq2label beam {args.beam}": score_labels(beam, references),
        "retrieval baseline": score_labels(retrieved, references),
    }

    device = str(model.device)
    infer_rate = timed("inference throughput", timings, lambda: inference_rate(model, test_texts))
    cpu_rate = infer_rate
    if model.device.type == "cuda":
        device = f"cuda ({torch.cuda.get_device_name(0)})"
        cpu_rate = inference_rate(Seq2Label.load(out / "tagger_model", device="cpu"), test_texts)
    train_rate = statistics.median(e.pairs_per_s for e in history.epochs)

    products_texts, products_labels = read_labelled_products(data / PRODUCTS)
    clf_config = CategoryClassifierConfig()
    clf_train, clf_test = stratified_split(products_labels, clf_config.test_fraction, SEED)
    classifier = CategoryClassifier(clf_config)
    encoded = timed("embed products", timings, lambda: classifier.encode(products_texts))
    classifier.fit_encoded(encoded.subset(clf_train), [products_labels[i] for i in clf_train])
    clf_scores = classifier.evaluate_encoded(encoded.subset(clf_test), [products_labels[i] for i in clf_test])

    # Tag map: cluster the generated test labels as if they were one product's reviews.
    generated = [label for label in greedy if label]
    label_vectors = default_embedder().encode(generated)
    tag_clusters = cluster_label_vectors(generated, label_vectors)
    plot_tag_map(
        out / "tag_map.png",
        label_vectors,
        tag_clusters.assignments.tolist(),
        title=f"generated test labels, k={tag_clusters.k} by silhouette",
    )

    summary = {
        "train_pairs_per_s": round(train_rate, 1),
        "infer_reviews_per_s": round(infer_rate, 1),
        "rouge_l": round(scores["seq2label greedy"].rouge_l, 4),
        "baseline_rouge_l": round(scores["retrieval baseline"].rouge_l, 4),
        "unk_rate": round(scores["seq2label greedy"].unk_rate, 4),
        "classifier_top1": round(clf_scores.top1, 4),
        "classifier_top3": round(clf_scores.top3, 4),
        "device": device,
        "copy_mechanism": config.copy_mechanism,
    }
    write_report(
        out / "tagger_metrics.json",
        scores,
        history,
        {
            "summary": summary,
            "split": {
                "train": len(train),
                "extra_titles": len(extra),
                "val": len(val),
                "test": len(test),
            },
            "config": config.to_dict(),
            "infer_reviews_per_s_cpu": cpu_rate,
            "classifier": {
                "top1": clf_scores.top1,
                "top3": clf_scores.top3,
                "macro_f1": clf_scores.macro_f1,
                "test": clf_scores.count,
            },
            "tags": tag_clusters.tags,
            "timings_s": timings,
            "samples": [
                {"text": t, "teacher": r, "greedy": g, "beam": b, "baseline": n}
                for t, r, g, b, n in list(zip(test_texts, references, greedy, beam, retrieved, strict=True))[
                    :40
                ]
            ],
        },
    )
    plot_report(out / "tagger.png", scores, history)

    table = Table(title=f"Seq2Label on {len(test)} held-out review sentences ({device})")
    table.add_column("system")
    for column in (
        "ROUGE-L F",
        "BLEU-4 (sent.)",
        "<unk> share",
        "distinct-1",
        "distinct-2",
        "words",
    ):
        table.add_column(column, justify="right")
    for name, value in scores.items():
        table.add_row(
            name,
            f"{value.rouge_l:.3f}",
            f"{value.bleu:.3f}",
            f"{value.unk_rate:.3f}",
            f"{value.distinct_1:.3f}",
            f"{value.distinct_2:.3f}",
            f"{value.mean_words:.2f}",
        )
    figures = Table(title="throughput and classifier")
    figures.add_column("figure")
    figures.add_column("value", justify="right")
    figures.add_row("train pairs/s (median epoch)", f"{train_rate:.0f}")
    figures.add_row("inference reviews/s (greedy, batch 256)", f"{infer_rate:.0f}")
    figures.add_row("epochs run / best", f"{len(history.epochs)} / {history.best_epoch}")
    figures.add_row("train / val / test pairs", f"{len(train) + len(extra)} / {len(val)} / {len(test)}")
    figures.add_row(
        "classifier top-1 / top-3 / macro-F1",
        f"{clf_scores.top1:.3f} / {clf_scores.top3:.3f} / {clf_scores.macro_f1:.3f}",
    )
    figures.add_row("wall time (s)", f"{sum(timings.values()):.0f}")
    stdout = Console()
    stdout.print(table)
    stdout.print(figures)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
