"""Synthetic loan applications for the demo's loan model: generated here, never real rows.

`mall demo`, the loan tests and bench/loans.py train on these so that quotes work without the
real data set (which users do not have). The outcomes follow a stated rule, not real lending:
approval falls with the instalment's share of income, rises with a good credit history and
drops with a bad one, plus noise. A model trained on them is a DEMO model: its probabilities
say nothing about real applicants. Production trains with `mall loan train --data FILE`.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal
from pathlib import Path

from ml.loans import Applicant, LabelledApplication, LoanModel
from ml.loans.applicant import PROPERTY_AREAS

TERMS = (3, 6, 12, 24)
DEMO_RATE = 0.12 / 12  # only to turn amount and term into a monthly burden for the rule


def _approval_chance(income: float, amount: float, term: int, history: bool | None, graduate: bool) -> float:
    instalment = amount * DEMO_RATE / (1 - (1 + DEMO_RATE) ** -term)
    burden = instalment / max(income, 1.0)
    logit = 2.2 - 9.0 * burden + 0.3 * graduate
    logit += {True: 1.5, False: -2.5, None: -0.3}[history]
    return 1 / (1 + math.exp(-logit))


def generate_applications(rows: int = 600, seed: int = 11) -> list[LabelledApplication]:
    """The same rows for the same seed; money at the mall's scale (incomes a month, loans 500+)."""
    rng = random.Random(seed)
    applications = []
    for index in range(rows):
        income = round(math.exp(rng.uniform(math.log(800), math.log(15000))), -1)
        coincome = rng.choice([0.0, 0.0, 0.0, round(rng.uniform(500, 5000), -1)])
        amount = round(math.exp(rng.uniform(math.log(500), math.log(50000))), -1)
        term = rng.choice(TERMS)
        roll = rng.random()
        history = True if roll < 0.75 else (False if roll < 0.9 else None)
        graduate = rng.random() < 0.7
        approved = rng.random() < _approval_chance(income + coincome, amount, term, history, graduate)
        applications.append(
            LabelledApplication(
                loan_id=f"SYN{index:05d}",
                applicant=Applicant(
                    applicant_income=Decimal(str(income)).quantize(Decimal("0.01")),
                    coapplicant_income=Decimal(str(coincome)).quantize(Decimal("0.01")),
                    loan_amount=Decimal(str(amount)).quantize(Decimal("0.01")),
                    loan_term_months=term,
                    credit_history=history,
                    dependents=rng.choice([0, 0, 1, 2, 3]),
                    graduate=graduate,
                    self_employed=rng.random() < 0.15,
                    property_area=rng.choice(PROPERTY_AREAS),
                ),
                gender=None,  # never generated: the model must not see it anyway
                married=None,
                approved=approved,
            )
        )
    return applications


def train_demo_model(path: Path, rows: int = 600, seed: int = 11) -> LoanModel:
    """Fits a calibrated logistic regression on synthetic rows and saves it to path (a directory).

    Logistic regression directly, without the CV comparison, so the demo starts in seconds.
    """
    model = LoanModel().fit(generate_applications(rows, seed), kind="logistic_regression")
    model.metadata["synthetic_demo_model"] = True
    model.save(path)
    return model
