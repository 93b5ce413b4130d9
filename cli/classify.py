"""`mall classify`: train and evaluate the level-3 product category classifier from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ml.category_classifier import (
    CategoryClassifier,
    CategoryClassifierConfig,
    ClassifierScores,
    product_text,
    stratified_split,
)
from ml.tagger.checkpoint import CheckpointError

app = typer.Typer(
    help="Train and evaluate the product category classifier (text -> level-3 category).",
    no_args_is_help=True,
)

DEFAULT_MODEL_DIR = Path("var/models/category_classifier")

DATA_OPTION = typer.Option(
    ...,
    "--data",
    exists=True,
    dir_okay=False,
    readable=True,
    help="products.jsonl: one JSON object a line with c3_en, name, info and detail.",
)


def read_labelled_products(path: Path) -> tuple[list[str], list[str]]:
    """Texts (name + info/detail) and their `c3_en` labels; lines without a label are skipped."""
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise typer.BadParameter(f"{path}:{number} is not JSON ({error.msg})") from None
            label = str(record.get("c3_en") or "").strip()
            name = str(record.get("name") or "")
            if not label or not name.strip():
                continue
            texts.append(product_text(name, str(record.get("info") or ""), str(record.get("detail") or "")))
            labels.append(label)
    if not texts:
        raise typer.BadParameter(f"{path} holds no product with a name and a c3_en category")
    return texts, labels


def _show(scores: ClassifierScores, title: str) -> None:
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("products evaluated", str(scores.count))
    table.add_row("top-1 accuracy", f"{scores.top1:.3f}")
    table.add_row("top-3 accuracy", f"{scores.top3:.3f}")
    table.add_row("macro-F1", f"{scores.macro_f1:.3f}")
    Console().print(table)
    # last line: one JSON object, for scripts and CI
    print(json.dumps({"top1": scores.top1, "top3": scores.top3, "macro_f1": scores.macro_f1}))


@app.command()
def train(
    data: Path = DATA_OPTION,
    out: Path = typer.Option(
        DEFAULT_MODEL_DIR, "--out", help="Model folder; each run adds a version under it."
    ),
) -> None:
    """Train on every product in DATA and save a new model version."""
    texts, labels = read_labelled_products(data)
    classifier = CategoryClassifier().fit(texts, labels)
    folder = classifier.save(out)
    print(f"trained on {len(texts)} products, {len(classifier.classes)} categories -> {folder}")


@app.command()
def evaluate(
    data: Path = DATA_OPTION,
    model: Path | None = typer.Option(
        None,
        "--model",
        help="Saved model folder. Without it, train on 80% of DATA and evaluate on the rest.",
    ),
) -> None:
    """Print top-1, top-3 accuracy and macro-F1, then the same figures as one JSON line."""
    texts, labels = read_labelled_products(data)
    if model is not None:
        try:
            classifier = CategoryClassifier.load(model)
        except CheckpointError as error:
            Console(stderr=True).print(f"[red]cannot load the classifier:[/] {error}")
            raise typer.Exit(code=1) from None
        _show(classifier.evaluate(texts, labels), f"category classifier {model} on {data.name}")
        return
    config = CategoryClassifierConfig()
    train_rows, test_rows = stratified_split(labels, config.test_fraction, config.seed)
    if not test_rows:
        Console(stderr=True).print("[red]too few products per category for a held-out split[/]")
        raise typer.Exit(code=1)
    classifier = CategoryClassifier(config)
    vectors = classifier.embedder.encode(texts)
    classifier.fit_vectors(vectors[train_rows], [labels[i] for i in train_rows])
    scores = classifier.evaluate_vectors(vectors[test_rows], [labels[i] for i in test_rows])
    _show(scores, f"category classifier, held-out {len(test_rows)} of {len(texts)} products")
