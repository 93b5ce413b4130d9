"""Fixtures of the llm tests: the fake OpenAI server and clients pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from llm.openai_client import OpenAIClient, RetryPolicy
from tests.fakes.openai_server import (  # noqa: F401  (fixtures re-exported for pytest)
    FAKE_API_KEY,
    FakeOpenAIServer,
    fake_openai,
    fake_openai_server,
)

# Short enough that timeout and retry tests stay well under a second each.
TEST_TIMEOUT_S = 0.5
FAST_RETRY = RetryPolicy(max_retries=2, base_delay_s=0.01, max_delay_s=0.05)


# F811: pytest injects fixtures by parameter name, which shadows the re-exported fixture.
@pytest.fixture
async def openai_client(fake_openai: FakeOpenAIServer) -> AsyncIterator[OpenAIClient]:  # noqa: F811
    client = OpenAIClient(
        api_key=FAKE_API_KEY,
        model="gpt-4o-mini",
        base_url=fake_openai.base_url,
        timeout_s=TEST_TIMEOUT_S,
        retry=FAST_RETRY,
        seed=7,
    )
    yield client
    await client.aclose()
