"""The one interface every language-model client implements, and its value types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from ml.embeddings import Vectors

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One turn of a chat prompt."""

    role: Role
    content: str

    @classmethod
    def system(cls, content: str) -> ChatMessage:
        return cls("system", content)

    @classmethod
    def user(cls, content: str) -> ChatMessage:
        return cls("user", content)

    @classmethod
    def assistant(cls, content: str) -> ChatMessage:
        return cls("assistant", content)


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens a call consumed, as the server reported them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True, slots=True)
class ChatResult:
    """The assistant's text and where it came from."""

    text: str
    model: str
    usage: Usage
    is_local: bool


class LLMClient(Protocol):
    """A chat and embedding model, remote (OpenAI-compatible) or local.

    Features check `is_local` to pick their own local model instead of calling `chat`.
    """

    @property
    def name(self) -> str:
        """A label for logs and the API, e.g. "openai:gpt-4o-mini" or "local"."""
        ...

    @property
    def is_local(self) -> bool: ...

    async def chat(
        self,
        messages: list[ChatMessage],
        *,
        temperature: float = 0,
        max_tokens: int | None = None,
        json_mode: bool = False,
    ) -> ChatResult:
        """One completion; raises LLMUnavailable, LLMBadResponse or LLMNotConfigured."""
        ...

    async def embed(self, texts: list[str]) -> Vectors:
        """One float32 row per text, in order."""
        ...

    async def aclose(self) -> None:
        """Release connections; the client is unusable afterwards."""
        ...
