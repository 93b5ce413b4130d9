"""Applicants to a numeric matrix, engineered ratios, and the preprocessing fitted inside CV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from ml.loans.applicant import PROPERTY_AREAS, Applicant

Matrix = npt.NDArray[np.float64]

# Columns of the raw matrix; missing values stay NaN so that imputation is learnt per CV fold.
RAW_FEATURES: tuple[str, ...] = (
    "applicant_income", "coapplicant_income", "loan_amount_thousands", "loan_term_months",
    "credit_history", "dependents", "graduate", "self_employed", "property_area",
)  # fmt: skip
_COL = {name: index for index, name in enumerate(RAW_FEATURES)}

ENGINEERED_FEATURES: tuple[str, ...] = (
    "log_applicant_income", "log_coapplicant_income", "log_total_income", "log_loan_amount",
    "log_loan_to_annual_income", "log_instalment_to_income",
)  # fmt: skip
FEATURE_NAMES: tuple[str, ...] = RAW_FEATURES + ENGINEERED_FEATURES

# Heavy-tailed money columns enter only through logs and ratios: trees do not care, and the
# linear model is not dragged around by a handful of very large incomes.
NUMERIC_FEATURES: tuple[str, ...] = ("loan_term_months", "dependents", *ENGINEERED_FEATURES)
BINARY_FEATURES: tuple[str, ...] = ("graduate", "self_employed")
CATEGORICAL_FEATURES: tuple[str, ...] = ("credit_history", "property_area")

# A nominal rate only to turn amount and term into a comparable monthly burden; the real APR
# is priced later from the approval probability (ml/loans/offers.py).
NOMINAL_MONTHLY_RATE = 0.09 / 12


def _flag(value: bool | None) -> float:
    return float("nan") if value is None else float(value)


def applicants_to_matrix(applicants: Sequence[Applicant]) -> Matrix:
    """The raw feature matrix (columns RAW_FEATURES) for a batch of applicants."""
    rows = [
        (
            float(a.applicant_income),
            float(a.coapplicant_income),
            float("nan") if a.loan_amount is None else float(a.loan_amount) / 1000.0,
            float("nan") if a.loan_term_months is None else float(a.loan_term_months),
            _flag(a.credit_history),
            float("nan") if a.dependents is None else float(min(a.dependents, 3)),
            float(a.graduate),
            _flag(a.self_employed),
            float(PROPERTY_AREAS.index(a.property_area)),
        )
        for a in applicants
    ]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(RAW_FEATURES))


class LoanFeatureBuilder(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Appends log incomes, loan-to-income and estimated instalment-to-income; stateless."""

    def fit(self, x: Matrix, y: Any = None) -> LoanFeatureBuilder:
        return self

    def transform(self, x: Matrix) -> Matrix:
        income = x[:, _COL["applicant_income"]]
        coincome = x[:, _COL["coapplicant_income"]]
        amount = x[:, _COL["loan_amount_thousands"]] * 1000.0
        term = x[:, _COL["loan_term_months"]]
        # A zero total income would divide by zero; one unit a month is "no income" all the same.
        total = np.maximum(income + coincome, 1.0)
        rate = NOMINAL_MONTHLY_RATE
        with np.errstate(invalid="ignore"):
            instalment = amount * rate / (1.0 - (1.0 + rate) ** -term)  # NaN where term unknown
        engineered = np.column_stack(
            [
                np.log1p(income),
                np.log1p(coincome),
                np.log1p(total),
                np.log1p(amount),
                np.log1p(amount / (12.0 * total)),
                np.log1p(instalment / total),
            ]
        )
        return np.hstack([x, engineered])


def _indices(names: Sequence[str]) -> list[int]:
    return [FEATURE_NAMES.index(name) for name in names]


def build_preprocessor() -> Pipeline:
    """Feature engineering, imputation, encoding and scaling as one unfitted pipeline."""
    numeric = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    # Unknown credit history is its own category (-1), never silently "meets the guidelines".
    categorical = Pipeline(
        [
            ("impute", SimpleImputer(strategy="constant", fill_value=-1.0)),
            ("encode", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
        ]
    )
    encode = ColumnTransformer(
        [
            ("numeric", numeric, _indices(NUMERIC_FEATURES)),
            ("binary", SimpleImputer(strategy="most_frequent"), _indices(BINARY_FEATURES)),
            ("categorical", categorical, _indices(CATEGORICAL_FEATURES)),
        ],
        remainder="drop",
    )
    return Pipeline([("engineer", LoanFeatureBuilder()), ("encode", encode)])
