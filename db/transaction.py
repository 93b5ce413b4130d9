"""One explicit transaction around a rule: commit when it holds, roll everything back when not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlmodel.ext.asyncio.session import AsyncSession


@asynccontextmanager
async def transaction(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """Reads before it may have auto-begun the transaction; this commits or rolls back all of it."""
    try:
        yield session
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
