"""Rate limiters: in memory for one process, in Redis when several processes share the limit."""

from __future__ import annotations

import os
import uuid

import pytest
from redis.asyncio import Redis

from api.rate_limit import MemoryRateLimiter, RedisRateLimiter
from resolvers.rate_limits import Limit

REDIS_URL = os.environ.get("MALL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


async def test_memory_limiter_allows_the_window_then_refuses() -> None:
    limiter = MemoryRateLimiter()
    results = [await limiter.allow("k", Limit(3, 60)) for _ in range(4)]
    assert results == [True, True, True, False]
    assert await limiter.allow("other", Limit(3, 60))


async def test_redis_limiter_is_shared_between_limiters() -> None:
    redis: Redis = Redis.from_url(REDIS_URL)
    try:
        await redis.ping()
    except OSError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    key = f"test:{uuid.uuid4().hex}"
    first, second = RedisRateLimiter(redis), RedisRateLimiter(redis)
    assert await first.allow(key, Limit(2, 60))
    assert await second.allow(key, Limit(2, 60))
    assert not await first.allow(key, Limit(2, 60))
    assert 0 < await redis.ttl(f"mall:rl:{key}") <= 60
    await redis.delete(f"mall:rl:{key}")
    await redis.aclose()


async def test_redis_limiter_fails_open_when_redis_is_down() -> None:
    limiter = RedisRateLimiter(Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5))
    assert await limiter.allow("anything", Limit(1, 60))
