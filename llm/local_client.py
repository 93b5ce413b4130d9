"""The client used when no LLM is configured: local embeddings, no chat."""

from __future__ import annotations

import asyncio

from llm.client import ChatMessage, ChatResult
from llm.errors import LLMNotConfigured
from ml.embeddings import TextEmbedder, Vectors, default_embedder


class LocalLLMClient:
    """Embeds with the bundled MiniLM model; `chat` raises LLMNotConfigured.

    There is no local model that can chat, and pretending would hand features made-up answers.
    Each feature instead checks `is_local` and uses its own local path: the request splitter
    its rule-based parser, pricing the ml/ pricing model, tagging the Seq2Label student.
    A feature that reaches `chat` anyway gets an error that says what to configure.
    """

    is_local = True
    name = "local"

    def __init__(self, embedder: TextEmbedder | None = None) -> None:
        # Loaded lazily: building the client must not load a 90 MB model nobody asked for.
        self._embedder = embedder

    async def chat(
        self,
        messages: list[ChatMessage],
        *,
        temperature: float = 0,
        max_tokens: int | None = None,
        json_mode: bool = False,
    ) -> ChatResult:
        raise LLMNotConfigured(
            "no language model is configured (set an OpenAI API key); "
            "this feature has no local fallback for chat"
        )

    async def embed(self, texts: list[str]) -> Vectors:
        embedder = self._embedder or default_embedder()
        # Model inference is CPU-bound; the event loop keeps serving meanwhile.
        return await asyncio.to_thread(embedder.encode, texts)

    async def aclose(self) -> None:
        return None
