"""LLM teacher for review tags: batched prompts, a strict parser and a cache of paid labels."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Protocol

from llm.client import ChatMessage, LLMClient
from llm.errors import LLMBadResponse

log = logging.getLogger(__name__)

REVIEW_CHARS = 1000
MIN_LABEL_WORDS = 2
MAX_LABEL_WORDS = 6
MAX_LABEL_CHARS = 60

SYSTEM_PROMPT = (
    "You label customer reviews of grocery and gourmet food products. For each numbered "
    "review write one short tag of 2 to 6 lowercase words saying what the reviewer thinks, "
    "for example: great coffee taste, arrived stale, too sweet for kids. "
    "Answer one line per review as `<number>: <tag>`, every number exactly once, nothing else."
)


class LabelCache(Protocol):
    """Labels already paid for, keyed by `review_key`; a DB-backed one lives in db/."""

    async def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        """The labels known for these keys; unknown keys are simply absent."""
        ...

    async def set_many(self, labels: Mapping[str, str]) -> None: ...


class InMemoryLabelCache:
    """A dict behind the LabelCache interface, for tests and one-off runs."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}

    async def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        return {key: self.labels[key] for key in keys if key in self.labels}

    async def set_many(self, labels: Mapping[str, str]) -> None:
        self.labels.update(labels)


def normalise_review(text: str) -> str:
    """Same review, same key: Unicode form, case and whitespace do not change what it says."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def review_key(text: str) -> str:
    return hashlib.sha256(normalise_review(text).encode("utf-8")).hexdigest()


def build_label_messages(reviews: Sequence[str]) -> list[ChatMessage]:
    # one review per line: newlines inside a review would fake extra numbered entries
    numbered = "\n".join(
        f"{number}. {' '.join(review.split())[:REVIEW_CHARS]}"
        for number, review in enumerate(reviews, start=1)
    )
    return [ChatMessage.system(SYSTEM_PROMPT), ChatMessage.user(numbered)]


_ANSWER_LINE = re.compile(r"^(?P<number>\d{1,3})\s*[.:)\-]\s*(?P<label>.+)$")


def _clean_label(raw: str) -> str | None:
    label = " ".join(raw.strip().strip("\"'`*").rstrip(".!").split()).lower()
    words = label.split()
    if not MIN_LABEL_WORDS <= len(words) <= MAX_LABEL_WORDS or len(label) > MAX_LABEL_CHARS:
        return None
    if not re.search(r"[^\W\d_]", label) or "<" in label:
        return None
    return label


def parse_label_answer(text: str, count: int) -> dict[int, str]:
    """Labels by 1-based review number; bad, out-of-range and repeated numbers are dropped."""
    labels: dict[int, str] = {}
    repeated: set[int] = set()
    for line in text.strip().splitlines():
        match = _ANSWER_LINE.match(line.strip())
        if match is None:
            continue
        number = int(match["number"])
        label = _clean_label(match["label"])
        if not 1 <= number <= count or label is None:
            continue
        if number in labels:
            repeated.add(number)
        labels[number] = label
    # two labels for one review: the model lost count, so neither is trustworthy
    return {number: label for number, label in labels.items() if number not in repeated}


async def _label_batch(client: LLMClient, texts: Sequence[str], attempts: int) -> dict[int, str]:
    """Labels by index into `texts`; each retry asks only for the reviews still unlabelled."""
    found: dict[int, str] = {}
    remaining = list(range(len(texts)))
    for attempt in range(1, attempts + 1):
        if not remaining:
            break
        batch = [texts[index] for index in remaining]
        try:
            answer = await client.chat(
                build_label_messages(batch), temperature=0, max_tokens=20 + 16 * len(batch)
            )
        except LLMBadResponse as exc:
            log.warning("tag teacher attempt %d: %s", attempt, exc)
            continue
        parsed = parse_label_answer(answer.text, len(batch))
        for number, label in parsed.items():
            found[remaining[number - 1]] = label
        remaining = [index for index in remaining if index not in found]
    if remaining:
        log.warning("tag teacher: %d of %d reviews left unlabelled", len(remaining), len(texts))
    return found


async def label_reviews(
    client: LLMClient,
    texts: Sequence[str],
    cache: LabelCache,
    batch_size: int = 20,
    *,
    attempts: int = 2,
) -> list[str | None]:
    """One label per review, in order; None where the review is blank or no clean label came.

    A review already in the cache (same normalised text) is never sent again, and duplicates
    within `texts` are sent once. Labels are cached batch by batch, so an LLMUnavailable
    halfway keeps what was already paid for. A local client raises LLMNotConfigured as soon
    as something is not cached: the local stand-in for the teacher is the ml/ tagger.
    """
    keys = [review_key(text) if text.strip() else None for text in texts]
    wanted = list(dict.fromkeys(key for key in keys if key is not None))
    labels = await cache.get_many(wanted)

    first_text = {key: text for key, text in zip(keys, texts, strict=True) if key is not None}
    missing = [key for key in wanted if key not in labels]
    for start in range(0, len(missing), batch_size):
        batch_keys = missing[start : start + batch_size]
        found = await _label_batch(client, [first_text[key] for key in batch_keys], attempts)
        new = {batch_keys[index]: label for index, label in found.items()}
        if new:
            await cache.set_many(new)
            labels.update(new)
    return [labels.get(key) if key is not None else None for key in keys]
