"""The OpenAI client end to end against the fake OpenAI server."""

from __future__ import annotations

import logging
import time
from decimal import Decimal

import pytest

from llm.client import ChatMessage
from llm.errors import LLMBadResponse, LLMRejected, LLMUnavailable
from llm.factory import make_llm_client
from llm.local_client import LocalLLMClient
from llm.openai_client import OpenAIClient, RetryPolicy, retry_after_s
from tests.fakes.openai_server import (
    FAKE_API_KEY,
    Delay,
    EmbeddingReply,
    FakeOpenAIServer,
    HttpError,
    Malformed,
    Reply,
    rate_limited,
)
from tests.llm.conftest import TEST_TIMEOUT_S

HELLO = [ChatMessage.system("Be brief."), ChatMessage.user("Say hello")]


async def test_chat_returns_text_and_records_usage(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient, caplog: pytest.LogCaptureFixture
) -> None:
    fake_openai.push(Reply("Hello!", prompt_tokens=1000, completion_tokens=500))

    with caplog.at_level(logging.INFO, logger="llm.usage"):
        result = await openai_client.chat(HELLO, max_tokens=20, json_mode=True)

    assert result.text == "Hello!"
    assert result.model == "gpt-4o-mini"
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (1000, 500)
    assert not result.is_local
    # gpt-4o-mini: 0.15 and 0.60 USD per 1M tokens
    assert openai_client.totals.cost_usd == Decimal("0.000450")
    assert openai_client.totals.calls == 1
    assert openai_client.totals.prompt_tokens == 1000
    [request] = fake_openai.requests
    assert request.path == "/v1/chat/completions"
    assert request.bearer_token == FAKE_API_KEY
    assert request.model == "gpt-4o-mini"
    assert request.body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Say hello"},
    ]
    assert request.body["temperature"] == 0
    assert request.body["max_tokens"] == 20
    assert request.body["response_format"] == {"type": "json_object"}
    [line] = [record for record in caplog.records if record.msg.startswith("llm_call ")]
    assert "prompt_tokens=1000" in line.getMessage()
    assert "cost_usd=0.000450" in line.getMessage()


async def test_malformed_body_raises_bad_response_without_retry(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Malformed())

    with pytest.raises(LLMBadResponse, match="malformed"):
        await openai_client.chat(HELLO)

    assert len(fake_openai.requests) == 1


async def test_completion_without_choices_raises_bad_response(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Malformed('{"id": "x", "object": "chat.completion", "choices": []}'))

    with pytest.raises(LLMBadResponse):
        await openai_client.chat(HELLO)


async def test_non_json_content_type_raises_bad_response(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Malformed("<html>gateway</html>", content_type="text/html"))

    with pytest.raises(LLMBadResponse):
        await openai_client.chat(HELLO)


async def test_rate_limit_is_retried_after_the_servers_retry_after(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(rate_limited(retry_after="0.3"), Reply("after the pause"))

    started = time.monotonic()
    result = await openai_client.chat(HELLO)

    # the policy's own backoff is 10 ms: only Retry-After explains a 0.3 s pause
    assert time.monotonic() - started >= 0.3
    assert result.text == "after the pause"
    assert len(fake_openai.requests) == 2
    assert openai_client.totals.retries == 1


async def test_server_error_is_retried(fake_openai: FakeOpenAIServer, openai_client: OpenAIClient) -> None:
    fake_openai.push(HttpError(500), HttpError(503), Reply("third time lucky"))

    result = await openai_client.chat(HELLO)

    assert result.text == "third time lucky"
    assert len(fake_openai.requests) == 3


async def test_timeouts_end_in_unavailable_within_bounded_time(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    late = Delay(TEST_TIMEOUT_S + 1.0, Reply("too late"))
    fake_openai.push(late, late, late)

    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="timed out"):
        await openai_client.chat(HELLO)

    # three attempts (max_retries=2) of 0.5 s each, plus backoff of at most 0.05 s each
    assert time.monotonic() - started < 3 * TEST_TIMEOUT_S + 0.5
    assert len(fake_openai.requests) == 3
    assert openai_client.totals.failed_calls == 1


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_client_errors_are_not_retried(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient, status: int
) -> None:
    fake_openai.push(HttpError(status, "nope"), Reply("never asked for"))

    with pytest.raises(LLMRejected) as raised:
        await openai_client.chat(HELLO)

    assert raised.value.status_code == status
    assert len(fake_openai.requests) == 1


async def test_wrong_key_error_never_shows_the_key(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.require_api_key = "sk-the-right-one"
    client = OpenAIClient(
        api_key="sk-wrong-secret-key-123456", model="gpt-4o-mini", base_url=fake_openai.base_url
    )
    try:
        with pytest.raises(LLMRejected) as raised:
            await client.chat(HELLO)
    finally:
        await client.aclose()

    message = str(raised.value)
    assert "401" in message
    assert "sk-wro" not in message
    assert "3456" not in message


async def test_retry_after_longer_than_the_cap_fails_at_once(
    fake_openai: FakeOpenAIServer,
) -> None:
    client = OpenAIClient(
        api_key=FAKE_API_KEY,
        model="gpt-4o-mini",
        base_url=fake_openai.base_url,
        retry=RetryPolicy(max_retries=3, max_retry_after_s=1.0),
    )
    fake_openai.push(rate_limited(retry_after="120"), Reply("not waited for"))
    try:
        with pytest.raises(LLMUnavailable, match="retry after 120s"):
            await client.chat(HELLO)
    finally:
        await client.aclose()
    assert len(fake_openai.requests) == 1


async def test_unreachable_server_is_unavailable() -> None:
    client = OpenAIClient(
        api_key=FAKE_API_KEY,
        model="gpt-4o-mini",
        base_url="http://127.0.0.1:9/v1",
        timeout_s=0.5,
        retry=RetryPolicy(max_retries=1, base_delay_s=0.01),
    )
    try:
        with pytest.raises(LLMUnavailable, match="2 attempt"):
            await client.chat(HELLO)
    finally:
        await client.aclose()


async def test_embed_returns_rows_in_input_order(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push_embeddings(EmbeddingReply([[1.0, 0.0], [0.0, 1.0]]))

    vectors = await openai_client.embed(["apple", "pear"])

    assert vectors.shape == (2, 2)
    assert vectors.dtype.name == "float32"
    assert vectors[1].tolist() == [0.0, 1.0]
    [request] = fake_openai.requests
    assert request.body["input"] == ["apple", "pear"]
    assert request.body["model"] == "text-embedding-3-small"


async def test_embed_with_wrong_row_count_is_bad_response(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push_embeddings(EmbeddingReply([[1.0, 0.0]]))

    with pytest.raises(LLMBadResponse):
        await openai_client.embed(["apple", "pear"])


def test_retry_after_accepts_seconds_milliseconds_and_dates() -> None:
    assert retry_after_s({"Retry-After": "2"}) == 2.0
    assert retry_after_s({"retry-after-ms": "250"}) == 0.25
    assert retry_after_s({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert retry_after_s({"Retry-After": "soon"}) is None
    assert retry_after_s({}) is None


def test_backoff_grows_and_stays_capped() -> None:
    import random

    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=4.0)
    rng = random.Random(1)
    delays = [policy.backoff_s(n, rng) for n in (1, 2, 3, 10)]
    assert 0.5 <= delays[0] <= 1.0
    assert 1.0 <= delays[1] <= 2.0
    assert 2.0 <= delays[2] <= 4.0
    assert delays[3] <= 4.0


async def test_factory_picks_openai_with_a_key_and_local_without(
    fake_openai: FakeOpenAIServer,
) -> None:
    remote = make_llm_client(FAKE_API_KEY, fake_openai.base_url, "gpt-4o-mini", 1.0, 1)
    try:
        assert isinstance(remote, OpenAIClient)
        assert not remote.is_local
        assert remote.name == "openai:gpt-4o-mini"
    finally:
        await remote.aclose()
    for no_key in (None, "", "  "):
        local = make_llm_client(no_key, None, "gpt-4o-mini", 1.0, 1)
        assert isinstance(local, LocalLLMClient)
        assert local.is_local
