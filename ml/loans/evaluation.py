"""Held-out figures for a fitted loan model, with approval-rate gaps across protected groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, brier_score_loss, confusion_matrix, roc_auc_score

from ml.loans.applicant import LabelledApplication
from ml.loans.model import LoanModel, training_fingerprint


@dataclass(frozen=True, slots=True)
class GroupRate:
    group: str
    count: int
    predicted_approval_rate: float
    actual_approval_rate: float


@dataclass(frozen=True, slots=True)
class GroupGap:
    """Predicted approval rates per group of one protected attribute; gap = highest - lowest."""

    attribute: str
    groups: tuple[GroupRate, ...]
    gap: float


@dataclass(frozen=True, slots=True)
class ConfusionCounts:
    true_negative: int
    false_positive: int
    false_negative: int
    true_positive: int


@dataclass(frozen=True, slots=True)
class LoanEvaluation:
    rows: int
    threshold: float
    accuracy: float
    roc_auc: float | None  # None when the file holds only one outcome
    brier: float
    confusion: ConfusionCounts
    gaps: tuple[GroupGap, ...]
    is_training_data: bool  # figures on the training rows are in-sample, not a test result


def _group_gap(
    attribute: str,
    applications: Sequence[LabelledApplication],
    predicted: Sequence[bool],
    group_of: Callable[[LabelledApplication], str],
) -> GroupGap:
    groups: dict[str, list[tuple[bool, bool]]] = {}
    for application, decision in zip(applications, predicted, strict=True):
        groups.setdefault(group_of(application), []).append((decision, application.approved))
    rates = tuple(
        GroupRate(
            group=name,
            count=len(pairs),
            predicted_approval_rate=sum(d for d, _ in pairs) / len(pairs),
            actual_approval_rate=sum(a for _, a in pairs) / len(pairs),
        )
        for name, pairs in sorted(groups.items())
    )
    # "unknown" is reported but not part of the gap: it is missing data, not a group.
    known = [r.predicted_approval_rate for r in rates if r.group != "unknown"]
    return GroupGap(attribute, rates, (max(known) - min(known)) if len(known) > 1 else 0.0)


def _married(application: LabelledApplication) -> str:
    if application.married is None:
        return "unknown"
    return "married" if application.married else "not married"


def evaluate_model(
    model: LoanModel, applications: Sequence[LabelledApplication], threshold: float = 0.5
) -> LoanEvaluation:
    """Accuracy, ROC AUC, Brier score and confusion counts at `threshold`, plus group gaps."""
    if not applications:
        raise ValueError("no applications to evaluate")
    probabilities = np.asarray(model.approval_probabilities([a.applicant for a in applications]))
    actual = np.asarray([int(a.approved) for a in applications])
    predicted = probabilities >= threshold
    tn, fp, fn, tp = confusion_matrix(actual, predicted.astype(int), labels=[0, 1]).ravel()
    both_outcomes = len(set(actual.tolist())) == 2
    decisions = [bool(p) for p in predicted]
    return LoanEvaluation(
        rows=len(applications),
        threshold=threshold,
        accuracy=float(accuracy_score(actual, predicted.astype(int))),
        roc_auc=float(roc_auc_score(actual, probabilities)) if both_outcomes else None,
        brier=float(brier_score_loss(actual, probabilities)),
        confusion=ConfusionCounts(int(tn), int(fp), int(fn), int(tp)),
        gaps=(
            _group_gap("gender", applications, decisions, lambda a: a.gender or "unknown"),
            _group_gap("married", applications, decisions, _married),
        ),
        is_training_data=(model.metadata.get("training_fingerprint") == training_fingerprint(applications)),
    )
