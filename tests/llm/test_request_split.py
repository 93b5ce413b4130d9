"""Shopping-request splitting: the LLM path against the fake server, and the local parser."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from llm.local_client import LocalLLMClient
from llm.openai_client import OpenAIClient
from llm.request_split import (
    MAX_NEEDS,
    MAX_REQUEST_CHARS,
    Need,
    SplitParseError,
    extract_budget,
    load_examples,
    parse_split_answer,
    split_locally,
    split_request,
)
from tests.fakes.openai_server import FakeOpenAIServer, HttpError, Reply

ISSUE_EXAMPLE = "friends are coming tomorrow, some fruit and snacks, under $40"


def texts(needs: list[Need]) -> list[str]:
    return [need.text for need in needs]


def write_examples(path: Path) -> Path:
    lines = [
        {
            "messages": [
                {"role": "system", "content": "Split the request."},
                {"role": "user", "content": "Taco night for four"},
                {"role": "assistant", "content": "Taco shells:8\nSalsa:5\nCheddar:4"},
            ]
        },
        {"messages": [{"role": "user", "content": "no answer here"}]},
        {
            "messages": [
                {"role": "user", "content": "bad format"},
                {"role": "assistant", "content": "just some prose"},
            ]
        },
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json\n")
    return path


async def test_llm_path_uses_examples_and_scales_scores(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient, tmp_path: Path
) -> None:
    examples = load_examples(write_examples(tmp_path / "examples.jsonl"))
    fake_openai.push(Reply("Green apple:6\nBanana:6\nCandy:3"))

    result = await split_request(openai_client, ISSUE_EXAMPLE, examples=examples)

    assert result.source == "llm"
    assert [(need.text, need.importance) for need in result.needs] == [
        ("Green apple", 0.6),
        ("Banana", 0.6),
        ("Candy", 0.3),
    ]
    assert result.budget == Decimal("40.00")
    [request] = fake_openai.chat_requests
    # the file's good example and the built-in ones are few-shot turns; the bad ones are not
    assert "Taco night for four" in request.prompt
    assert "Picnic on Saturday" in request.prompt
    assert "bad format" not in request.prompt
    # the budget is read locally, so the model never sees (and never itemises) it
    assert request.messages[-1]["content"] == "friends are coming tomorrow, some fruit and snacks"


async def test_llm_answer_that_does_not_parse_falls_back_to_local(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Reply("Sure! You could buy fruit and maybe some snacks."))

    result = await split_request(openai_client, ISSUE_EXAMPLE)

    assert result.source == "local"
    assert texts(result.needs) == ["fruit", "snacks"]
    assert result.note is not None
    assert "did not parse" in result.note


async def test_unavailable_llm_falls_back_to_local(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(HttpError(401, "bad key"))

    result = await split_request(openai_client, ISSUE_EXAMPLE)

    assert result.source == "local"
    assert result.note is not None
    assert "LLMRejected" in result.note


async def test_local_client_uses_the_local_parser() -> None:
    result = await split_request(LocalLLMClient(), ISSUE_EXAMPLE)

    assert result.source == "local"
    assert texts(result.needs) == ["fruit", "snacks"]


def test_local_parser_splits_the_issue_example() -> None:
    result = split_locally(ISSUE_EXAMPLE)

    assert texts(result.needs) == ["fruit", "snacks"]
    assert result.budget == Decimal("40.00")
    assert result.needs[0].importance > result.needs[1].importance
    assert result.note is None


def test_local_parser_weighs_emphasised_items_higher() -> None:
    result = split_locally(
        "We're having friends over tomorrow. Recommend some fruit and snacks for me. "
        "My friends love fruit more, so please recommend more fruit."
    )

    weights = {need.text: need.importance for need in result.needs}
    assert set(weights) == {"fruit", "snacks"}
    assert weights["fruit"] == 1.0
    assert weights["snacks"] < 0.8


def test_local_parser_lowers_optional_items() -> None:
    result = split_locally("coffee, milk, maybe cookies")

    weights = {need.text: need.importance for need in result.needs}
    assert weights["cookies"] < weights["milk"] < weights["coffee"]


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("snacks under $40", Decimal("40.00")),
        ("snacks for less than 40 dollars", Decimal("40.00")),
        ("$40 budget for snacks", Decimal("40.00")),
        ("budget of 25.50, snacks", Decimal("25.50")),
        ("snacks, up to 1,000 USD", Decimal("1000.00")),
        ("snacks under 40 calories", None),
        ("two dozen eggs", None),
    ],
)
def test_budget_is_read_separately(text: str, budget: Decimal | None) -> None:
    found, rest = extract_budget(text)

    assert found == budget
    assert "snacks" in rest or "eggs" in rest


def test_local_parser_keeps_multiword_items_whole() -> None:
    result = split_locally("I'd like some plain orange juice, party hats and a bottle of wine")

    assert texts(result.needs) == ["plain orange juice", "party hats", "bottle of wine"]


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_request_gives_no_needs_and_says_why(text: str) -> None:
    result = split_locally(text)

    assert result.needs == []
    assert result.budget is None
    assert result.note == "empty request"


@pytest.mark.parametrize("text", ["asdfghjkl zxcvbnm", "!!! ??? 123 ...", "friends are coming"])
def test_nonsense_request_gives_no_needs_and_says_why(text: str) -> None:
    result = split_locally(text)

    assert result.needs == []
    assert result.note == "no items recognised in the request"


def test_huge_request_is_truncated_and_capped() -> None:
    words = [f"item{n}" for n in range(2000)]
    text = ", ".join(words)[:10_000]

    result = split_locally(text)

    assert len(text) == 10_000
    assert len(result.needs) == MAX_NEEDS
    assert result.note == f"request truncated to {MAX_REQUEST_CHARS} characters"


async def test_huge_request_is_truncated_before_it_reaches_the_llm(
    fake_openai: FakeOpenAIServer, openai_client: OpenAIClient
) -> None:
    fake_openai.push(Reply("Apples:5"))

    result = await split_request(openai_client, "apples " * 2000)

    assert result.source == "llm"
    assert len(fake_openai.chat_requests[0].messages[-1]["content"]) <= MAX_REQUEST_CHARS
    assert result.note is not None
    assert "truncated" in result.note


def test_parser_accepts_unit_scores_bullets_and_drops_duplicates() -> None:
    needs = parse_split_answer("- Oatmeal: 0.8\n- Honey:0.2\n- oatmeal:0.5\n")

    assert [(need.text, need.importance) for need in needs] == [("Oatmeal", 0.8), ("Honey", 0.2)]


@pytest.mark.parametrize(
    "answer", ["", "Oatmeal", "Oatmeal:eleven", "Oatmeal:42", "Oatmeal:5\nand some prose", "123:4"]
)
def test_parser_rejects_answers_that_are_not_item_score_lines(answer: str) -> None:
    with pytest.raises(SplitParseError):
        parse_split_answer(answer)


def test_real_examples_file_loads_every_example(shared_data: Path) -> None:
    examples = load_examples(shared_data / "request_split_examples.jsonl")

    assert len(examples) == 9
    assert all(parse_split_answer(example.answer) for example in examples)


def test_missing_examples_file_gives_no_examples(tmp_path: Path) -> None:
    assert load_examples(tmp_path / "absent.jsonl") == []
