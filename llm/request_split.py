"""Shopping-request splitter: natural language to weighted needs and a budget, LLM or local."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from llm.client import ChatMessage, LLMClient
from llm.errors import LLMError

log = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 2000
MAX_NEEDS = 8
MAX_FILE_EXAMPLES = 6
MAX_NEED_CHARS = 80

SplitSource = Literal["llm", "local"]


@dataclass(frozen=True, slots=True)
class Need:
    """One thing the shopper wants; importance in 0..1, higher matters more."""

    text: str
    importance: float


@dataclass(frozen=True, slots=True)
class SplitRequest:
    """The itemised request; `note` says what was noteworthy (fallback, truncation, empty)."""

    needs: list[Need]
    budget: Decimal | None
    source: SplitSource
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SplitExample:
    """A few-shot pair: a request and its `Item:score` answer."""

    request: str
    answer: str


class SplitParseError(ValueError):
    """An answer that is not a list of `Item:score` lines."""


SYSTEM_PROMPT = (
    "You turn a shopper's request into the list of products to search for. Answer one item "
    "per line as `Item:score`, where Item is a short product description fit for a product "
    "search and score from 1 to 10 says how much the item matters to the whole request. "
    "At most 8 lines, nothing else."
)

# Written for this project (the shared examples may not be copied in); they keep the LLM path
# working when no examples file is configured.
BUILTIN_EXAMPLES: tuple[SplitExample, ...] = (
    SplitExample(
        "Picnic on Saturday: I need sandwich bread, some cheese and lots of lemonade",
        "Sandwich bread:6\nCheese:5\nLemonade:9",
    ),
    SplitExample(
        "We ran out of coffee, and something sweet for breakfast would be nice",
        "Ground coffee:9\nBreakfast pastries:4",
    ),
)


def load_examples(path: Path) -> list[SplitExample]:
    """Pairs from an OpenAI chat fine-tuning JSONL file; lines that do not fit are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        log.warning("request split examples unreadable at %s: %s", path, exc.strerror)
        return []
    examples: list[SplitExample] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            messages = json.loads(line)["messages"]
            user = next(m["content"] for m in messages if m["role"] == "user")
            answer = next(m["content"] for m in messages if m["role"] == "assistant")
            # an example the parser would reject would teach the model a format we refuse
            parse_split_answer(answer)
        except (ValueError, KeyError, TypeError, StopIteration):
            log.warning("request split example %s:%d skipped", path.name, number)
            continue
        examples.append(SplitExample(" ".join(str(user).split()), str(answer).strip()))
    return examples


def build_split_messages(request: str, examples: Sequence[SplitExample] = ()) -> list[ChatMessage]:
    messages = [ChatMessage.system(SYSTEM_PROMPT)]
    for example in (*BUILTIN_EXAMPLES, *examples[:MAX_FILE_EXAMPLES]):
        messages += [ChatMessage.user(example.request), ChatMessage.assistant(example.answer)]
    messages.append(ChatMessage.user(request))
    return messages


_ANSWER_LINE = re.compile(
    r"^(?:[-*\u2022]\s*|\d{1,2}[.)]\s+)?(?P<item>.+?)\s*[:\uff1a]\s*(?P<score>\d{1,2}(?:\.\d+)?)$"
)


def parse_split_answer(text: str) -> list[Need]:
    """Strict: every non-blank line must be `Item:score`; 0..1 kept, 1..10 scaled to 0.1..1."""
    parsed: list[tuple[str, float]] = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _ANSWER_LINE.match(line)
        if match is None:
            raise SplitParseError(f"line {number} is not `Item:score`")
        item = " ".join(match["item"].strip("\"'` ").split())
        score = float(match["score"])
        if not re.search(r"[^\W\d_]", item) or len(item) > MAX_NEED_CHARS or score > 10:
            raise SplitParseError(f"line {number} has an unusable item or score")
        parsed.append((item, score))
    if not parsed:
        raise SplitParseError("no items")
    # The fine-tuning data scores 1..10; a model may still answer in 0..1 (all scores <= 1).
    scale = 1.0 if max(score for _, score in parsed) <= 1 else 10.0
    needs: dict[str, Need] = {}
    for item, score in parsed:
        needs.setdefault(item.casefold(), Need(item, round(score / scale, 2)))
    return list(needs.values())[:MAX_NEEDS]


# --- budget -------------------------------------------------------------------------------


def _amount(group: str) -> str:
    # two alternatives of one pattern cannot share a group name, hence one name per use
    return rf"(?P<{group}>\d{{1,3}}(?:,\d{{3}})+(?:\.\d{{1,2}})?|\d{{1,7}}(?:\.\d{{1,2}})?)"


_MONEY_WORD = r"(?:dollars?|usd|bucks)"
_LIMIT = (
    r"(?:under|below|less\s+than|no\s+more\s+than|not\s+more\s+than|at\s+most|max(?:imum)?"
    r"|up\s+to|within)"
)
_BUDGET_PATTERNS = (
    # "under $40", "less than 40 dollars", "up to 40$": a limit word needs a money marker,
    # or "under 40" would catch "under 40 calories"
    re.compile(
        rf"\b{_LIMIT}\s+(?:about\s+)?"
        rf"(?:\$\s*{_amount('a')}|{_amount('b')}\s*(?:\$|{_MONEY_WORD}\b))"
    ),
    # "budget of 40", "budget: $40", "budget is 40 dollars"
    re.compile(rf"\bbudget\s*(?:of|is|:)?\s*(?:about\s+)?\$?\s*{_amount('a')}"),
    # "$40 budget", "40 dollars max", "$40 total"
    re.compile(
        rf"(?:\$\s*{_amount('a')}|\b{_amount('b')}\s*(?:\$|{_MONEY_WORD}\b))\s*"
        r"(?:budget|max(?:imum)?|or\s+less|tops|total|in\s+total)\b"
    ),
)


def extract_budget(text: str) -> tuple[Decimal | None, str]:
    """The first budget phrase as an amount, and the text with that phrase cut out."""
    lowered = text.lower()
    found = [m for pattern in _BUDGET_PATTERNS if (m := pattern.search(lowered)) is not None]
    if not found:
        return None, text
    match = min(found, key=lambda m: m.start())
    try:
        groups = match.groupdict()
        amount = Decimal((groups.get("a") or groups["b"]).replace(",", ""))
    except InvalidOperation:
        return None, text
    if amount <= 0:
        return None, text
    # a comma keeps the words on both sides from joining into one need
    rest = text[: match.start()] + " , " + text[match.end() :]
    return amount.quantize(Decimal("0.01")), rest


# --- the local parser ---------------------------------------------------------------------

_SEPARATORS = re.compile(
    r"[,;.!?\n\r\t()\[\]]+|\s+(?:and|or|plus|also|some|for|as\s+well\s+as|&)\s+", re.IGNORECASE
)
_WORD = re.compile(r"[^\W_][\w'\-]*")


def _words(text: str) -> frozenset[str]:
    # Vocabularies read best as running text; a list literal would take a line per word.
    return frozenset(text.split())


# Words that carry no product: stripped from the edges of a fragment, never from its middle
# ("bottle of wine" keeps its "of").
_FILLER = _words(
    """
    a an the this that these those there here some any few couple lot lots of bunch to in on at
    by from with about into over up out so too very really just also please thanks thank hi
    hello yes no not ok okay well then than
    i i'm im i'd i'll i've me my mine we we're we'll we've our ours us you your they their them
    he she his her it it's its everyone everybody someone
    need needs needed want wants wanted would like likes love loves buy buying get getting got
    grab pick looking look find have having has had am is are was were be been being do does
    did make making made recommend recommand suggest give show help can could should will shall
    may might let's lets try bring bringing coming come comes go going gonna wanna prepare
    preparing planning plan thinking think craving crave organize organizing host hosting stock
    stocking order ordering what which how where when something anything stuff things thing
    items item more most especially mostly definitely extra maybe perhaps possibly optional
    optionally
    today tonight tomorrow weekend week morning evening night afternoon now soon later next
    current year spring summer autumn fall winter monday tuesday wednesday thursday friday
    saturday sunday
    friends friend family kids kid children guests guest people folks wife husband mom dad
    colleagues neighbours neighbors
    budget dollars dollar bucks usd total
    """
)
# Words that are not products on their own ("a party", "dinner tonight") but are fine inside
# one ("party hats", "dinner rolls").
_CONTEXT = _words(
    """
    party birthday dinner lunch breakfast brunch meal meals picnic trip visit home house
    occasion event celebration gathering holiday ideas suggestions diet quick healthy cheap
    ingredients supplies groceries essentials
    """
)
_EMPHASIS = _words("especially mostly lots plenty more really definitely must important extra")
_DEEMPHASIS = _words("maybe perhaps optional optionally possibly")
_LATIN_VOWELS = set("aeiouy")


def _plausible(word: str) -> bool:
    """Rejects keyboard mash ("asdfghjkl", "zxcvbnm"); non-Latin words are given the benefit."""
    if not word.isascii() or len(word) <= 3:
        return True  # short words are often abbreviations: tv, bbq
    if not _LATIN_VOWELS & set(word):
        return False
    return re.search(r"[^aeiouy'\-\d]{5,}", word) is None


def _truncate(text: str) -> tuple[str, bool]:
    if len(text) <= MAX_REQUEST_CHARS:
        return text, False
    cut = text[:MAX_REQUEST_CHARS]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_REQUEST_CHARS // 2 else cut), True


def _fragment_need(fragment: str) -> tuple[str, float] | None:
    """The need in one fragment and its weight adjustment, or None when it names no product."""
    # "year's" must meet the filler word "year"
    words = [word.lower().removesuffix("'s").strip("'-") for word in _WORD.findall(fragment)]
    words = [word for word in words if word]
    if not words:
        return None
    start, end = 0, len(words)
    while start < end and words[start] in _FILLER:
        start += 1
    while end > start and words[end - 1] in _FILLER:
        end -= 1
    core = words[start:end]
    if not core or all(word in _FILLER or word in _CONTEXT for word in core):
        return None
    if not any(_plausible(word) for word in core if not word.isdigit()):
        return None
    adjustment = 0.0
    if _EMPHASIS & set(words) or fragment.rstrip().endswith("!"):
        adjustment += 0.2
    if _DEEMPHASIS & set(words):
        adjustment -= 0.3
    return " ".join(core)[:MAX_NEED_CHARS], adjustment


def split_locally(text: str) -> SplitRequest:
    """Deterministic rules, no model: earlier and emphasised items weigh more."""
    if not text or not text.strip():
        return SplitRequest([], None, "local", note="empty request")
    clipped, truncated = _truncate(text)
    notes = [f"request truncated to {MAX_REQUEST_CHARS} characters"] if truncated else []
    budget, rest = extract_budget(clipped)

    # first mention fixes the order; later mentions can only add emphasis
    order: list[str] = []
    adjustments: dict[str, float] = {}
    for fragment in _SEPARATORS.split(rest):
        found = _fragment_need(fragment)
        if found is None:
            continue
        need, adjustment = found
        if need in adjustments:
            adjustments[need] = max(adjustments[need], adjustment) + 0.1
        else:
            order.append(need)
            adjustments[need] = adjustment

    needs = [
        Need(need, round(min(1.0, max(0.1, 0.8 - 0.07 * position + adjustments[need])), 2))
        for position, need in enumerate(order[:MAX_NEEDS])
    ]
    if not needs:
        notes.append("no items recognised in the request")
    return SplitRequest(needs, budget, "local", note="; ".join(notes) or None)


def _tidy(text: str) -> str:
    """Collapses the commas and spaces left where a budget phrase was cut out."""
    text = re.sub(r"\s*(?:,\s*)+", ", ", " ".join(text.split()))
    return text.strip(" ,")


async def split_request(
    client: LLMClient, text: str, *, examples: Sequence[SplitExample] = ()
) -> SplitRequest:
    """The LLM's split when it answers in the expected format, the local parser's otherwise.

    `examples` come from `load_examples(path)` (loaded once by the caller); the built-in
    examples are always included. The budget is always read by the local rules: it is a
    number, not a judgement.
    """
    if client.is_local or not text.strip():
        return split_locally(text)
    clipped, truncated = _truncate(text)
    budget, rest = extract_budget(clipped)
    try:
        answer = await client.chat(build_split_messages(_tidy(rest), examples), temperature=0, max_tokens=200)
        needs = parse_split_answer(answer.text)
    except SplitParseError as exc:
        fallback = f"LLM answer did not parse ({exc}); used the local parser"
    except LLMError as exc:
        fallback = f"LLM failed ({type(exc).__name__}); used the local parser"
    else:
        note = f"request truncated to {MAX_REQUEST_CHARS} characters" if truncated else None
        return SplitRequest(needs, budget, "llm", note=note)
    log.warning("request split: %s", fallback)
    local = split_locally(text)
    return replace(local, note="; ".join(filter(None, [fallback, local.note])))
