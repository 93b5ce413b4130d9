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
    ApplicationFile,
    ApplicationFileError,
    CVScores,
    LoanEvaluation,
    LoanModel,
    ModelFileError,
    evaluate_model,
    read_application_file,
)
from ml.loans.comparison import ComparisonConfig, compare_models
from ml.loans.features import applicants_to_matrix

app = typer.Typer(
    help="Loan approval model: repeated CV comparison with baselines, calibrated training, evaluation.",
    no_args_is_help=True,
)

DATA_OPTION = typer.Option(..., "--data", help="Kaggle loan-status CSV (Loan_Status Y/N).")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


def _read(path: Path) -> ApplicationFile:
    """The usable rows; what was missing (imputed by the model) and what was skipped is said."""
    try:
        file = read_application_file(path)
    except ApplicationFileError as error:
        _fail(str(error))
    console = Console(stderr=True, soft_wrap=True)
    gaps = ", ".join(f"{column} {count}" for column, count in file.missing.items() if count)
    console.print(
        f"{len(file.rows)} applications read"
        + (f"; blanks imputed by the model: {gaps}" if gaps else "")
        + (f"; {len(file.skipped)} rows skipped (cannot be scored)" if file.skipped else "")
    )
    for line, reason in file.skipped[:20]:
        console.print(f"  skipped line {line}: {reason}")
    if len(file.skipped) > 20:
        console.print(f"  ... and {len(file.skipped) - 20} more")
    if not file.rows:
        _fail(f"{path} holds no applications that can be scored")
    return file


def _file_json(file: ApplicationFile) -> dict[str, Any]:
    return {"missing": {k: v for k, v in file.missing.items() if v}, "skipped_rows": len(file.skipped)}


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
    """Repeated stratified CV (5 x 5 folds, mean ± standard deviation) of random forest, logistic
    regression and gradient boosting against three baselines in the same run: the majority class,
    Credit_History alone, and a plain random forest on the raw columns (preprocessing refitted
    inside every fold)."""
    file = _read(data)
    applications = file.rows
    x = applicants_to_matrix([a.applicant for a in applications])
    y = np.asarray([int(a.approved) for a in applications])
    config = ComparisonConfig()
    scores = compare_models(x, y, config)
    Console().print(_cv_table(f"{_cv_name(config)}, {len(y)} applications", scores))
    print(
        json.dumps(
            {
                "rows": len(y),
                "folds": config.folds,
                "repeats": config.repeats,
                **_file_json(file),
                "cv": _scores_json(scores),
            }
        )
    )


def _cv_name(config: ComparisonConfig) -> str:
    return f"{config.repeats} x {config.folds}-fold stratified CV"


@app.command()
def train(
    data: Path = DATA_OPTION,
    out: Path = typer.Option(DEFAULT_MODEL_DIR, "--out", help="Directory to save the model in."),
) -> None:
    """Compare the models, calibrate the chosen one, fit it on all rows and save it."""
    file = _read(data)
    applications = file.rows
    model = LoanModel().fit(applications)
    console = Console()
    console.print(
        _cv_table(
            f"{_cv_name(model.config.comparison)}, {len(applications)} applications (* chosen)",
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
                **_file_json(file),
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
    file = _read(data)
    applications = file.rows
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
                **_file_json(file),
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
