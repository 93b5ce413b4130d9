"""Typed failures of a language-model call, with messages safe to show operators."""

from __future__ import annotations


class LLMError(Exception):
    """Base of every failure raised by llm/; never carries an API key or a prompt."""


class LLMUnavailable(LLMError):
    """The model could not answer: retries ran out, or the request was refused."""


class LLMRejected(LLMUnavailable):
    """The server refused the request itself (400/401/403/404...): retrying cannot help."""

    def __init__(self, message: str, *, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


class LLMBadResponse(LLMError):
    """The server answered, but not with what the wire format or the feature promises."""


class LLMNotConfigured(LLMError):
    """No remote model is configured, and the feature has no local way to do this."""
