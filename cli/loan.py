"""`mall loan`: compare, train and evaluate the loan approval model from a Kaggle-format CSV."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from ml.loans import (
    DEFAULT_MODEL_DIR,
    ApplicationFileError,
    CVScores,
    LabelledApplication,
    LoanEvaluation,
    LoanModel,
    ModelFileError,
    evaluate_model,
    read_applications,
)
from ml.loans.comparison import ComparisonConfig, compare_models
from ml.loans.features import applicants_to_matrix

app = typer.Typer(
    help="Loan approval model: 5-fold CV comparison, calibrated training, evaluation.",
    no_args_is_help=True,
)

DATA_OPTION = typer.Option(..., "--data", help="Kaggle loan-status CSV (Loan_Status Y/N).")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


def _read(path: Path) -> list[LabelledApplication]:
    try:
        applications = read_applications(path)
    except ApplicationFileError as error:
        _fail(str(error))
    if not applications:
        _fail(f"{path} holds no applications")
    return applications


def _cv_table(title: str, rows: Sequence[CVScores], chosen: str | None = None) -> Table:
    table = Table(title=title)
    for column in ("model", "accuracy", "ROC AUC", "Brier"):
        table.add_column(column, justify="left" if column == "model" else "right")
    for s in rows:
        name = f"{s.kind} *" if s.kind == chosen else s.kind
        table.add_row(
            name,
            f"{s.accuracy_mean:.3f} ± {s.accuracy_std:.3f}",
            f"{s.roc_auc_mean:.3f} ± {s.roc_auc_std:.3f}",
            f"{s.brier_mean:.3f} ± {s.brier_std:.3f}",
        )
    return table


def _scores_json(rows: Sequence[CVScores]) -> dict[str, Any]:
    return {s.kind: {k: round(v, 4) for k, v in s.as_dict().items() if k != "kind"} for s in rows}


@app.command()
def compare(data: Path = DATA_OPTION) -> None:
    """5-fold stratified CV of random forest, logistic regression, gradient boosting and the
    majority-class baseline (preprocessing refitted inside every fold)."""
    applications = _read(data)
    x = applicants_to_matrix([a.applicant for a in applications])
    y = np.asarray([int(a.approved) for a in applications])
    config = ComparisonConfig()
    scores = compare_models(x, y, config)
    Console().print(_cv_table(f"{config.folds}-fold stratified CV, {len(y)} applications", scores))
    print(json.dumps({"rows": len(y), "folds": config.folds, "cv": _scores_json(scores)}))


@app.command()
def train(
    data: Path = DATA_OPTION,
    out: Path = typer.Option(DEFAULT_MODEL_DIR, "--out", help="Directory to save the model in."),
) -> None:
    """Compare the models, calibrate the chosen one, fit it on all rows and save it."""
    applications = _read(data)
    model = LoanModel().fit(applications)
    console = Console()
    console.print(
        _cv_table(
            f"5-fold stratified CV, {len(applications)} applications (* chosen)",
            model.comparison,
            chosen=model.kind,
        )
    )
    calibrated = model.calibrated_scores
    if calibrated is not None:
        console.print(_cv_table("chosen model after calibration (same folds)", [calibrated]))
    try:
        saved = model.save(out)
    except OSError as error:
        _fail(f"cannot save the model to {out}: {error.strerror or error}")
    console.print(f"saved {model.kind} (calibrated) to {saved}")
    print(
        json.dumps(
            {
                "model_kind": model.kind,
                "path": str(saved),
                "calibrated_cv": _scores_json([calibrated] if calibrated else []),
                "cv": _scores_json(model.comparison),
            }
        )
    )


def _print_evaluation(console: Console, evaluation: LoanEvaluation, model: LoanModel) -> None:
    metrics = Table(title=f"{model.kind} on {evaluation.rows} applications", min_width=48)
    metrics.add_column("metric")
    metrics.add_column("value", justify="right")
    metrics.add_row("accuracy", f"{evaluation.accuracy:.3f}")
    auc = "n/a (one outcome)" if evaluation.roc_auc is None else f"{evaluation.roc_auc:.3f}"
    metrics.add_row("ROC AUC", auc)
    metrics.add_row("Brier score", f"{evaluation.brier:.3f}")
    console.print(metrics)

    c = evaluation.confusion
    confusion = Table(title=f"confusion matrix (approve when p >= {evaluation.threshold})")
    for column in ("actual \\ predicted", "rejected", "approved"):
        confusion.add_column(column, justify="right")
    confusion.add_row("rejected", str(c.true_negative), str(c.false_positive))
    confusion.add_row("approved", str(c.false_negative), str(c.true_positive))
    console.print(confusion)

    for gap in evaluation.gaps:
        groups = Table(title=f"approval rate by {gap.attribute} (not a model input)")
        for column in ("group", "rows", "predicted approval", "actual approval"):
            groups.add_column(column, justify="left" if column == "group" else "right")
        for g in gap.groups:
            groups.add_row(
                g.group,
                str(g.count),
                f"{g.predicted_approval_rate:.1%}",
                f"{g.actual_approval_rate:.1%}",
            )
        groups.caption = f"gap (highest - lowest predicted rate): {gap.gap:.1%}"
        console.print(groups)
    if evaluation.is_training_data:
        console.print(
            "[yellow]note: this is the training data, so these figures are in-sample; "
            "the honest estimate is the cross-validated one saved with the model.[/yellow]"
        )


@app.command()
def evaluate(
    data: Path = DATA_OPTION,
    model_path: Path = typer.Option(
        DEFAULT_MODEL_DIR, "--model", help="Directory of a model saved by `train`."
    ),
) -> None:
    """Accuracy, ROC AUC, Brier score, confusion matrix and approval-rate gaps on a file."""
    try:
        model = LoanModel.load(model_path)
    except ModelFileError as error:
        _fail(str(error))
    applications = _read(data)
    evaluation = evaluate_model(model, applications)
    _print_evaluation(Console(), evaluation, model)
    c = evaluation.confusion
    print(
        json.dumps(
            {
                "accuracy": round(evaluation.accuracy, 4),
                "roc_auc": None if evaluation.roc_auc is None else round(evaluation.roc_auc, 4),
                "brier": round(evaluation.brier, 4),
                "rows": evaluation.rows,
                "model_kind": model.kind,
                "confusion": [
                    [c.true_negative, c.false_positive],
                    [c.false_negative, c.true_positive],
                ],
                "approval_gap": {gap.attribute: round(gap.gap, 4) for gap in evaluation.gaps},
                "in_sample": evaluation.is_training_data,
            }
        )
    )
