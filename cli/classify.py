"""`mall classify`: train, evaluate and compare the level-3 product category classifier."""

from __future__ import annotations

import json
from dataclasses import dataclass
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
    help="Train, evaluate and compare the product category classifier (text -> level-3 category).",
    no_args_is_help=True,
)

DEFAULT_MODEL_DIR = Path("var/models/category_classifier")

DATA_OPTION = typer.Option(
    ...,
    "--data",
    exists=True,
    dir_okay=False,
    readable=True,
    help="products.jsonl: one JSON object a line with c3_en, name, info and detail "
    "(c1_en and c2_en, when every line has them, let the model use the category tree).",
)


class CatalogFileError(ValueError):
    """A products file that cannot be read as labelled products."""


@dataclass(frozen=True)
class Catalog:
    """Labelled product texts; `parents` is each product's level-2 path ("c1 > c2"), or None."""

    texts: list[str]
    labels: list[str]
    parents: list[str] | None


def read_catalog(path: Path) -> Catalog:
    """Texts (name + info/detail), `c3_en` labels and level-2 parents; lines without a label or a
    name are skipped. CatalogFileError names the first line that is not a JSON object."""
    texts: list[str] = []
    labels: list[str] = []
    parents: list[str | None] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise CatalogFileError(f"{path}:{number} is not JSON ({error.msg})") from None
            if not isinstance(record, dict):
                raise CatalogFileError(f"{path}:{number} is not a JSON object")
            label = str(record.get("c3_en") or "").strip()
            name = str(record.get("name") or "")
            if not label or not name.strip():
                continue
            texts.append(product_text(name, str(record.get("info") or ""), str(record.get("detail") or "")))
            labels.append(label)
            # level-2 names repeat under different level-1 aisles ("Vegetables"): key by the path
            c1, c2 = (str(record.get(key) or "").strip() for key in ("c1_en", "c2_en"))
            parents.append(f"{c1} > {c2}" if c1 and c2 else None)
    if not texts:
        raise CatalogFileError(f"{path} holds no product with a name and a c3_en category")
    known = [p for p in parents if p is not None]
    return Catalog(texts, labels, known if len(known) == len(parents) else None)


def read_labelled_products(path: Path) -> tuple[list[str], list[str]]:
    """Texts and their `c3_en` labels (see read_catalog)."""
    catalog = read_catalog(path)
    return catalog.texts, catalog.labels


def _fail(message: str) -> typer.Exit:
    # soft_wrap and no markup: a path in the message stays on one line and "[...]" stays text
    Console(stderr=True, soft_wrap=True).print(message, style="red", markup=False)
    return typer.Exit(code=1)


def _catalog(path: Path) -> Catalog:
    try:
        return read_catalog(path)
    except CatalogFileError as error:
        raise _fail(str(error)) from None


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
    catalog = _catalog(data)
    try:
        classifier = CategoryClassifier().fit(catalog.texts, catalog.labels, catalog.parents)
    except ValueError as error:
        raise _fail(f"cannot train the classifier: {error}") from None
    folder = classifier.save(out)
    tree = "with the category tree" if classifier.uses_tree else "without a category tree"
    print(
        f"trained on {len(catalog.texts)} products, {len(classifier.classes)} categories, {tree} -> {folder}"
    )
    if classifier.validation is not None:
        v = classifier.validation
        print(
            f"held-out share of the training rows ({v.count}): top-1 {v.top1:.3f}, "
            f"top-3 {v.top3:.3f}, macro-F1 {v.macro_f1:.3f}"
        )


@app.command()
def evaluate(
    data: Path = DATA_OPTION,
    model: Path | None = typer.Option(
        None,
        "--model",
        help="Saved model folder (or one version in it). Without it, train on 80% of DATA "
        "(per category) and evaluate on the rest.",
    ),
) -> None:
    """Print top-1, top-3 accuracy and macro-F1, then the same figures as one JSON line."""
    catalog = _catalog(data)
    if model is not None:
        try:
            classifier = CategoryClassifier.load(model)
        except CheckpointError as error:
            raise _fail(f"cannot load the classifier: {error}") from None
        _show(
            classifier.evaluate(catalog.texts, catalog.labels), f"category classifier {model} on {data.name}"
        )
        return
    config = CategoryClassifierConfig()
    train_rows, test_rows = stratified_split(catalog.labels, config.test_fraction, config.seed)
    if not test_rows or len({catalog.labels[i] for i in train_rows}) < 2:
        raise _fail("too few products per category for a held-out split")
    classifier = CategoryClassifier(config)
    encoded = classifier.encode(catalog.texts)
    parents = catalog.parents
    classifier.fit_encoded(
        encoded.subset(train_rows),
        [catalog.labels[i] for i in train_rows],
        [parents[i] for i in train_rows] if parents else None,
    )
    scores = classifier.evaluate_encoded(encoded.subset(test_rows), [catalog.labels[i] for i in test_rows])
    _show(scores, f"category classifier, held-out {len(test_rows)} of {len(catalog.texts)} products")


@app.command()
def compare(
    data: Path = DATA_OPTION,
    folds: int = typer.Option(5, "--folds", min=2, max=20, help="Stratified folds (per c3_en)."),
    seed: int = typer.Option(13, "--seed", help="Seed of the fold assignment."),
) -> None:
    """The classifier against the TF-IDF and MiniLM-only baselines, k-fold CV on the same folds."""
    from ml.category_classifier.comparison import METRICS, MODELS, cross_validate, summarise

    catalog = _catalog(data)
    classifier = CategoryClassifier()
    errors = Console(stderr=True, soft_wrap=True)
    try:
        results = cross_validate(
            classifier.encode(catalog.texts),
            catalog.labels,
            catalog.parents,
            classifier.embedder,
            folds=folds,
            seed=seed,
            progress=errors.print,
        )
    except ValueError as error:
        raise _fail(f"cannot cross-validate: {error}") from None
    table = Table(title=f"{folds}-fold CV on {data.name} ({len(catalog.labels)} products), mean ± std")
    table.add_column("model")
    for metric in METRICS:
        table.add_column(metric, justify="right")
    summaries = {name: summarise(results[name]) for name in MODELS}
    for name in MODELS:
        table.add_row(
            name, *(f"{summaries[name][m].mean:.3f} ± {summaries[name][m].std:.3f}" for m in METRICS)
        )
    Console().print(table)
    print(json.dumps({name: {m: round(s.mean, 4) for m, s in summaries[name].items()} for name in MODELS}))
