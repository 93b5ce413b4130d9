"""What text a visitor may send in names and searches: visible characters only."""

from __future__ import annotations

import unicodedata

# Cc control (NUL, escapes), Cf invisible formatting (bidi overrides, zero-width), Cs lone
# surrogates, Co private use, Cn unassigned
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def has_invisible_characters(text: str, *, allow: str = "") -> bool:
    """Whether the text holds characters a reader cannot see (a NUL once matched every product)."""
    return any(unicodedata.category(c) in INVISIBLE for c in text if c not in allow)
