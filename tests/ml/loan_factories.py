"""Small synthetic loan applications for the loan tests; no real data needed."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from ml.loans import Applicant, LabelledApplication


def make_applicant(**changes: object) -> Applicant:
    applicant = Applicant(
        applicant_income=Decimal("4500.00"),
        coapplicant_income=Decimal("1500.00"),
        loan_amount=Decimal("120000.00"),
        loan_term_months=360,
        credit_history=True,
        dependents=0,
        graduate=True,
        self_employed=False,
        property_area="Semiurban",
    )
    return replace(applicant, **changes)  # type: ignore[arg-type]


def make_applications(rows: int = 160, seed: int = 7) -> list[LabelledApplication]:
    """Approval driven by credit history and loan-to-income, with noise and missing values."""
    rng = random.Random(seed)
    applications = []
    for index in range(rows):
        income = Decimal(rng.randint(1500, 12000))
        amount = Decimal(rng.randint(30, 400) * 1000)
        history = rng.random() < 0.8
        burden = float(amount) / (float(income) * 12)
        approved = (history and burden < 4.0) if rng.random() < 0.9 else rng.random() < 0.5
        applicant = make_applicant(
            applicant_income=income,
            coapplicant_income=Decimal(rng.choice([0, 0, 1500, 3000])),
            loan_amount=amount,
            loan_term_months=rng.choice([360, 360, 180, None]),
            credit_history=history if rng.random() > 0.1 else None,
            dependents=rng.choice([0, 1, 2, 3, None]),
            graduate=rng.random() < 0.7,
            self_employed=rng.choice([True, False, False, None]),
            property_area=rng.choice(["Urban", "Semiurban", "Rural"]),
        )
        applications.append(
            LabelledApplication(
                loan_id=f"T{index:04d}",
                applicant=applicant,
                gender=rng.choice(["Male", "Female", None]),
                married=rng.choice([True, False]),
                approved=approved,
            )
        )
    return applications
