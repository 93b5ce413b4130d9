"""Picks the LLM client from plain settings: OpenAI with a key, local without."""

from __future__ import annotations

from llm.client import LLMClient
from llm.local_client import LocalLLMClient
from llm.openai_client import DEFAULT_EMBEDDING_MODEL, OpenAIClient, RetryPolicy


def make_llm_client(
    api_key: str | None,
    base_url: str | None,
    model: str,
    timeout_s: float,
    max_retries: int,
    *,
    embedding_model: str = DEFAULT_EMBEDDING_MODEL,
) -> LLMClient:
    """OpenAI (or the compatible server at base_url) when an API key is given, local otherwise.

    Local servers that ignore authentication still need some key here, e.g. "none": the key
    is what says "an LLM is configured".
    """
    if api_key is None or not api_key.strip():
        return LocalLLMClient()
    return OpenAIClient(
        api_key=api_key.strip(),
        model=model,
        base_url=base_url or None,
        timeout_s=timeout_s,
        retry=RetryPolicy(max_retries=max_retries),
        embedding_model=embedding_model,
    )
