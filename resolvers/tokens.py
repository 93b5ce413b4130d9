"""JWT access tokens: issued at login, checked on every request; re-login when they expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import jwt

from db.types import utcnow

ALGORITHM = "HS256"


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    token_version: int


class InvalidToken(Exception):
    """The token is malformed, forged or expired; the message is safe to show."""


class TokenIssuer:
    def __init__(self, key: str, lifetime: timedelta) -> None:
        self._key = key
        self.lifetime = lifetime

    def issue(self, user_id: int, token_version: int) -> str:
        now = utcnow()
        claims = {
            "sub": str(user_id),
            "tv": token_version,
            "iat": int(now.timestamp()),
            "exp": int((now + self.lifetime).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def verify(self, token: str) -> TokenClaims:
        try:
            claims = jwt.decode(token, self._key, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]})
            return TokenClaims(user_id=int(claims["sub"]), token_version=int(claims.get("tv", 0)))
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("your session has expired, please log in again") from exc
        except (jwt.InvalidTokenError, ValueError) as exc:
            raise InvalidToken("the access token is not valid, please log in again") from exc
