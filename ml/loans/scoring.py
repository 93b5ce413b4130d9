"""A numpy replay of the fitted loan pipeline, for sub-millisecond single predictions.

scikit-learn spends milliseconds per call on validation, tags and (without pandas installed)
failed `import pandas` attempts, which is most of the cost of scoring one applicant. The replay
reads the fitted parameters once and applies the same arithmetic; `compile_scorer` checks it
against scikit-learn on probe applicants and declines (returns None) on any mismatch, so the
caller falls back to the slow path rather than ever serving a different probability.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ml.loans.applicant import Applicant, PropertyArea
from ml.loans.features import LoanFeatureBuilder, Matrix, applicants_to_matrix

Step = Callable[[Matrix], Matrix]

# Data-free probes covering each category, missing values and extreme incomes.
_PROBE_ROWS: list[
    tuple[str, str, str, int | None, bool | None, int | None, bool, bool | None, PropertyArea]
] = [
    ("4500", "1500", "120000", 360, True, 0, True, False, "Urban"),
    ("2000", "0", "90000", 180, False, 1, False, True, "Rural"),
    ("9000", "3000", "300000", None, None, None, True, None, "Semiurban"),
    ("150", "0", "5000", 12, True, 3, False, False, "Rural"),
    ("80000", "40000", "700000", 480, None, 2, True, True, "Urban"),
    ("0", "0", "1000", 84, False, None, False, None, "Semiurban"),
]
PROBE_APPLICANTS: tuple[Applicant, ...] = tuple(
    Applicant(
        applicant_income=Decimal(income),
        coapplicant_income=Decimal(coincome),
        loan_amount=Decimal(amount),
        loan_term_months=term,
        credit_history=history,
        dependents=dependents,
        graduate=graduate,
        self_employed=self_employed,
        property_area=area,
    )
    for income, coincome, amount, term, history, dependents, graduate, self_employed, area in (_PROBE_ROWS)
)


def _numeric(step: Pipeline) -> Step:
    impute, scale = step.named_steps["impute"], step.named_steps["scale"]
    fill, mean, spread = impute.statistics_, scale.mean_, scale.scale_
    return lambda x: (np.where(np.isnan(x), fill, x) - mean) / spread


def _binary(step: Any) -> Step:
    fill = step.statistics_
    return lambda x: np.where(np.isnan(x), fill, x)


def _categorical(step: Pipeline) -> Step:
    fill = step.named_steps["impute"].statistics_
    categories = step.named_steps["encode"].categories_

    def encode(x: Matrix) -> Matrix:
        filled = np.where(np.isnan(x), fill, x)
        return np.hstack(
            [(filled[:, [j]] == levels[None, :]).astype(np.float64) for j, levels in enumerate(categories)]
        )

    return encode


_STEP_BUILDERS: dict[str, Callable[[Any], Step]] = {
    "numeric": _numeric,
    "binary": _binary,
    "categorical": _categorical,
}


@dataclass(frozen=True, slots=True)
class FastScorer:
    steps: tuple[tuple[Step, list[int]], ...]
    score: Callable[[Matrix], Matrix]
    calibrate: Callable[[Matrix], Matrix]

    def probabilities(self, raw: Matrix) -> Matrix:
        features = LoanFeatureBuilder().transform(raw)
        encoded = np.hstack([step(features[:, columns]) for step, columns in self.steps])
        return self.calibrate(self.score(encoded))


def _build(estimator: CalibratedClassifierCV) -> FastScorer:
    (calibrated,) = estimator.calibrated_classifiers_  # ensemble=False: exactly one
    (calibrator,) = calibrated.calibrators
    pipeline: Pipeline = calibrated.estimator
    encode = pipeline.named_steps["features"].named_steps["encode"]
    steps = tuple(
        (_STEP_BUILDERS[name](step), list(columns))
        for name, step, columns in encode.transformers_
        if name != "remainder"
    )
    classifier = pipeline.named_steps["model"]
    score: Callable[[Matrix], Matrix]
    if isinstance(classifier, LogisticRegression):
        weights, bias = classifier.coef_[0], float(classifier.intercept_[0])
        score = lambda x: x @ weights + bias  # noqa: E731
    elif hasattr(classifier, "decision_function"):
        score = classifier.decision_function
    else:
        score = lambda x: classifier.predict_proba(x)[:, 1]  # noqa: E731
    calibrate: Callable[[Matrix], Matrix]
    if estimator.method == "sigmoid":
        a, b = float(calibrator.a_), float(calibrator.b_)
        calibrate = lambda t: expit(-(a * t + b))  # noqa: E731
    else:
        calibrate = calibrator.predict
    return FastScorer(steps, score, calibrate)


def compile_scorer(estimator: CalibratedClassifierCV) -> FastScorer | None:
    """The replay of `estimator`, or None where its structure or its answers differ."""
    try:
        scorer = _build(estimator)
        probe = applicants_to_matrix(PROBE_APPLICANTS)
        expected = estimator.predict_proba(probe)[:, 1]
        matches = np.allclose(scorer.probabilities(probe), expected, rtol=0.0, atol=1e-9)
    except (AttributeError, KeyError, ValueError, TypeError):
        return None
    return scorer if matches else None
