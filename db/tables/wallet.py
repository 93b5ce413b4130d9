"""Wallets and their ledger: every change of a balance is one signed ledger row."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from db.types import Money, UTCDateTime, utcnow


class LedgerKind(StrEnum):
    DEPOSIT = "deposit"
    PAYMENT = "payment"
    REFUND = "refund"
    LOAN_DISBURSEMENT = "loan_disbursement"
    LOAN_REPAYMENT = "loan_repayment"


class Wallet(SQLModel, table=True):
    __tablename__ = "wallets"
    # the debit's conditional UPDATE keeps this true; the constraint catches any other writer
    __table_args__ = (CheckConstraint("balance >= 0", name="ck_wallet_balance_not_negative"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    )
    balance: Decimal = Field(default=Decimal("0.00"), sa_column=Column(Money, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class WalletEntry(SQLModel, table=True):
    __tablename__ = "wallet_entries"
    __table_args__ = (Index("ix_wallet_entries_wallet_id_id", "wallet_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    wallet_id: int = Field(
        sa_column=Column(Integer, ForeignKey("wallets.id", ondelete="CASCADE"), nullable=False)
    )
    amount: Decimal = Field(sa_column=Column(Money, nullable=False))  # + credit, - debit
    balance_after: Decimal = Field(sa_column=Column(Money, nullable=False))
    kind: LedgerKind = Field(sa_column=Column(String(24), nullable=False))
    reference: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
