"""The OpenAI (or any OpenAI-compatible server) client, with our own retries and usage log."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar, cast

import numpy as np
import openai
from openai.types import CreateEmbeddingResponse
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from llm.client import ChatMessage, ChatResult, Usage
from llm.costs import estimate_cost
from llm.errors import LLMBadResponse, LLMRejected, LLMUnavailable
from ml.embeddings import Vectors

log = logging.getLogger("llm.usage")

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small"
# The API takes up to 2048 inputs a request; smaller requests keep one failure cheap to retry.
EMBED_BATCH = 256

_T = TypeVar("_T")
_KEY_LIKE = re.compile(r"sk-[A-Za-z0-9_\-*]{3,}")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a failed call is tried again.

    Only failures that may pass are retried: timeouts, connection errors, 408, 409, 429 and 5xx.
    """

    max_retries: int = 2
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0
    # A server asking for a longer pause than this is treated as down: a request-scoped caller
    # would rather fall back at once than hold a user for minutes.
    max_retry_after_s: float = 60.0

    def backoff_s(self, retry_number: int, rng: random.Random) -> float:
        """Exponential delay with "equal jitter": half fixed, half random, so clients spread."""
        delay = min(self.max_delay_s, self.base_delay_s * 2.0 ** (retry_number - 1))
        return delay / 2 + rng.uniform(0, delay / 2)


@dataclass(slots=True)
class UsageTotals:
    """Cumulative counters of one client, for metrics and the admin view."""

    calls: int = 0
    failed_calls: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: Decimal = field(default_factory=Decimal)
    unpriced_calls: int = 0


def retry_after_s(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asks us to wait: retry-after-ms, Retry-After seconds or HTTP date."""
    lowered = {key.lower(): value for key, value in headers.items()}
    try:
        if "retry-after-ms" in lowered:
            return max(0.0, float(lowered["retry-after-ms"]) / 1000)
        value = lowered.get("retry-after")
        if value is None:
            return None
        return max(0.0, float(value))
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(lowered.get("retry-after", ""))
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - time.time())


def _is_retryable(status_code: int) -> bool:
    return status_code in (408, 409, 429) or status_code >= 500


def _redact(text: str, api_key: str) -> str:
    """Servers echo (partly masked) keys in 401 messages; operators must never see them."""
    if api_key:
        text = text.replace(api_key, "***")
    return _KEY_LIKE.sub("sk-***", text)


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])[:300]
    return ""


class OpenAIClient:
    """Chat and embeddings through the `openai` SDK with its own retries switched off.

    The SDK's retries are disabled (max_retries=0) so that one loop here decides what is
    retried, logs every attempt and keeps the wall time bounded by
    (max_retries + 1) * timeout_s + the backoff delays.
    """

    is_local = False

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout_s: float = 30.0,
        retry: RetryPolicy | None = None,
        embedding_model: str = DEFAULT_EMBEDDING_MODEL,
        seed: int | None = None,
    ) -> None:
        self.model = model
        self.embedding_model = embedding_model
        self.totals = UsageTotals()
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._retry = retry or RetryPolicy()
        self._rng = random.Random(seed)
        # base_url is passed explicitly: the SDK would otherwise read OPENAI_BASE_URL from the
        # environment behind the settings' back.
        self._sdk = openai.AsyncOpenAI(
            api_key=api_key,
            base_url=base_url or DEFAULT_BASE_URL,
            timeout=timeout_s,
            max_retries=0,
        )
        self.base_url = str(self._sdk.base_url)

    @property
    def name(self) -> str:
        return f"openai:{self.model}"

    async def chat(
        self,
        messages: list[ChatMessage],
        *,
        temperature: float = 0,
        max_tokens: int | None = None,
        json_mode: bool = False,
    ) -> ChatResult:
        wire_messages = cast(
            "list[ChatCompletionMessageParam]",
            [{"role": message.role, "content": message.content} for message in messages],
        )

        async def send() -> ChatCompletion:
            # max_tokens (not max_completion_tokens) because every OpenAI-compatible server
            # understands it; reasoning models that refuse it are not in our price table either.
            return await self._sdk.chat.completions.create(
                model=self.model,
                messages=wire_messages,
                temperature=temperature,
                max_tokens=max_tokens if max_tokens is not None else openai.omit,
                response_format={"type": "json_object"} if json_mode else openai.omit,
            )

        started = time.perf_counter()
        completion, attempts = await self._with_retries("chat", send)
        result = self._chat_result(completion)
        self._record("chat", result.model, result.usage, started, attempts)
        return result

    async def embed(self, texts: list[str]) -> Vectors:
        rows: list[list[float]] = []
        for start in range(0, len(texts), EMBED_BATCH):
            batch = texts[start : start + EMBED_BATCH]

            async def send(batch: list[str] = batch) -> CreateEmbeddingResponse:
                # float, not the SDK's default base64, so any compatible server can answer
                return await self._sdk.embeddings.create(
                    input=batch, model=self.embedding_model, encoding_format="float"
                )

            started = time.perf_counter()
            response, attempts = await self._with_retries("embed", send)
            batch_rows, model, usage = self._embedding_rows(response, len(batch))
            self._record("embed", model, usage, started, attempts)
            rows.extend(batch_rows)
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(rows, dtype=np.float32)

    async def aclose(self) -> None:
        await self._sdk.close()

    async def _with_retries(self, operation: str, send: Callable[[], Awaitable[_T]]) -> tuple[_T, int]:
        attempt = 0
        while True:
            attempt += 1
            wait_hint: float | None = None
            try:
                # The SDK's own timeout covers each read; this one bounds the whole attempt,
                # so a server trickling bytes cannot hold us past timeout_s either.
                async with asyncio.timeout(self._timeout_s):
                    return await send(), attempt
            except openai.APIStatusError as exc:
                if not _is_retryable(exc.status_code):
                    self.totals.failed_calls += 1
                    message = _redact(_server_message(exc), self._api_key)
                    log.warning(
                        "llm_call_rejected op=%s client=%s status=%d",
                        operation,
                        self.name,
                        exc.status_code,
                    )
                    raise LLMRejected(
                        f"{self.name} refused the {operation} request: HTTP {exc.status_code}"
                        + (f" ({message})" if message else ""),
                        status_code=exc.status_code,
                    ) from None
                reason = f"HTTP {exc.status_code}"
                wait_hint = retry_after_s(exc.response.headers)
            except (openai.APITimeoutError, TimeoutError):
                reason = f"timed out after {self._timeout_s:g}s"
            except openai.APIConnectionError:
                reason = "could not connect"
            except (openai.APIResponseValidationError, ValueError) as exc:
                # A body that is not JSON, or JSON that is not a completion: a broken server or
                # proxy, not a busy one; the feature decides whether to ask again.
                self.totals.failed_calls += 1
                raise LLMBadResponse(
                    f"{self.name} sent a malformed {operation} response ({type(exc).__name__})"
                ) from None

            log.warning(
                "llm_call_attempt_failed op=%s client=%s attempt=%d reason=%r",
                operation,
                self.name,
                attempt,
                reason,
            )
            if attempt > self._retry.max_retries:
                self.totals.failed_calls += 1
                raise LLMUnavailable(f"{self.name} {operation} failed after {attempt} attempt(s): {reason}")
            if wait_hint is not None and wait_hint > self._retry.max_retry_after_s:
                self.totals.failed_calls += 1
                raise LLMUnavailable(
                    f"{self.name} {operation} failed: {reason}, server asks to retry after {wait_hint:.0f}s"
                )
            delay = self._retry.backoff_s(attempt, self._rng) if wait_hint is None else wait_hint
            self.totals.retries += 1
            await asyncio.sleep(delay)

    def _chat_result(self, completion: object) -> ChatResult:
        if not isinstance(completion, ChatCompletion):
            # With a non-JSON content type the SDK hands back the raw text instead of raising.
            raise LLMBadResponse(f"{self.name} answered with something that is not a completion")
        try:
            text = completion.choices[0].message.content
            model = completion.model
        except (AttributeError, IndexError, TypeError):
            raise LLMBadResponse(f"{self.name} sent a completion without a message") from None
        if not isinstance(text, str):
            raise LLMBadResponse(f"{self.name} sent a completion without text")
        usage = completion.usage
        tokens = Usage(usage.prompt_tokens, usage.completion_tokens) if usage is not None else Usage()
        model = model if isinstance(model, str) else self.model
        return ChatResult(text=text, model=model, usage=tokens, is_local=False)

    def _embedding_rows(self, response: object, expected: int) -> tuple[list[list[float]], str, Usage]:
        if not isinstance(response, CreateEmbeddingResponse):
            raise LLMBadResponse(f"{self.name} answered with something that is not embeddings")
        try:
            items = sorted(response.data, key=lambda item: item.index)
            rows = [list(item.embedding) for item in items]
            prompt_tokens = response.usage.prompt_tokens
        except (AttributeError, TypeError):
            raise LLMBadResponse(f"{self.name} sent malformed embeddings") from None
        if len(rows) != expected or len({len(row) for row in rows}) > 1:
            raise LLMBadResponse(
                f"{self.name} sent {len(rows)} embeddings of uneven or wrong count for {expected}"
            )
        model = response.model if isinstance(response.model, str) else self.embedding_model
        return rows, model, Usage(prompt_tokens, 0)

    def _record(self, operation: str, model: str, usage: Usage, started: float, attempts: int) -> None:
        latency_ms = (time.perf_counter() - started) * 1000
        cost = estimate_cost(model, usage.prompt_tokens, usage.completion_tokens)
        self.totals.calls += 1
        self.totals.prompt_tokens += usage.prompt_tokens
        self.totals.completion_tokens += usage.completion_tokens
        if cost is None:
            self.totals.unpriced_calls += 1
        else:
            self.totals.cost_usd += cost
        fields = {
            "op": operation,
            "model": model,
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "latency_ms": round(latency_ms),
            "attempts": attempts,
            "cost_usd": str(cost) if cost is not None else None,
        }
        # key=value text for plain log readers; the same fields in `extra` for JSON formatters
        log.info(
            "llm_call %s",
            " ".join(f"{key}={value}" for key, value in fields.items()),
            extra={"llm": fields},
        )
