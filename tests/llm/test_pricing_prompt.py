"""LLM pricing: prompt, strict parser and retries, against the fake OpenAI server."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from llm.errors import LLMNotConfigured
from llm.local_client import LocalLLMClient
from llm.openai_client import OpenAIClient
from llm.pricing_prompt import ProductToPrice, parse_pricing_answer, price_batch
from tests.fakes.openai_server import FakeOpenAIServer, Malformed, Reply

PRODUCTS = [
    ProductToPrice(1, "Sunpix Hearts of Palm 25 oz", "Hearts of palm.", ("Canned", "Vegetables")),
    ProductToPrice(2, "Chipotle Pepper, 28-Ounce (Pack of 3)", "", ("Canned", "Green Chilis")),
    ProductToPrice(3, "Frozen Mixed Vegetables, 10 ounces", "Peas, corn.", ("Frozen",)),
]


def answer(*entries: tuple[object, object]) -> str:
    return json.dumps({"prices": [{"id": pid, "price": price} for pid, price in entries]})


async def test_good_batch_is_priced_in_one_call(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Reply(answer((1, "10.25"), (2, "18.99"), (3, "2.5"))))

    prices, failed = await price_batch(openai_client, PRODUCTS)

    assert prices == {1: Decimal("10.25"), 2: Decimal("18.99"), 3: Decimal("2.50")}
    assert failed == []
    [request] = fake_openai.chat_requests
    assert "Sunpix Hearts of Palm 25 oz" in request.prompt
    assert "Canned > Green Chilis" in request.prompt
    assert request.body["response_format"] == {"type": "json_object"}


async def test_malformed_answer_is_asked_again(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(
        Reply("Sure! Here are the prices: 10.25, 18.99"),
        Reply(answer((1, "10.25"), (2, "18.99"), (3, "2.49"))),
    )

    prices, failed = await price_batch(openai_client, PRODUCTS)

    assert set(prices) == {1, 2, 3}
    assert failed == []
    assert len(fake_openai.chat_requests) == 2


async def test_malformed_http_body_counts_as_a_failed_attempt(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Malformed(), Reply(answer((1, "1.00"), (2, "2.00"), (3, "3.00"))))

    prices, failed = await price_batch(openai_client, PRODUCTS)

    assert len(prices) == 3
    assert failed == []


async def test_partial_answer_reports_failed_ids_and_never_invents_prices(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(
        Reply(answer((1, "10.25"), (2, "-3"), (99, "5.00"))),
        Reply(answer((2, "free"), (3, "12.999"))),
    )

    prices, failed = await price_batch(openai_client, PRODUCTS)

    assert prices == {1: Decimal("10.25")}
    assert failed == [2, 3]
    # the retry asks only for what is still missing
    retry = fake_openai.chat_requests[1]
    assert "Chipotle" in retry.prompt
    assert "Sunpix" not in retry.prompt


async def test_local_client_cannot_price() -> None:
    with pytest.raises(LLMNotConfigured):
        await price_batch(LocalLLMClient(), PRODUCTS)


@pytest.mark.parametrize(
    "bad_price", ["0", "0.00", "-1.00", "12.999", "$12.99", "12,99", "1e3", "NaN", True, None]
)
def test_parser_rejects_prices_that_are_not_positive_two_decimal_amounts(
    bad_price: object,
) -> None:
    parsed = parse_pricing_answer(answer((1, bad_price)), [1])

    assert parsed.prices == {}
    assert parsed.unparsed == [1]


def test_parser_accepts_numbers_and_quoted_ids() -> None:
    text = '[{"id": "1", "price": 3}, {"id": 2, "price": 4.5}]'

    parsed = parse_pricing_answer(text, [1, 2])

    assert parsed.prices == {1: Decimal("3.00"), 2: Decimal("4.50")}


def test_parser_rejects_both_answers_for_a_duplicated_id() -> None:
    parsed = parse_pricing_answer(answer((1, "1.00"), (1, "2.00"), (2, "3.00")), [1, 2])

    assert parsed.prices == {2: Decimal("3.00")}
    assert parsed.unparsed == [1]


def test_parser_reads_an_answer_inside_a_code_fence() -> None:
    parsed = parse_pricing_answer("```json\n" + answer((1, "9.99")) + "\n```", [1])

    assert parsed.prices == {1: Decimal("9.99")}
