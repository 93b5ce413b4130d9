"""Your wallet in GraphQL: the balance and its ledger (filled by refunds and, later, loans)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from db.tables import LedgerKind, WalletEntry
from resolvers import wallet
from schema.base import PAGE_SIZE_DESCRIPTION, Info, PageInfo, edges, page_info, page_request
from schema.permissions import login_required

strawberry.enum(LedgerKind, name="LedgerKind")


@strawberry.type(name="WalletEntry", description="One movement of a wallet's balance.")
class WalletEntryType:
    amount: Decimal = strawberry.field(description="Positive for money in, negative for money out.")
    balance_after: Decimal
    kind: LedgerKind
    reference: str = strawberry.field(description="What it was for, e.g. order:<number>.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: WalletEntry) -> WalletEntryType:
        return cls(
            amount=row.amount,
            balance_after=row.balance_after,
            kind=row.kind,
            reference=row.reference,
            created_at=row.created_at,
        )


@strawberry.type
class WalletEntryEdge:
    cursor: str
    node: WalletEntryType


@strawberry.type(description="A page of ledger entries, newest first.")
class WalletEntryConnection:
    edges: list[WalletEntryEdge]
    page_info: PageInfo


@strawberry.type(name="Wallet", description="Your wallet: pay orders with it; it never goes negative.")
class WalletType:
    balance: Decimal
    user_pk: strawberry.Private[int]

    @strawberry.field(description="The ledger, newest first.")
    async def entries(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: str | None = None,
    ) -> WalletEntryConnection:
        page = await wallet.list_entries(
            await info.context.session(), self.user_pk, page_request(first, after)
        )
        return WalletEntryConnection(
            edges=edges(page, WalletEntryType.from_row, lambda c, n: WalletEntryEdge(cursor=c, node=n)),
            page_info=page_info(page),
        )


@strawberry.type
class WalletQuery:
    @strawberry.field(description="Your wallet.", extensions=login_required())
    async def my_wallet(self, info: Info) -> WalletType:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        row = await wallet.get_wallet(await info.context.session(), user.id)
        return WalletType(balance=row.balance, user_pk=user.id)
