"""The review-tag teacher against the fake OpenAI server, with its label cache."""

from __future__ import annotations

import pytest

from llm.errors import LLMNotConfigured
from llm.local_client import LocalLLMClient
from llm.openai_client import OpenAIClient
from llm.tag_teacher import InMemoryLabelCache, label_reviews, parse_label_answer, review_key
from tests.fakes.openai_server import FakeOpenAIServer, Reply

REVIEWS = [
    "Best coffee I have had in years, smooth and rich.",
    "Arrived stale and the bag was torn.",
    "Way too sweet for my kids.",
]


async def test_reviews_are_labelled_in_one_batched_call(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Reply("1: rich smooth coffee\n2: arrived stale\n3. too sweet for kids"))

    labels = await label_reviews(openai_client, REVIEWS, InMemoryLabelCache())

    assert labels == ["rich smooth coffee", "arrived stale", "too sweet for kids"]
    [request] = fake_openai.chat_requests
    assert "1. Best coffee" in request.prompt
    assert "3. Way too sweet" in request.prompt


async def test_second_call_is_served_from_the_cache_without_a_request(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    cache = InMemoryLabelCache()
    fake_openai.push(Reply("1: rich smooth coffee\n2: arrived stale\n3: too sweet for kids"))
    first = await label_reviews(openai_client, REVIEWS, cache)

    # same reviews, differently spaced and cased: still the same reviews
    again = [f"  {review.upper()}  " for review in REVIEWS]
    second = await label_reviews(openai_client, again, cache)

    assert second == first
    assert len(fake_openai.requests) == 1


async def test_only_uncached_reviews_are_sent(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    cache = InMemoryLabelCache()
    await cache.set_many({review_key(REVIEWS[0]): "rich smooth coffee"})
    fake_openai.push(Reply("1: arrived stale\n2: too sweet for kids"))

    labels = await label_reviews(openai_client, REVIEWS, cache)

    assert labels == ["rich smooth coffee", "arrived stale", "too sweet for kids"]
    [request] = fake_openai.chat_requests
    assert "Best coffee" not in request.prompt


async def test_batches_respect_batch_size_and_duplicates_are_sent_once(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Reply("1: rich smooth coffee\n2: arrived stale"), Reply("1: too sweet"))

    labels = await label_reviews(
        openai_client, [*REVIEWS, REVIEWS[0], "   "], InMemoryLabelCache(), batch_size=2
    )

    assert labels == [
        "rich smooth coffee",
        "arrived stale",
        "too sweet",
        "rich smooth coffee",
        None,
    ]
    assert len(fake_openai.chat_requests) == 2


async def test_missing_labels_are_asked_again_then_left_empty(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    cache = InMemoryLabelCache()
    fake_openai.push(
        Reply("1: rich smooth coffee\n2: stale\n3: too sweet for kids"),
        Reply("1: a label that is much too long to be a tag"),
    )

    labels = await label_reviews(openai_client, REVIEWS, cache)

    assert labels == ["rich smooth coffee", None, "too sweet for kids"]
    retry = fake_openai.chat_requests[1]
    assert "1. Arrived stale" in retry.prompt
    # a review without a label is not cached: a later run may still label it
    assert review_key(REVIEWS[1]) not in cache.labels


async def test_local_client_serves_cached_labels_and_refuses_new_ones() -> None:
    cache = InMemoryLabelCache()
    await cache.set_many({review_key(REVIEWS[0]): "rich smooth coffee"})

    assert await label_reviews(LocalLLMClient(), REVIEWS[:1], cache) == ["rich smooth coffee"]
    with pytest.raises(LLMNotConfigured):
        await label_reviews(LocalLLMClient(), REVIEWS, cache)


def test_parser_drops_out_of_range_repeated_and_malformed_lines() -> None:
    answer = "\n".join(
        [
            "Here are your tags:",
            "1: great taste",
            "2: bad",
            "2: weak coffee flavor",
            "3: too sweet",
            "3: very sweet",
            "9: not asked for",
            '4: "Fresh And Crunchy."',
        ]
    )

    assert parse_label_answer(answer, 4) == {
        1: "great taste",
        2: "weak coffee flavor",
        4: "fresh and crunchy",
    }
