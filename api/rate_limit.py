"""Rate limits for login and registration: fixed windows, in memory or shared through Redis."""

from __future__ import annotations

import time

from redis.asyncio import Redis
from redis.exceptions import RedisError

from resolvers.rate_limits import Limit, RateLimiter

__all__ = ["Limit", "MemoryRateLimiter", "RateLimiter", "RedisRateLimiter"]


class MemoryRateLimiter:
    """One process's counts: right for the embedded default, wrong behind several workers.

    A window opens at a key's first attempt and lasts window_s, so attempts cannot dodge the
    limit by straddling a clock boundary.
    """

    def __init__(self, max_keys: int = 100_000) -> None:
        self._windows: dict[str, tuple[float, int]] = {}
        self._max_keys = max_keys

    async def allow(self, key: str, limit: Limit) -> bool:
        now = time.monotonic()
        opened, count = self._windows.get(key, (now, 0))
        if now - opened >= limit.window_s:
            opened, count = now, 0
        if len(self._windows) >= self._max_keys:  # bounded memory under a flood of distinct keys
            self._windows.clear()
        self._windows[key] = (opened, count + 1)
        return count + 1 <= limit.attempts


class RedisRateLimiter:
    """Counts shared by every API process; if Redis is down, login keeps working (fails open)."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def allow(self, key: str, limit: Limit) -> bool:
        redis_key = f"mall:rl:{key}"
        try:
            pipe = self._redis.pipeline()
            pipe.incr(redis_key)
            pipe.expire(redis_key, limit.window_s, nx=True)  # the window opens at the first attempt
            count, _ = await pipe.execute()
        except (RedisError, OSError):
            return True
        return int(count) <= limit.attempts
