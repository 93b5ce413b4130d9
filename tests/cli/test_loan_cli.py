"""`mall loan` commands driven through typer's CliRunner on a small synthetic CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.loan import app
from tests.ml.loan_factories import make_applications

runner = CliRunner()

COLUMNS = (
    "Loan_ID", "Gender", "Married", "Dependents", "Education", "Self_Employed",
    "ApplicantIncome", "CoapplicantIncome", "LoanAmount", "Loan_Amount_Term",
    "Credit_History", "Property_Area", "Loan_Status",
)  # fmt: skip


def _flag(value: bool | None, yes: str = "Yes", no: str = "No") -> str:
    return "" if value is None else (yes if value else no)


def write_kaggle_csv(path: Path, rows: int = 120) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for item in make_applications(rows):
            a = item.applicant
            writer.writerow(
                [
                    item.loan_id,
                    item.gender or "",
                    _flag(item.married),
                    "" if a.dependents is None else ("3+" if a.dependents >= 3 else a.dependents),
                    "Graduate" if a.graduate else "Not Graduate",
                    _flag(a.self_employed),
                    a.applicant_income,
                    a.coapplicant_income,
                    "" if a.loan_amount is None else a.loan_amount / 1000,
                    "" if a.loan_term_months is None else f"{a.loan_term_months}.0",
                    _flag(a.credit_history, "1.0", "0.0"),
                    a.property_area,
                    "Y" if item.approved else "N",
                ]
            )
    return path


def last_json(output: str) -> dict[str, object]:
    line = output.strip().splitlines()[-1]
    result: dict[str, object] = json.loads(line)
    return result


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("loan")
    data = write_kaggle_csv(folder / "loans.csv")
    model = folder / "model"
    result = runner.invoke(app, ["train", "--data", str(data), "--out", str(model)])
    assert result.exit_code == 0, result.output
    return data, model


def test_train_prints_the_cv_table_and_saves_the_model(trained: tuple[Path, Path]) -> None:
    _, model = trained
    assert (model / "loan_model.pkl").is_file()
    assert json.loads((model / "loan_model.json").read_text())["cv"]["comparison"]


def test_evaluate_ends_with_a_json_line_of_metrics(trained: tuple[Path, Path]) -> None:
    data, model = trained
    result = runner.invoke(app, ["evaluate", "--data", str(data), "--model", str(model)])
    assert result.exit_code == 0, result.output
    assert "confusion matrix" in result.output
    assert "approval rate by gender" in result.output
    figures = last_json(result.output)
    assert {"accuracy", "roc_auc", "brier", "approval_gap"} <= figures.keys()
    assert figures["in_sample"] is True


def test_evaluate_without_a_model_exits_1_without_traceback(tmp_path: Path) -> None:
    data = write_kaggle_csv(tmp_path / "loans.csv", rows=20)
    result = runner.invoke(app, ["evaluate", "--data", str(data), "--model", str(tmp_path)])
    assert result.exit_code == 1
    assert "no loan model" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_compare_lists_three_models_and_three_baselines_with_their_spread(tmp_path: Path) -> None:
    data = write_kaggle_csv(tmp_path / "loans.csv", rows=80)
    result = runner.invoke(app, ["compare", "--data", str(data)])
    assert result.exit_code == 0, result.output
    figures = last_json(result.output)
    cv = figures["cv"]
    assert isinstance(cv, dict)
    expected = {
        "random_forest", "logistic_regression", "gradient_boosting",
        "majority_class", "credit_history_only", "plain_random_forest",
    }  # fmt: skip
    assert set(cv) == expected
    assert figures["repeats"] == 5
    assert all(row["roc_auc_std"] >= 0 for row in cv.values())


def test_blanks_are_imputed_and_unusable_rows_reported_not_fatal(
    trained: tuple[Path, Path], tmp_path: Path
) -> None:
    data, model = trained
    lines = data.read_text().splitlines()
    header, rows = lines[0], lines[1:41]
    columns = header.split(",")

    def blank(row: str, column: str, value: str = "") -> str:
        cells = row.split(",")
        cells[columns.index(column)] = value
        return ",".join(cells)

    edited = [blank(r, "LoanAmount") for r in rows[:5]] + rows[5:38]
    edited += [blank(rows[38], "ApplicantIncome"), blank(rows[39], "Property_Area", "Moon")]
    gappy = tmp_path / "gappy.csv"
    gappy.write_text("\n".join([header, *edited]) + "\n")

    result = runner.invoke(app, ["evaluate", "--data", str(gappy), "--model", str(model)])

    assert result.exit_code == 0, result.output
    figures = last_json(result.output)
    assert figures["rows"] == 38  # 5 without a loan amount scored, 2 that cannot be reported
    assert figures["skipped_rows"] == 2
    missing = figures["missing"]
    assert isinstance(missing, dict)
    assert missing["LoanAmount"] == 5
    assert "skipped line 40: ApplicantIncome is required" in result.output  # the header is line 1
    assert "Traceback" not in result.output


def test_missing_data_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", "--data", str(tmp_path / "absent.csv")])
    assert result.exit_code == 1
    assert "cannot read" in result.output
