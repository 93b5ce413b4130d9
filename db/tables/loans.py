"""Loans: financial profiles (with an append-only history), quotes, offers, loans, instalments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from db.types import Money, UTCDateTime, utcnow


class Education(StrEnum):
    GRADUATE = "graduate"
    NOT_GRADUATE = "not_graduate"


class PropertyArea(StrEnum):
    URBAN = "urban"
    SEMIURBAN = "semiurban"
    RURAL = "rural"


class QuoteStatus(StrEnum):
    OPEN = "open"  # offers may be accepted until expires_at
    ACCEPTED = "accepted"  # one of its offers became a loan


class LoanDecision(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"  # the model's probability is below the threshold
    UNAFFORDABLE = "unaffordable"  # approved, but the instalment breaks the 40% rule
    OVER_LIMIT = "over_limit"  # above the shopper's credit limit (ml.loans.credit_limit)


class OfferStatus(StrEnum):
    AVAILABLE = "available"
    DECLINED = "declined"
    UNAFFORDABLE = "unaffordable"
    OVER_LIMIT = "over_limit"
    ACCEPTED = "accepted"


class LoanStatus(StrEnum):
    ACTIVE = "active"
    REPAID = "repaid"
    DEFAULTED = "defaulted"


class InstallmentStatus(StrEnum):
    DUE = "due"
    PAID = "paid"
    OVERDUE = "overdue"


class _ProfileFields(SQLModel):
    """The fields a user states; shared by the profile and its history snapshots.

    sa_type, not sa_column: a Column object can belong to one table only.
    """

    applicant_income: Decimal = Field(sa_type=Money, nullable=False)  # a month
    coapplicant_income: Decimal = Field(sa_type=Money, nullable=False)  # a month
    dependents: int = Field(nullable=False)  # 3 means "3 or more"
    education: Education = Field(sa_type=String(16), nullable=False)
    self_employed: bool = Field(nullable=False)
    property_area: PropertyArea = Field(sa_type=String(16), nullable=False)
    monthly_debt: Decimal = Field(sa_type=Money, nullable=False)
    # None: the user does not know; the purchase-based score stands in for it
    meets_credit_guideline: bool | None = Field(default=None, nullable=True)


class FinancialProfile(_ProfileFields, table=True):
    __tablename__ = "financial_profiles"
    __table_args__ = (CheckConstraint("active_loans >= 0", name="ck_financial_profile_active_loans"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    )
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    # raised and lowered by conditional UPDATEs: the one-active-loan policy holds under races
    active_loans: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class FinancialProfileHistory(_ProfileFields, table=True):
    """Append-only: one snapshot of the profile as it was after each change."""

    __tablename__ = "financial_profile_history"
    __table_args__ = (UniqueConstraint("user_id", "version", name="uq_profile_history_user_version"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    version: int = Field(sa_column=Column(Integer, nullable=False))
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class LoanQuote(SQLModel, table=True):
    __tablename__ = "loan_quotes"
    __table_args__ = (Index("ix_loan_quotes_user_created", "user_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    amount: Decimal = Field(sa_column=Column(Money, nullable=False))
    term_months: int = Field(sa_column=Column(Integer, nullable=False))
    purpose: str = Field(sa_column=Column(String(200), nullable=False))
    approval_probability: float = Field(sa_column=Column(Numeric(8, 6, asdecimal=False), nullable=False))
    decision: LoanDecision = Field(sa_column=Column(String(16), nullable=False))
    max_amount: Decimal | None = Field(default=None, sa_column=Column(Money))
    credit_score: int = Field(sa_column=Column(Integer, nullable=False))
    # what the model was told: stated by the user, derived from the score, or None (unknown)
    credit_history: bool | None = Field(default=None, sa_column=Column(Boolean))
    credit_history_from_score: bool = Field(sa_column=Column(Boolean, nullable=False))
    model_kind: str = Field(sa_column=Column(String(32), nullable=False))
    status: QuoteStatus = Field(default=QuoteStatus.OPEN, sa_column=Column(String(16), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class LoanOffer(SQLModel, table=True):
    __tablename__ = "loan_offers"

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("loan_quotes.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    term_months: int = Field(sa_column=Column(Integer, nullable=False))
    approval_probability: float = Field(sa_column=Column(Numeric(8, 6, asdecimal=False), nullable=False))
    apr_percent: Decimal = Field(sa_column=Column(Money, nullable=False))
    monthly_installment: Decimal = Field(sa_column=Column(Money, nullable=False))
    total_repayable: Decimal = Field(sa_column=Column(Money, nullable=False))
    total_interest: Decimal = Field(sa_column=Column(Money, nullable=False))
    status: OfferStatus = Field(sa_column=Column(String(16), nullable=False))


class Loan(SQLModel, table=True):
    __tablename__ = "loans"
    __table_args__ = (
        Index("ix_loans_user_status", "user_id", "status"),
        Index("ix_loans_status_id", "status", "id"),
        # the repayment's conditional UPDATE keeps this true; the constraint catches any other writer
        CheckConstraint("amount_repaid <= total_due", name="ck_loan_not_overpaid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False)
    )
    offer_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("loan_offers.id", ondelete="RESTRICT"), unique=True, nullable=False
        )
    )
    purpose: str = Field(sa_column=Column(String(200), nullable=False))
    principal: Decimal = Field(sa_column=Column(Money, nullable=False))
    apr_percent: Decimal = Field(sa_column=Column(Money, nullable=False))
    term_months: int = Field(sa_column=Column(Integer, nullable=False))
    total_due: Decimal = Field(sa_column=Column(Money, nullable=False))  # principal + interest
    amount_repaid: Decimal = Field(default=Decimal("0.00"), sa_column=Column(Money, nullable=False))
    status: LoanStatus = Field(default=LoanStatus.ACTIVE, sa_column=Column(String(16), nullable=False))
    coupon_code: str | None = Field(default=None, sa_column=Column(String(20)))
    disbursed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    repaid_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class LoanInstallment(SQLModel, table=True):
    __tablename__ = "loan_installments"
    __table_args__ = (
        UniqueConstraint("loan_id", "number", name="uq_installment_loan_number"),
        Index("ix_installments_status_due", "status", "due_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    loan_id: int = Field(
        sa_column=Column(Integer, ForeignKey("loans.id", ondelete="CASCADE"), nullable=False)
    )
    number: int = Field(sa_column=Column(Integer, nullable=False))
    due_date: date = Field(sa_column=Column(Date, nullable=False))
    principal: Decimal = Field(sa_column=Column(Money, nullable=False))
    interest: Decimal = Field(sa_column=Column(Money, nullable=False))
    amount_due: Decimal = Field(sa_column=Column(Money, nullable=False))
    amount_paid: Decimal = Field(default=Decimal("0.00"), sa_column=Column(Money, nullable=False))
    status: InstallmentStatus = Field(
        default=InstallmentStatus.DUE, sa_column=Column(String(16), nullable=False)
    )
    paid_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
