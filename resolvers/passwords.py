"""Password hashing with argon2id; hashing runs off the event loop (it is meant to be slow)."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# verified against when the user does not exist, so timing does not reveal which names exist
_DUMMY_HASH = _hasher.hash("not-a-real-password")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    def check() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


# zxcvbn's estimate: 3 = "safely unguessable" (about 10^8 guesses and up); below that are the
# common passwords, words, names, dates and keyboard patterns in its lists
MIN_STRENGTH = 3
ZXCVBN_MAX_CHARS = 72  # zxcvbn refuses longer input, and the first 72 characters are enough


def weakness(password: str, user_inputs: list[str]) -> str | None:
    """Why this password is too easy to guess, or None when it is strong enough.

    The blocklist and the entropy estimate come from zxcvbn, offline; the account's own username
    and nickname count as guesses too.
    """
    from zxcvbn import zxcvbn  # its dictionaries load on first use, not when the server starts

    result = zxcvbn(password[:ZXCVBN_MAX_CHARS], user_inputs=[u for u in user_inputs if u])
    if result["score"] >= MIN_STRENGTH:
        return None
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "").strip()
    hints = " ".join(str(s) for s in feedback.get("suggestions") or [])
    reason = warning or "it is too easy to guess"
    return f"choose a stronger password: {reason.rstrip('.')}. {hints}".strip()
