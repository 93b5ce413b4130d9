"""The wallet: never negative under concurrent debits, a ledger row for every movement."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from db.relational import RelationalStore
from db.tables import LedgerKind
from db.transaction import transaction
from resolvers import wallet
from resolvers.errors import DomainError
from resolvers.paging import PageRequest
from tests.factories import make_user, pk


async def test_concurrent_debits_never_take_the_balance_below_zero(
    session: Any, store: RelationalStore
) -> None:
    user_id = pk(await make_user(session))
    async with transaction(session):
        await wallet.credit_wallet(
            session, user_id, Decimal("100.00"), LedgerKind.LOAN_DISBURSEMENT, "loan:1"
        )

    async def debit() -> bool:
        async with store.session() as own:
            try:
                async with transaction(own):
                    await wallet.debit_wallet(
                        own, user_id, Decimal("30.00"), LedgerKind.LOAN_REPAYMENT, "loan:1"
                    )
            except DomainError:
                return False
        return True

    results = await asyncio.gather(*(debit() for _ in range(6)))
    assert results.count(True) == 3
    assert (await wallet.get_wallet(session, user_id)).balance == Decimal("10.00")
    entries = (await wallet.list_entries(session, user_id, PageRequest(0, 20))).items
    assert len(entries) == 4
    assert sum(entry.amount for entry in entries) == Decimal("10.00")
    assert entries[0].balance_after == Decimal("10.00")


async def test_amounts_must_be_positive_cents(session: Any) -> None:
    user_id = pk(await make_user(session))
    for amount in (Decimal("0"), Decimal("-1.00"), Decimal("0.001")):
        with pytest.raises(DomainError) as caught:
            await wallet.credit_wallet(session, user_id, amount, LedgerKind.DEPOSIT, "x")
        assert caught.value.errors[0].code == wallet.WalletErrorCode.INVALID
