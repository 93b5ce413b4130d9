"""A real local HTTP server speaking the OpenAI wire format, scripted per test."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import numpy as np
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

FAKE_API_KEY = "sk-fake-test-key-0123456789"


@dataclass(frozen=True, slots=True)
class Reply:
    """A chat completion whose assistant message is `text`."""

    text: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    model: str | None = None
    finish_reason: str = "stop"


@dataclass(frozen=True, slots=True)
class EmbeddingReply:
    """An embeddings answer with exactly these vectors."""

    vectors: list[list[float]]


@dataclass(frozen=True, slots=True)
class HttpError:
    """An OpenAI-style error body with this status and headers (Retry-After...)."""

    status: int
    message: str = "fake server error"
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Malformed:
    """A body that is not what the wire format promises."""

    body: str = '{"id": "chatcmpl-broken", "choices": [ {"message": '
    status: int = 200
    content_type: str = "application/json"


@dataclass(frozen=True, slots=True)
class Delay:
    """Wait before answering with `then` (the default answer when None)."""

    seconds: float
    then: Behaviour | None = None


Behaviour = Reply | EmbeddingReply | HttpError | Malformed | Delay


def rate_limited(retry_after: str = "0.2") -> HttpError:
    """429 with a Retry-After header (seconds; fractions keep tests fast)."""
    return HttpError(429, "Rate limit reached", {"Retry-After": retry_after})


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def model(self) -> str | None:
        return self.body.get("model") if isinstance(self.body, dict) else None

    @property
    def messages(self) -> list[dict[str, Any]]:
        if isinstance(self.body, dict) and isinstance(self.body.get("messages"), list):
            return list(self.body["messages"])
        return []

    @property
    def prompt(self) -> str:
        """Every message's content, joined: handy for `assert "..." in request.prompt`."""
        return "\n".join(str(message.get("content", "")) for message in self.messages)

    @property
    def bearer_token(self) -> str | None:
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None


def _word_count(text: str) -> int:
    return len(text.split())


def _default_vector(text: str, dimension: int = 8) -> list[float]:
    """Deterministic unit vector from the text, so unscripted embeddings are still stable."""
    digest = hashlib.sha256(text.encode()).digest()
    raw = np.frombuffer(digest[:dimension], dtype=np.uint8).astype(np.float32) - 127.5
    return [float(value) for value in raw / np.linalg.norm(raw)]


class FakeOpenAIServer:
    """Starlette app under uvicorn in a background thread, on 127.0.0.1 and a free port.

    Chat and embeddings each have a queue of behaviours; a request takes the next one.
    With the chat queue empty the server answers 400 so an unscripted call fails loudly;
    with the embeddings queue empty it answers deterministic 8-d vectors.
    """

    def __init__(self, *, require_api_key: str | None = None) -> None:
        self.require_api_key = require_api_key
        self._lock = threading.Lock()
        self._chat: deque[Behaviour] = deque()
        self._embeddings: deque[Behaviour] = deque()
        self._requests: list[RecordedRequest] = []
        self._counter = 0
        self._thread: threading.Thread | None = None
        self._server: uvicorn.Server | None = None
        self._socket: socket.socket | None = None
        self.port = 0

    # scripting -------------------------------------------------------------------------------

    def push(self, *behaviours: Behaviour) -> None:
        """Queue answers for /v1/chat/completions, in order."""
        with self._lock:
            self._chat.extend(behaviours)

    def push_embeddings(self, *behaviours: Behaviour) -> None:
        """Queue answers for /v1/embeddings, in order."""
        with self._lock:
            self._embeddings.extend(behaviours)

    def reset(self) -> None:
        """Forget queued behaviours and recorded requests (between tests)."""
        with self._lock:
            self._chat.clear()
            self._embeddings.clear()
            self._requests.clear()
            self.require_api_key = None

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [request for request in self.requests if request.path.endswith("/completions")]

    @property
    def pending(self) -> int:
        """Behaviours queued but not yet used (both queues)."""
        with self._lock:
            return len(self._chat) + len(self._embeddings)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._socket = sock
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app(),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        server = self._server
        self._thread = threading.Thread(
            target=lambda: asyncio.run(server.serve(sockets=[sock])),
            name="fake-openai",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("fake OpenAI server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._socket is not None:
            self._socket.close()

    def __enter__(self) -> FakeOpenAIServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # the app ---------------------------------------------------------------------------------

    def _app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat_completions, methods=["POST"]),
                Route("/v1/embeddings", self._embeddings_endpoint, methods=["POST"]),
            ]
        )

    async def _record(self, request: Request) -> RecordedRequest:
        raw = await request.body()
        try:
            body: Any = await request.json()
        except ValueError:
            body = raw.decode(errors="replace")
        recorded = RecordedRequest(
            method=request.method,
            path=request.url.path,
            headers={key.lower(): value for key, value in request.headers.items()},
            body=body,
        )
        with self._lock:
            self._requests.append(recorded)
            self._counter += 1
        return recorded

    def _next(self, queue: deque[Behaviour]) -> Behaviour | None:
        with self._lock:
            return queue.popleft() if queue else None

    def _unauthorized(self, recorded: RecordedRequest) -> Response | None:
        if self.require_api_key is None or recorded.bearer_token == self.require_api_key:
            return None
        token = recorded.bearer_token or ""
        # Like the real API: the message echoes a masked key, which clients must not pass on.
        masked = f"{token[:6]}***{token[-4:]}" if len(token) > 10 else token
        return _error(401, f"Incorrect API key provided: {masked}.", "invalid_api_key")

    async def _chat_completions(self, request: Request) -> Response:
        recorded = await self._record(request)
        denied = self._unauthorized(recorded)
        if denied is not None:
            return denied
        return await self._respond(self._next(self._chat), recorded)

    async def _embeddings_endpoint(self, request: Request) -> Response:
        recorded = await self._record(request)
        denied = self._unauthorized(recorded)
        if denied is not None:
            return denied
        return await self._respond(self._next(self._embeddings), recorded)

    async def _respond(self, behaviour: Behaviour | None, recorded: RecordedRequest) -> Response:
        if isinstance(behaviour, Delay):
            await asyncio.sleep(behaviour.seconds)
            behaviour = behaviour.then
        if isinstance(behaviour, HttpError):
            return _error(behaviour.status, behaviour.message, None, behaviour.headers)
        if isinstance(behaviour, Malformed):
            return Response(behaviour.body, status_code=behaviour.status, media_type=behaviour.content_type)
        if recorded.path.endswith("/embeddings"):
            vectors = behaviour.vectors if isinstance(behaviour, EmbeddingReply) else None
            return self._embedding_response(recorded, vectors)
        if isinstance(behaviour, Reply):
            return self._chat_response(recorded, behaviour)
        return _error(400, "fake_openai: no scripted chat reply left for this request", None)

    def _chat_response(self, recorded: RecordedRequest, reply: Reply) -> Response:
        prompt_tokens = reply.prompt_tokens
        if prompt_tokens is None:
            prompt_tokens = _word_count(recorded.prompt)
        completion_tokens = reply.completion_tokens
        if completion_tokens is None:
            completion_tokens = _word_count(reply.text)
        return JSONResponse(
            {
                "id": f"chatcmpl-fake-{self._counter}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": reply.model or recorded.model or "fake-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.text},
                        "finish_reason": reply.finish_reason,
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            }
        )

    def _embedding_response(self, recorded: RecordedRequest, vectors: list[list[float]] | None) -> Response:
        body = recorded.body if isinstance(recorded.body, dict) else {}
        inputs = body.get("input", [])
        texts = [inputs] if isinstance(inputs, str) else [str(item) for item in inputs]
        rows = vectors if vectors is not None else [_default_vector(text) for text in texts]
        as_base64 = body.get("encoding_format") == "base64"
        data = [
            {
                "object": "embedding",
                "index": index,
                "embedding": (
                    base64.b64encode(np.asarray(row, dtype="<f4").tobytes()).decode() if as_base64 else row
                ),
            }
            for index, row in enumerate(rows)
        ]
        tokens = sum(_word_count(text) for text in texts)
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "model": body.get("model", "fake-embedding"),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )


def _error(status: int, message: str, code: str | None, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(
        {"error": {"message": message, "type": "fake_error", "param": None, "code": code}},
        status_code=status,
        headers=dict(headers or {}),
    )


# pytest fixtures: a conftest re-exports them with
#   from tests.fakes.openai_server import fake_openai, fake_openai_server  # noqa: F401


@pytest.fixture(scope="session")
def fake_openai_server() -> Iterator[FakeOpenAIServer]:
    """One server for the session: starting uvicorn per test would cost more than the test."""
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def fake_openai(fake_openai_server: FakeOpenAIServer) -> FakeOpenAIServer:
    """The session's server, with empty queues and request log."""
    fake_openai_server.reset()
    return fake_openai_server
