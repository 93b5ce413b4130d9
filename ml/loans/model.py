"""The loan approval model: choose by CV, calibrate, fit on all rows, save and load safely."""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import sklearn
from sklearn.calibration import CalibratedClassifierCV

from ml.loans.applicant import CENT, Applicant, LabelledApplication
from ml.loans.comparison import (
    CANDIDATE_KINDS,
    ComparisonConfig,
    CVScores,
    ModelKind,
    build_calibrated,
    choose_kind,
    compare_models,
    cross_validate_estimator,
)
from ml.loans.features import FEATURE_NAMES, RAW_FEATURES, applicants_to_matrix
from ml.loans.scoring import FastScorer, compile_scorer
from ml.model_files import write_atomically

FORMAT_VERSION = 1
MODEL_FILE = "loan_model.pkl"
METADATA_FILE = "loan_model.json"
DEFAULT_MODEL_DIR = Path("var/models/loan")
PROTECTED_ATTRIBUTES = ("gender", "married")


class ModelFileError(Exception):
    """A saved loan model is missing, corrupt, or was written by an incompatible version."""


@dataclass(frozen=True, slots=True)
class LoanModelConfig:
    comparison: ComparisonConfig = field(default_factory=ComparisonConfig)
    # Grid points of the max-amount search: one batch of this many predictions.
    amount_grid_points: int = 64


@dataclass(frozen=True, slots=True)
class ApprovedAmount:
    amount: Decimal
    probability: float


def training_fingerprint(applications: Sequence[LabelledApplication]) -> str:
    """A hash of the labelled rows, so evaluation can tell when it is looking at training data."""
    digest = hashlib.sha256()
    for application in applications:
        digest.update(repr((application.applicant, application.approved)).encode())
    return digest.hexdigest()


def _labels(applications: Sequence[LabelledApplication]) -> npt.NDArray[np.int_]:
    return np.asarray([int(a.approved) for a in applications], dtype=np.int_)


def _sklearn_series(version: str) -> str:
    return ".".join(version.split(".")[:2])


class LoanModel:
    """Calibrated approval probability for an `Applicant`; gender and marital status unused.

    Load once per process and share: predictions only read the fitted estimator.
    """

    def __init__(self, config: LoanModelConfig | None = None) -> None:
        self.config = config or LoanModelConfig()
        self._estimator: CalibratedClassifierCV | None = None
        self._scorer: FastScorer | None = None
        self.metadata: dict[str, Any] = {}

    @property
    def kind(self) -> str:
        return str(self.metadata.get("model_kind", "unfitted"))

    @property
    def comparison(self) -> list[CVScores]:
        return [CVScores(**row) for row in self.metadata.get("cv", {}).get("comparison", [])]

    @property
    def calibrated_scores(self) -> CVScores | None:
        row = self.metadata.get("cv", {}).get("chosen_calibrated")
        return CVScores(**row) if row else None

    def fit(self, applications: Sequence[LabelledApplication], kind: ModelKind | None = None) -> LoanModel:
        """Compare the candidates by CV (unless `kind` is given), then calibrate and fit on all.

        The chosen model's calibrated pipeline is cross-validated again as a whole, so the
        figures saved with it describe what is shipped, not the uncalibrated candidate.
        """
        cfg = self.config.comparison
        x = applicants_to_matrix([a.applicant for a in applications])
        y = _labels(applications)
        comparison: list[CVScores] = []
        if kind is None:
            comparison = compare_models(x, y, cfg)
            kind = choose_kind(comparison, cfg.folds)
        if kind not in CANDIDATE_KINDS:
            raise ValueError(f"{kind!r} is not a candidate model ({', '.join(CANDIDATE_KINDS)})")
        chosen = cross_validate_estimator(kind, build_calibrated(kind, cfg), x, y, cfg)
        estimator = build_calibrated(kind, cfg)
        estimator.fit(x, y)
        self._use(estimator)
        self.metadata = {
            "format_version": FORMAT_VERSION,
            "model_kind": kind,
            "calibration": cfg.calibration,
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "sklearn_version": sklearn.__version__,
            "raw_features": list(RAW_FEATURES),
            "features": list(FEATURE_NAMES),
            "excluded_protected_attributes": list(PROTECTED_ATTRIBUTES),
            "training_rows": len(applications),
            "training_approval_rate": float(y.mean()) if len(y) else None,
            "training_fingerprint": training_fingerprint(applications),
            "cv": {
                "folds": cfg.folds,
                "seed": cfg.seed,
                "comparison": [s.as_dict() for s in comparison],
                "chosen_calibrated": chosen.as_dict(),
            },
        }
        return self

    def _use(self, estimator: CalibratedClassifierCV) -> None:
        self._estimator = estimator
        self._scorer = compile_scorer(estimator)

    @property
    def uses_fast_path(self) -> bool:
        """Whether predictions run the verified numpy replay rather than scikit-learn."""
        return self._scorer is not None

    def _fitted(self) -> CalibratedClassifierCV:
        if self._estimator is None:
            raise RuntimeError("the loan model is not fitted: call fit() or LoanModel.load()")
        return self._estimator

    def approval_probabilities(self, applicants: Sequence[Applicant]) -> list[float]:
        """Calibrated probabilities of approval, one per applicant, in one batch."""
        if not applicants:
            return []
        estimator = self._fitted()
        matrix = applicants_to_matrix(applicants)
        if self._scorer is not None:
            probabilities = self._scorer.probabilities(matrix)
        else:
            probabilities = estimator.predict_proba(matrix)[:, 1]
        return [float(p) for p in probabilities]

    def approval_probability(self, applicant: Applicant) -> float:
        return self.approval_probabilities([applicant])[0]

    def max_approved_amount(
        self,
        applicant: Applicant,
        threshold: float,
        lo: Decimal,
        hi: Decimal,
        step: Decimal = CENT,
    ) -> ApprovedAmount | None:
        """The largest amount on an even grid over [lo, hi] whose probability reaches threshold.

        The whole grid is scored in one batch rather than bisected: nothing guarantees that the
        probability falls as the amount grows (trees and ratio features can bend it), so a
        bisection could step over an approvable amount. Grid amounts are rounded down to
        `step` (e.g. Decimal(100) for round offers). None if no grid amount qualifies.
        """
        if lo <= 0 or hi < lo:
            raise ValueError(f"need 0 < lo <= hi, got lo={lo}, hi={hi}")
        points = max(self.config.amount_grid_points, 2)
        span = hi - lo
        amounts = sorted(
            {
                max(
                    lo,
                    ((lo + span * i / (points - 1)) / step).to_integral_value("ROUND_FLOOR") * step,
                ).quantize(CENT)
                for i in range(points)
            }
        )
        probabilities = self.approval_probabilities([applicant.with_amount(a) for a in amounts])
        approved = [
            ApprovedAmount(amount, p)
            for amount, p in zip(amounts, probabilities, strict=True)
            if p >= threshold
        ]
        return approved[-1] if approved else None

    def save(self, path: Path = DEFAULT_MODEL_DIR) -> Path:
        """Write the model and its metadata JSON into directory `path`, each file atomically.

        The metadata carries the model file's SHA-256, so a model and metadata from different
        saves (or a truncated copy) are refused on load rather than silently mixed.
        """
        estimator = self._fitted()
        path.mkdir(parents=True, exist_ok=True)
        blob = pickle.dumps(estimator, protocol=pickle.HIGHEST_PROTOCOL)
        metadata = {**self.metadata, "model_sha256": hashlib.sha256(blob).hexdigest()}
        write_atomically(path / MODEL_FILE, blob)
        write_atomically(path / METADATA_FILE, (json.dumps(metadata, indent=2) + "\n").encode("utf-8"))
        self.metadata = metadata
        return path

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL_DIR, config: LoanModelConfig | None = None) -> LoanModel:
        """A saved model; ModelFileError says what is wrong and what to do about it.

        The model file is a pickle: load only files this project wrote (it can run code).
        """
        model_path, metadata_path = path / MODEL_FILE, path / METADATA_FILE
        if not model_path.is_file() or not metadata_path.is_file():
            raise ModelFileError(
                f"no loan model at {path} (expected {MODEL_FILE} and {METADATA_FILE}); "
                "train one with `mall loan train --data FILE`"
            )
        try:
            metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
            blob = model_path.read_bytes()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelFileError(f"loan model metadata at {metadata_path} is unreadable: {error}") from error
        if not isinstance(metadata, dict):
            raise ModelFileError(f"loan model metadata at {metadata_path} is not a JSON object")
        if metadata.get("format_version") != FORMAT_VERSION:
            raise ModelFileError(
                f"loan model at {path} has format version {metadata.get('format_version')!r}, "
                f"this code reads version {FORMAT_VERSION}; retrain it"
            )
        saved_series = _sklearn_series(str(metadata.get("sklearn_version", "")))
        if saved_series != _sklearn_series(sklearn.__version__):
            raise ModelFileError(
                f"loan model at {path} was saved with scikit-learn "
                f"{metadata.get('sklearn_version')}, this process runs {sklearn.__version__}; "
                "retrain it"
            )
        if hashlib.sha256(blob).hexdigest() != metadata.get("model_sha256"):
            raise ModelFileError(
                f"loan model file {model_path} does not match its metadata (corrupt or from "
                "another save); retrain it"
            )
        try:
            estimator = pickle.loads(blob)
        except Exception as error:  # any unpickling failure means the same thing to the caller
            raise ModelFileError(f"loan model file {model_path} cannot be read: {error}") from error
        if not isinstance(estimator, CalibratedClassifierCV):
            raise ModelFileError(f"{model_path} holds a {type(estimator).__name__}, not a loan model")
        model = cls(config)
        model._use(estimator)
        model.metadata = metadata
        return model
