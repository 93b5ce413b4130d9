"""The loan model: no leakage, protected attributes unused, safe files, amount search."""

from __future__ import annotations

import json
import random
from dataclasses import fields, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline

from ml.loans import (
    Applicant,
    LabelledApplication,
    LoanModel,
    ModelFileError,
    evaluate_model,
    read_applications,
)
from ml.loans.comparison import (
    BASELINE_KIND,
    ComparisonConfig,
    CVScores,
    build_pipeline,
    choose_kind,
    compare_models,
)
from ml.loans.features import applicants_to_matrix
from ml.loans.model import METADATA_FILE, MODEL_FILE
from tests.ml.loan_factories import make_applicant, make_applications


@pytest.fixture(scope="module")
def applications() -> list[LabelledApplication]:
    return make_applications()


@pytest.fixture(scope="module")
def fitted(applications: list[LabelledApplication]) -> LoanModel:
    return LoanModel().fit(applications, kind="logistic_regression")


def _xy(applications: list[LabelledApplication]) -> tuple[np.ndarray, np.ndarray]:
    x = applicants_to_matrix([a.applicant for a in applications])
    return x, np.asarray([int(a.approved) for a in applications])


def test_preprocessing_lives_inside_the_cv_pipeline() -> None:
    pipeline = build_pipeline("logistic_regression", seed=1)
    assert [name for name, _ in pipeline.steps] == ["features", "model"]
    encode = pipeline.named_steps["features"].named_steps["encode"]
    numeric = {name: step for name, step, _ in encode.transformers}["numeric"]
    assert isinstance(numeric, Pipeline)
    assert isinstance(numeric.named_steps["impute"], SimpleImputer)


def test_cv_receives_raw_rows_with_missing_values(applications: list[LabelledApplication]) -> None:
    # If imputation happened before the split, the matrix handed to CV would hold no NaN.
    x, _ = _xy(applications)
    assert np.isnan(x).any()


def test_shuffled_labels_score_no_better_than_chance(
    applications: list[LabelledApplication],
) -> None:
    # Leakage (e.g. resampling before the split) shows up as skill on labels that carry none.
    x, y = _xy(applications)
    shuffled = np.random.default_rng(3).permutation(y)
    scores = compare_models(x, shuffled, ComparisonConfig(), kinds=("logistic_regression",))
    assert scores[0].roc_auc_mean < 0.65


def test_model_beats_majority_baseline_on_synthetic_rules(
    applications: list[LabelledApplication],
) -> None:
    x, y = _xy(applications)
    model, baseline = compare_models(x, y, kinds=("logistic_regression", BASELINE_KIND))
    assert baseline.roc_auc_mean == pytest.approx(0.5)
    assert model.roc_auc_mean > 0.75
    assert model.brier_mean < baseline.brier_mean


def test_choice_prefers_the_simpler_model_within_noise() -> None:
    def scores(kind: str, brier: float) -> CVScores:
        return CVScores(kind, 0.8, 0.03, 0.8, 0.05, brier, 0.02)

    close = [scores("random_forest", 0.130), scores("logistic_regression", 0.133)]
    assert choose_kind(close) == "logistic_regression"
    apart = [scores("random_forest", 0.100), scores("logistic_regression", 0.133)]
    assert choose_kind(apart) == "random_forest"
    assert choose_kind([*close, scores(BASELINE_KIND, 0.01)]) == "logistic_regression"


def test_applicant_has_no_protected_attributes() -> None:
    names = {f.name for f in fields(Applicant)}
    assert not names & {"gender", "married", "marital_status"}


def test_protected_attributes_do_not_change_the_probability(
    applications: list[LabelledApplication], fitted: LoanModel
) -> None:
    # Train again on the same rows with gender and marital status scrambled: same model.
    rng = random.Random(11)
    scrambled = [
        replace(a, gender=rng.choice(["Male", "Female"]), married=rng.random() < 0.5) for a in applications
    ]
    other = LoanModel().fit(scrambled, kind="logistic_regression")
    probes = [a.applicant for a in applications[:20]]
    assert other.approval_probabilities(probes) == fitted.approval_probabilities(probes)


def test_better_credit_history_raises_the_probability(fitted: LoanModel) -> None:
    good = fitted.approval_probability(make_applicant(credit_history=True))
    bad = fitted.approval_probability(make_applicant(credit_history=False))
    assert good > bad


def test_batch_matches_single_predictions(fitted: LoanModel) -> None:
    applicants = [make_applicant(loan_amount=Decimal(k * 10000)) for k in range(1, 6)]
    batch = fitted.approval_probabilities(applicants)
    assert batch == pytest.approx([fitted.approval_probability(a) for a in applicants], abs=1e-12)
    assert all(0.0 <= p <= 1.0 for p in batch)


def test_fast_path_agrees_with_scikit_learn(
    applications: list[LabelledApplication], fitted: LoanModel
) -> None:
    assert fitted.uses_fast_path
    x, _ = _xy(applications)
    expected = fitted._fitted().predict_proba(x)[:, 1]
    actual = fitted.approval_probabilities([a.applicant for a in applications])
    np.testing.assert_allclose(actual, expected, atol=1e-12)


def test_save_load_round_trip_gives_identical_probabilities(
    fitted: LoanModel, applications: list[LabelledApplication], tmp_path: Path
) -> None:
    fitted.save(tmp_path)
    loaded = LoanModel.load(tmp_path)
    probes = [a.applicant for a in applications]
    assert loaded.approval_probabilities(probes) == fitted.approval_probabilities(probes)
    metadata = json.loads((tmp_path / METADATA_FILE).read_text())
    assert metadata["model_kind"] == "logistic_regression"
    assert "gender" not in metadata["features"]
    assert metadata["sklearn_version"]
    assert metadata["cv"]["chosen_calibrated"]["roc_auc_mean"] > 0.5
    assert not list(tmp_path.glob("*.tmp"))


def test_missing_model_is_a_model_file_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no loan model"):
        LoanModel.load(tmp_path / "nowhere")


def test_corrupt_model_file_is_a_model_file_error(fitted: LoanModel, tmp_path: Path) -> None:
    fitted.save(tmp_path)
    (tmp_path / MODEL_FILE).write_bytes(b"not a pickle")
    with pytest.raises(ModelFileError, match="does not match"):
        LoanModel.load(tmp_path)


def test_corrupt_metadata_is_a_model_file_error(fitted: LoanModel, tmp_path: Path) -> None:
    fitted.save(tmp_path)
    (tmp_path / METADATA_FILE).write_text("{truncated")
    with pytest.raises(ModelFileError, match="unreadable"):
        LoanModel.load(tmp_path)


def test_other_sklearn_version_is_a_model_file_error(fitted: LoanModel, tmp_path: Path) -> None:
    fitted.save(tmp_path)
    metadata = json.loads((tmp_path / METADATA_FILE).read_text())
    metadata["sklearn_version"] = "0.24.2"
    (tmp_path / METADATA_FILE).write_text(json.dumps(metadata))
    with pytest.raises(ModelFileError, match="scikit-learn 0.24.2"):
        LoanModel.load(tmp_path)


def test_max_amount_is_the_largest_grid_amount_over_threshold(fitted: LoanModel) -> None:
    applicant = make_applicant()
    found = fitted.max_approved_amount(applicant, 0.5, Decimal(10000), Decimal(2000000), step=Decimal(1000))
    assert found is not None
    assert found.probability >= 0.5
    assert found.amount % 1000 == 0
    assert fitted.approval_probability(applicant.with_amount(found.amount)) == pytest.approx(
        found.probability
    )


class _NonMonotone(LoanModel):
    """Approves small and large amounts but not the middle: bisection would miss the top."""

    calls = 0

    def approval_probabilities(self, applicants: list[Applicant]) -> list[float]:  # type: ignore[override]
        self.calls += 1
        return [0.9 if not 30000 < (a.loan_amount or 0) < 80000 else 0.1 for a in applicants]


def test_max_amount_search_does_not_assume_monotonicity() -> None:
    model = _NonMonotone()
    found = model.max_approved_amount(make_applicant(), 0.5, Decimal(1000), Decimal(90000))
    assert found is not None
    assert found.amount == Decimal("90000.00")
    assert model.calls == 1  # one batch, not a sequence of single predictions


def test_max_amount_is_none_when_nothing_qualifies(fitted: LoanModel) -> None:
    found = fitted.max_approved_amount(make_applicant(), 1.01, Decimal(1000), Decimal(5000))
    assert found is None


def test_evaluation_reports_gaps_and_flags_training_data(
    fitted: LoanModel, applications: list[LabelledApplication]
) -> None:
    evaluation = evaluate_model(fitted, applications)
    assert evaluation.is_training_data
    assert {gap.attribute for gap in evaluation.gaps} == {"gender", "married"}
    confusion = evaluation.confusion
    assert sum(
        (confusion.true_negative, confusion.false_positive, confusion.false_negative,
         confusion.true_positive)
    ) == len(applications)  # fmt: skip
    assert not evaluate_model(fitted, applications[:50]).is_training_data


def test_real_applications_read_and_beat_the_baseline(shared_data: Path) -> None:
    applications = read_applications(shared_data / "loan_applications.csv")
    assert len(applications) > 250
    # The original hard-coded Credit_History=1; unknown must stay unknown.
    assert any(a.applicant.credit_history is None for a in applications)
    model, baseline = compare_models(*_xy(applications), kinds=("logistic_regression", BASELINE_KIND))
    assert model.roc_auc_mean > 0.7
    assert model.brier_mean < baseline.brier_mean
