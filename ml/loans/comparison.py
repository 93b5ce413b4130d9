"""Candidate loan classifiers compared by repeated stratified k-fold CV against plain baselines,
preprocessing inside each fold."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from sklearn.base import ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from ml.loans.features import RAW_FEATURES, build_preprocessor

ModelKind = Literal[
    "random_forest",
    "logistic_regression",
    "gradient_boosting",
    "majority_class",
    "credit_history_only",
    "plain_random_forest",
]
CANDIDATE_KINDS: tuple[ModelKind, ...] = (
    "random_forest", "logistic_regression", "gradient_boosting",
)  # fmt: skip
BASELINE_KIND: ModelKind = "majority_class"
# what a candidate must beat to be worth its features: the base rate, the one column lenders
# look at first, and scikit-learn's random forest on the raw columns as they come
BASELINE_KINDS: tuple[ModelKind, ...] = ("majority_class", "credit_history_only", "plain_random_forest")
# Fewest moving parts first: the tie-break when candidates score alike.
SIMPLICITY_ORDER: tuple[ModelKind, ...] = (
    "logistic_regression", "gradient_boosting", "random_forest",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ComparisonConfig:
    folds: int = 5
    # 5 x 5 folds: with a few hundred rows one split's figures move by several points
    repeats: int = 5
    seed: int = 20240601
    # Sigmoid, not isotonic: a few hundred rows are too few for a step function to generalise.
    calibration: Literal["sigmoid", "isotonic"] = "sigmoid"


@dataclass(frozen=True, slots=True)
class CVScores:
    """Mean and standard deviation over the folds (of every repeat) of one model."""

    kind: str
    accuracy_mean: float
    accuracy_std: float
    roc_auc_mean: float
    roc_auc_std: float
    brier_mean: float
    brier_std: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _classifier(kind: ModelKind, seed: int) -> ClassifierMixin:
    # No class weighting: the classes are 71/29, and reweighting would bias the probabilities
    # that price the loan; calibration and the decision threshold handle the rest.
    factories: dict[ModelKind, Callable[[], ClassifierMixin]] = {
        "random_forest": lambda: RandomForestClassifier(
            n_estimators=300, min_samples_leaf=5, max_features="sqrt", random_state=seed
        ),
        "logistic_regression": lambda: LogisticRegression(C=0.5, max_iter=1000),
        "gradient_boosting": lambda: GradientBoostingClassifier(
            n_estimators=150, max_depth=2, learning_rate=0.05, subsample=0.8, random_state=seed
        ),
        # "prior" predicts the majority class but reports the class share as its probability,
        # which gives the honest Brier score of knowing nothing but the base rate.
        "majority_class": lambda: DummyClassifier(strategy="prior"),
    }
    return factories[kind]()


def _baseline_pipeline(kind: ModelKind, seed: int) -> Pipeline:
    if kind == "credit_history_only":
        column = RAW_FEATURES.index("credit_history")
        only = ColumnTransformer(
            [
                (
                    "credit_history",
                    Pipeline(
                        [
                            ("impute", SimpleImputer(strategy="constant", fill_value=-1.0)),
                            ("encode", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
                        ]
                    ),
                    [column],
                )
            ],
            remainder="drop",
        )
        return Pipeline([("features", only), ("model", LogisticRegression(max_iter=1000))])
    # plain_random_forest: the raw columns, medians for the blanks, scikit-learn's defaults
    return Pipeline(
        [
            ("features", SimpleImputer(strategy="median")),
            ("model", RandomForestClassifier(random_state=seed)),
        ]
    )


def build_pipeline(kind: ModelKind, seed: int) -> Pipeline:
    """Preprocessing and classifier as one estimator, so CV refits both on each training fold."""
    if kind in ("credit_history_only", "plain_random_forest"):
        return _baseline_pipeline(kind, seed)
    return Pipeline([("features", build_preprocessor()), ("model", _classifier(kind, seed))])


def build_calibrated(kind: ModelKind, config: ComparisonConfig) -> CalibratedClassifierCV:
    """The pipeline wrapped in probability calibration fitted on out-of-fold predictions.

    ensemble=False keeps one pipeline fitted on all rows plus one calibrator, so a prediction
    runs a single pipeline (fast), while the calibrator still only sees out-of-fold scores.
    """
    folds = StratifiedKFold(n_splits=config.folds, shuffle=True, random_state=config.seed)
    return CalibratedClassifierCV(
        build_pipeline(kind, config.seed), method=config.calibration, cv=folds, ensemble=False
    )


def cross_validate_estimator(
    kind: str,
    estimator: Any,
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.int_],
    config: ComparisonConfig,
) -> CVScores:
    folds = RepeatedStratifiedKFold(n_splits=config.folds, n_repeats=config.repeats, random_state=config.seed)
    result = cross_validate(
        estimator,
        x,
        y,
        cv=folds,
        scoring={"accuracy": "accuracy", "roc_auc": "roc_auc", "brier": "neg_brier_score"},
        n_jobs=1,  # two shared cores: parallel folds would only fight the other tenants
        error_score="raise",
    )
    brier = -result["test_brier"]
    return CVScores(
        kind=kind,
        accuracy_mean=float(np.mean(result["test_accuracy"])),
        accuracy_std=float(np.std(result["test_accuracy"])),
        roc_auc_mean=float(np.mean(result["test_roc_auc"])),
        roc_auc_std=float(np.std(result["test_roc_auc"])),
        brier_mean=float(np.mean(brier)),
        brier_std=float(np.std(brier)),
    )


def compare_models(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.int_],
    config: ComparisonConfig | None = None,
    kinds: Sequence[ModelKind] = (*CANDIDATE_KINDS, *BASELINE_KINDS),
) -> list[CVScores]:
    """CV scores of each model kind on the same folds, the baselines in the same run."""
    config = config or ComparisonConfig()
    return [cross_validate_estimator(kind, build_pipeline(kind, config.seed), x, y, config) for kind in kinds]


def choose_kind(scores: Sequence[CVScores], folds: int = 5) -> ModelKind:
    """The simplest candidate whose mean Brier score is within one standard error of the best.

    The probability, not just the yes/no, prices the loan and bounds the amount, so the choice
    rests on the Brier score (calibration and discrimination together). With a few hundred rows
    the candidates usually differ by far less than the fold-to-fold noise; the one-standard-error
    rule then prefers the model that is easiest to explain and fastest to query. The baseline
    never wins.
    """
    candidates = {s.kind: s for s in scores if s.kind in CANDIDATE_KINDS}
    if not candidates:
        raise ValueError("no candidate model among the scores")
    best = min(candidates.values(), key=lambda s: s.brier_mean)
    tolerance = best.brier_std / math.sqrt(folds)
    return next(
        kind
        for kind in SIMPLICITY_ORDER
        if kind in candidates and candidates[kind].brier_mean <= best.brier_mean + tolerance
    )
