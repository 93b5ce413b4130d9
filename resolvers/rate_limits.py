"""Rate-limit rules for login and registration; the counters live in api/rate_limit.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Limit:
    attempts: int
    window_s: int


class RateLimiter(Protocol):
    async def allow(self, key: str, limit: Limit) -> bool:
        """Count one attempt for key; False once the window's attempts are used up."""
        ...


async def allow_all(limiter: RateLimiter, checks: list[tuple[str, Limit]]) -> bool:
    """Every check counts the attempt (so a flood on one key cannot hide behind another)."""
    results = [await limiter.allow(key, limit) for key, limit in checks]
    return all(results)
