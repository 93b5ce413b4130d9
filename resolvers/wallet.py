"""Wallets: a balance that never goes negative, and one ledger row for every movement.

credit_wallet and debit_wallet run inside the caller's transaction and never commit: wrap them
in db.transaction.transaction() with whatever else must happen atomically (an order turning
paid, a loan being disbursed). The loans feature calls them with LOAN_* ledger kinds.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, update
from sqlalchemy.dialects import mysql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import LedgerKind, Wallet, WalletEntry
from db.types import CENT, utcnow
from resolvers.errors import DomainError
from resolvers.paging import Page, PageRequest

MAX_AMOUNT = Decimal("99999999.99")


class WalletErrorCode(StrEnum):
    INVALID = "invalid"
    INSUFFICIENT_BALANCE = "insufficient_balance"


def _checked(amount: Decimal) -> Decimal:
    if not Decimal(0) < amount <= MAX_AMOUNT or amount != amount.quantize(CENT):
        raise DomainError.of(
            WalletErrorCode.INVALID, f"an amount from 0.01 to {MAX_AMOUNT}, in cents", "amount"
        )
    return amount.quantize(CENT)


async def _ensure_wallet(session: AsyncSession, user_id: int) -> None:
    """Creates the wallet on first use; a concurrent first use is not an error (no savepoint needed)."""
    values = {"user_id": user_id, "balance": Decimal("0.00"), "updated_at": utcnow()}
    if session.get_bind().dialect.name == "mysql":
        statement = mysql.insert(Wallet).values(**values).on_duplicate_key_update(user_id=user_id)
        await session.exec(statement)
    else:
        await session.exec(
            sqlite.insert(Wallet).values(**values).on_conflict_do_nothing(index_elements=["user_id"])
        )


async def _record(
    session: AsyncSession, user_id: int, signed_amount: Decimal, kind: LedgerKind, reference: str
) -> WalletEntry:
    # the row is locked by our UPDATE, so this read sees exactly the balance we produced
    wallet = (
        await session.exec(
            select(Wallet).where(Wallet.user_id == user_id).execution_options(populate_existing=True)
        )
    ).one()
    assert wallet.id is not None
    entry = WalletEntry(
        wallet_id=wallet.id,
        amount=signed_amount,
        balance_after=wallet.balance,
        kind=kind,
        reference=reference[:64],
    )
    session.add(entry)
    await session.flush()
    return entry


async def credit_wallet(
    session: AsyncSession, user_id: int, amount: Decimal, kind: LedgerKind, reference: str
) -> WalletEntry:
    """Adds a positive amount in the caller's transaction (no commit) and returns its ledger row."""
    amount = _checked(amount)
    await _ensure_wallet(session, user_id)
    # ROUND keeps SQLite, which computes NUMERIC in floating point, on whole cents
    await session.exec(
        update(Wallet)
        .where(col(Wallet.user_id) == user_id)
        .values(balance=func.round(col(Wallet.balance) + amount, 2), updated_at=utcnow())
    )
    return await _record(session, user_id, amount, kind, reference)


async def debit_wallet(
    session: AsyncSession, user_id: int, amount: Decimal, kind: LedgerKind, reference: str
) -> WalletEntry:
    """Takes a positive amount in the caller's transaction (no commit), or raises INSUFFICIENT_BALANCE.

    One conditional UPDATE: two concurrent debits can never both pass a balance check.
    """
    amount = _checked(amount)
    result = await session.exec(
        update(Wallet)
        .where(col(Wallet.user_id) == user_id, col(Wallet.balance) >= amount)
        .values(balance=func.round(col(Wallet.balance) - amount, 2), updated_at=utcnow())
    )
    if result.rowcount != 1:
        raise DomainError.of(WalletErrorCode.INSUFFICIENT_BALANCE, "the wallet balance is too low", "amount")
    return await _record(session, user_id, -amount, kind, reference)


async def get_wallet(session: AsyncSession, user_id: int) -> Wallet:
    """The user's wallet; a user who never had a movement has an empty, unsaved one."""
    row = (
        await session.exec(
            select(Wallet).where(Wallet.user_id == user_id).execution_options(populate_existing=True)
        )
    ).first()
    return row or Wallet(user_id=user_id, balance=Decimal("0.00"))


async def list_entries(session: AsyncSession, user_id: int, page: PageRequest) -> Page[WalletEntry]:
    rows = await session.exec(
        select(WalletEntry)
        .join(Wallet, col(Wallet.id) == WalletEntry.wallet_id)
        .where(Wallet.user_id == user_id)
        .order_by(col(WalletEntry.id).desc())
        .offset(page.offset)
        .limit(page.limit + 1)
    )
    return Page.from_overfetch(list(rows), page)
