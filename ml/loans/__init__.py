"""Loan approval: applicant features, the calibrated approval model, evaluation and offers."""

from ml.loans.applicant import (
    Applicant,
    ApplicationFile,
    ApplicationFileError,
    LabelledApplication,
    PropertyArea,
    read_application_file,
    read_applications,
)
from ml.loans.comparison import ComparisonConfig, CVScores, ModelKind
from ml.loans.evaluation import LoanEvaluation, evaluate_model
from ml.loans.model import (
    DEFAULT_MODEL_DIR,
    ApprovedAmount,
    LoanModel,
    LoanModelConfig,
    ModelFileError,
)

__all__ = [
    "DEFAULT_MODEL_DIR",
    "Applicant",
    "ApplicationFile",
    "ApplicationFileError",
    "ApprovedAmount",
    "CVScores",
    "ComparisonConfig",
    "LabelledApplication",
    "LoanEvaluation",
    "LoanModel",
    "LoanModelConfig",
    "ModelFileError",
    "ModelKind",
    "PropertyArea",
    "evaluate_model",
    "read_application_file",
    "read_applications",
]
