"""The local client: embeddings through an injected embedder, chat refused clearly."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from llm.client import ChatMessage
from llm.errors import LLMNotConfigured
from llm.local_client import LocalLLMClient
from ml.embeddings import Vectors


class RecordingEmbedder:
    """Stands in for MiniLM so the test does not load a 90 MB model."""

    name = "recording"
    dimension = 3

    def __init__(self) -> None:
        self.threads: list[str] = []

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        self.threads.append(threading.current_thread().name)
        return np.ones((len(texts), self.dimension), dtype=np.float32)


async def test_local_embeddings_run_off_the_event_loop() -> None:
    embedder = RecordingEmbedder()
    client = LocalLLMClient(embedder)

    vectors = await client.embed(["apple", "pear"])

    assert vectors.shape == (2, 3)
    assert embedder.threads != [threading.main_thread().name]


async def test_local_chat_says_no_llm_is_configured() -> None:
    client = LocalLLMClient(RecordingEmbedder())

    with pytest.raises(LLMNotConfigured, match="no language model is configured"):
        await client.chat([ChatMessage.user("hello")])
    assert client.is_local
    assert client.name == "local"
