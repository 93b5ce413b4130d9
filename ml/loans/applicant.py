"""One loan application as the decision sees it, and the Kaggle loan-status CSV reader."""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal, get_args

PropertyArea = Literal["Urban", "Semiurban", "Rural"]
PROPERTY_AREAS: tuple[PropertyArea, ...] = get_args(PropertyArea)

CENT = Decimal("0.01")
# The Kaggle file states LoanAmount in thousands; everything public here is in currency units.
_LOAN_AMOUNT_UNIT = Decimal(1000)


@dataclass(frozen=True, slots=True)
class Applicant:
    """The features the decision uses; gender and marital status are deliberately absent.

    Money is in the training data's currency units: incomes per month, the amount in full units
    (not thousands). `credit_history` None means unknown: the model has its own category for it
    rather than assuming the applicant meets the guidelines.
    """

    applicant_income: Decimal
    coapplicant_income: Decimal
    # None only in historical files (the public data lacks it on some rows): imputed in the
    # pipeline like every other missing value; a quote always states its amount
    loan_amount: Decimal | None
    loan_term_months: int | None
    credit_history: bool | None
    dependents: int | None  # 3 stands for "3 or more", as in the source data
    graduate: bool
    self_employed: bool | None
    property_area: PropertyArea

    @property
    def monthly_income(self) -> Decimal:
        return self.applicant_income + self.coapplicant_income

    def with_amount(self, amount: Decimal) -> Applicant:
        return replace(self, loan_amount=amount)


@dataclass(frozen=True, slots=True)
class LabelledApplication:
    """A historical application: the decision features, the protected attributes kept only to
    measure approval-rate gaps, and the outcome."""

    loan_id: str
    applicant: Applicant
    gender: str | None
    married: bool | None
    approved: bool


class ApplicationFileError(ValueError):
    """The applications file is missing, lacks a column or holds a value that cannot be read."""


_REQUIRED_COLUMNS = (
    "Loan_ID", "Gender", "Married", "Dependents", "Education", "Self_Employed",
    "ApplicantIncome", "CoapplicantIncome", "LoanAmount", "Loan_Amount_Term",
    "Credit_History", "Property_Area", "Loan_Status",
)  # fmt: skip


def _decimal(text: str, column: str, line: int) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation as error:
        raise ApplicationFileError(f"line {line}: {column}={text!r} is not a number") from error


def _yes_no(text: str, column: str, line: int) -> bool | None:
    value = text.strip().lower()
    if not value:
        return None
    if value in ("yes", "y", "1", "1.0"):
        return True
    if value in ("no", "n", "0", "0.0"):
        return False
    raise ApplicationFileError(f"line {line}: {column}={text!r} is not yes/no")


def _parse_row(row: dict[str, str], line: int) -> LabelledApplication:
    income = _decimal(row["ApplicantIncome"], "ApplicantIncome", line)
    coincome = _decimal(row["CoapplicantIncome"], "CoapplicantIncome", line)
    amount = _decimal(row["LoanAmount"], "LoanAmount", line)
    if income is None:
        raise ApplicationFileError(f"line {line}: ApplicantIncome is required")
    term = _decimal(row["Loan_Amount_Term"], "Loan_Amount_Term", line)
    dependents_text = row["Dependents"].strip().rstrip("+")
    area = row["Property_Area"].strip()
    if area not in PROPERTY_AREAS:
        raise ApplicationFileError(f"line {line}: Property_Area={area!r} is unknown")
    status = _yes_no(row["Loan_Status"], "Loan_Status", line)
    if status is None:
        raise ApplicationFileError(f"line {line}: Loan_Status is required")
    gender = row["Gender"].strip() or None
    applicant = Applicant(
        applicant_income=income.quantize(CENT),
        coapplicant_income=(coincome or Decimal(0)).quantize(CENT),
        loan_amount=None if amount is None else (amount * _LOAN_AMOUNT_UNIT).quantize(CENT),
        loan_term_months=int(term) if term is not None else None,
        credit_history=_yes_no(row["Credit_History"], "Credit_History", line),
        dependents=int(dependents_text) if dependents_text else None,
        graduate=row["Education"].strip() == "Graduate",
        self_employed=_yes_no(row["Self_Employed"], "Self_Employed", line),
        property_area=area,
    )
    return LabelledApplication(
        loan_id=row["Loan_ID"].strip(),
        applicant=applicant,
        gender=gender,
        married=_yes_no(row["Married"], "Married", line),
        approved=status,
    )


# the columns whose blanks the model imputes (the others are required or unused)
IMPUTED_COLUMNS = (
    "Dependents", "Self_Employed", "CoapplicantIncome", "LoanAmount", "Loan_Amount_Term", "Credit_History",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ApplicationFile:
    """What a file held: the rows that can be used, the ones that cannot (line, why), and how
    many usable rows lacked each imputed column."""

    rows: list[LabelledApplication]
    skipped: list[tuple[int, str]]
    missing: dict[str, int]


def read_application_file(path: Path) -> ApplicationFile:
    """Every row of a Kaggle loan-status CSV that can be scored; a row that cannot (no income,
    no outcome, an unknown area, a value that is no number) is reported, not fatal."""
    rows: list[LabelledApplication] = []
    skipped: list[tuple[int, str]] = []
    missing = dict.fromkeys(IMPUTED_COLUMNS, 0)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            absent = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if absent:
                raise ApplicationFileError(f"{path}: missing columns {', '.join(absent)}")
            for line, row in enumerate(reader, start=2):
                try:
                    rows.append(_parse_row(row, line))
                except ApplicationFileError as error:
                    skipped.append((line, str(error).removeprefix(f"line {line}: ")))
                    continue
                for column in IMPUTED_COLUMNS:
                    missing[column] += not (row.get(column) or "").strip()
    except OSError as error:
        raise ApplicationFileError(f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ApplicationFileError(f"{path} is not UTF-8 text") from error
    return ApplicationFile(rows=rows, skipped=skipped, missing=missing)


def read_applications(path: Path) -> list[LabelledApplication]:
    """Every row of a Kaggle loan-status CSV; strict: a row that cannot be used is an error."""
    file = read_application_file(path)
    if file.skipped:
        line, reason = file.skipped[0]
        raise ApplicationFileError(f"line {line}: {reason}")
    return file.rows
