"""Accounts: registration, login, profile, avatar, password and the admin's user management."""

from __future__ import annotations

import asyncio
import io
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Role, User
from db.transaction import transaction
from resolvers.errors import Collector, DomainError
from resolvers.paging import Page, PageRequest
from resolvers.passwords import hash_password, verify_password, weakness
from resolvers.rate_limits import Limit, RateLimiter, allow_all
from resolvers.tokens import TokenIssuer
from resolvers.visible_text import has_invisible_characters

USERNAME_RE = re.compile(r"^[A-Za-z0-9_]{3,32}$")
PASSWORD_MIN, PASSWORD_MAX = 8, 128
NICKNAME_MAX, SIGNATURE_MAX = 40, 200
# names a shopper must not wear, as a username or as a nickname: they would speak for the shop
RESERVED_NAMES = frozenset(
    {"admin", "administrator", "root", "support", "staff", "moderator", "system", "mall", "official"}
)
# letters that look like Latin ones (Cyrillic and Greek) and digits used as letters
LOOKALIKES = str.maketrans("аеорсухіјѕԁɡοιαν034579@$", "aeopcyxijsdgoiavoeastgas")

# avatars: the formats decoded (the declared content type of an upload is not trusted), the
# largest image decoded and the size stored
AVATAR_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
AVATAR_MAX_PIXELS = 25_000_000
AVATAR_SIZE = 512


class AccountErrorCode(StrEnum):
    INVALID = "invalid"
    REQUIRED = "required"
    USERNAME_TAKEN = "username_taken"
    INVALID_CREDENTIALS = "invalid_credentials"
    ACCOUNT_LOCKED = "account_locked"
    WRONG_PASSWORD = "wrong_password"
    FILE_TOO_LARGE = "file_too_large"
    UNSUPPORTED_FILE_TYPE = "unsupported_file_type"
    NOT_FOUND = "not_found"
    CANNOT_LOCK_SELF = "cannot_lock_self"
    RATE_LIMITED = "rate_limited"
    WEAK_PASSWORD = "weak_password"
    RESERVED = "reserved"


@dataclass(frozen=True)
class PasswordAttempts:
    """The attempt limit on every password check: per account (someone guessing one password,
    by login or by changePassword, aliases included) and per client address (many accounts)."""

    limiter: RateLimiter
    address: str
    per_minute: int

    async def check(self, username: str) -> None:
        checks = [
            (f"login:user:{username.lower()[:64]}", Limit(self.per_minute, 60)),
            (f"login:ip:{self.address}", Limit(self.per_minute * 3, 60)),
        ]
        if not await allow_all(self.limiter, checks):
            raise DomainError.of(
                AccountErrorCode.RATE_LIMITED, "too many password attempts, try again in a minute"
            )


@dataclass(frozen=True)
class Login:
    user: User
    token: str


def _check_password(errors: Collector, password: str, field: str, user_inputs: list[str]) -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        errors.add(
            AccountErrorCode.INVALID,
            f"password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters",
            field,
        )
    elif (reason := weakness(password, user_inputs)) is not None:
        errors.add(AccountErrorCode.WEAK_PASSWORD, reason, field)


def skeleton_words(name: str, one: str = "i") -> list[str]:
    """The words a name looks like: compatibility-folded, lower case, look-alike letters mapped to
    Latin ("Adm1n", "ＡＤＭＩＮ" and Cyrillic "аdmin" all read "admin")."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name)).casefold()
    latin = folded.translate(LOOKALIKES).replace("1", one)
    letters = "".join(
        c if c.isascii() and c.isalpha() else " " for c in latin if not unicodedata.combining(c)
    )
    return letters.split()


def is_reserved(name: str) -> bool:
    """A word of the name is a reserved one, or the whole name spells one ("a.d.m.i.n")."""
    for one in ("i", "l"):
        words = skeleton_words(name, one)
        if "".join(words) in RESERVED_NAMES or any(word in RESERVED_NAMES for word in words):
            return True
    return False


def _check_profile(
    errors: Collector, nickname: str | None, signature: str | None, *, staff: bool = False
) -> None:
    if nickname is not None:
        if len(nickname.strip()) > NICKNAME_MAX:
            errors.add(AccountErrorCode.INVALID, f"at most {NICKNAME_MAX} characters", "nickname")
        elif has_invisible_characters(nickname):
            errors.add(AccountErrorCode.INVALID, "letters, digits, spaces and punctuation only", "nickname")
        elif not staff and is_reserved(nickname):
            errors.add(AccountErrorCode.RESERVED, "this nickname is reserved for the shop", "nickname")
    if signature is not None:
        if len(signature) > SIGNATURE_MAX:
            errors.add(AccountErrorCode.INVALID, f"at most {SIGNATURE_MAX} characters", "signature")
        elif has_invisible_characters(signature, allow="\n"):
            errors.add(AccountErrorCode.INVALID, "no control characters, please", "signature")


async def get_user_by_username(session: AsyncSession, username: str) -> User | None:
    """Usernames are unique regardless of case: "Ann" and "ann" are one account."""
    result = await session.exec(select(User).where(func.lower(User.username) == username.lower()))
    return result.first()


async def register(
    session: AsyncSession,
    username: str,
    password: str,
    nickname: str | None = None,
    role: Role = Role.CUSTOMER,
) -> User:
    errors = Collector()
    staff = role == Role.ADMIN
    if not USERNAME_RE.match(username):
        errors.add(
            AccountErrorCode.INVALID,
            "username must be 3 to 32 letters, digits or underscores",
            "username",
        )
    elif not staff and is_reserved(username):
        errors.add(AccountErrorCode.RESERVED, "this username is reserved for the shop", "username")
    _check_password(errors, password, "password", [username, nickname or ""])
    _check_profile(errors, nickname, None, staff=staff)
    errors.raise_if_any()
    taken = DomainError.of(AccountErrorCode.USERNAME_TAKEN, "this username is taken", "username")
    if await get_user_by_username(session, username) is not None:
        raise taken
    user = User(
        username=username,
        password_hash=await hash_password(password),
        nickname=(nickname or username).strip(),
        role=role,
    )
    try:
        async with transaction(session):
            session.add(user)
    except IntegrityError as exc:  # a concurrent registration took the name first
        raise taken from exc
    return user


async def login(
    session: AsyncSession,
    tokens: TokenIssuer,
    username: str,
    password: str,
    attempts: PasswordAttempts | None,
) -> Login:
    if attempts is not None:
        await attempts.check(username)
    user = await get_user_by_username(session, username)
    if not await verify_password(user.password_hash if user else None, password) or user is None:
        raise DomainError.of(AccountErrorCode.INVALID_CREDENTIALS, "wrong username or password", "password")
    if user.is_locked:
        raise DomainError.of(AccountErrorCode.ACCOUNT_LOCKED, "this account is locked")
    assert user.id is not None
    return Login(user=user, token=tokens.issue(user.id, user.token_version))


async def update_profile(
    session: AsyncSession, user: User, nickname: str | None, signature: str | None
) -> User:
    errors = Collector()
    _check_profile(errors, nickname, signature, staff=user.role == Role.ADMIN)
    if nickname is not None and not nickname.strip():
        errors.add(AccountErrorCode.REQUIRED, "nickname cannot be empty", "nickname")
    errors.raise_if_any()
    async with transaction(session):
        user = await session.merge(user)
        if nickname is not None:
            user.nickname = nickname.strip()
        if signature is not None:
            user.signature = signature
    return user


async def change_password(
    session: AsyncSession,
    user: User,
    old_password: str,
    new_password: str,
    attempts: PasswordAttempts | None,
) -> User:
    errors = Collector()
    _check_password(errors, new_password, "newPassword", [user.username, user.nickname or ""])
    errors.raise_if_any()
    if attempts is not None:
        await attempts.check(user.username)
    if not await verify_password(user.password_hash, old_password):
        raise DomainError.of(AccountErrorCode.WRONG_PASSWORD, "the current password is wrong", "oldPassword")
    new_hash = await hash_password(new_password)
    async with transaction(session):
        user = await session.merge(user)
        user.password_hash = new_hash
        user.token_version += 1  # every token issued before this change stops working
    return user


def reencode_avatar(data: bytes, max_pixels: int = AVATAR_MAX_PIXELS) -> bytes:
    """Decode the upload and write a fresh PNG of at most AVATAR_SIZE pixels a side.

    Nothing the client sent is stored as sent: a polyglot file (an image header in front of
    HTML or a script) does not survive decoding, metadata (GPS positions) is dropped, and a
    "decompression bomb" is refused by its declared size before its pixels are decoded.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in AVATAR_FORMATS:
                raise ValueError(image.format)
            width, height = image.size
            if width * height > max_pixels:
                raise DomainError.of(
                    AccountErrorCode.FILE_TOO_LARGE,
                    f"the avatar may be at most {max_pixels // 1_000_000} megapixels",
                    "avatar",
                )
            image.seek(0)  # an animation's first frame
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        raise DomainError.of(
            AccountErrorCode.UNSUPPORTED_FILE_TYPE,
            "the avatar must be a PNG, JPEG, GIF or WebP image",
            "avatar",
        ) from exc
    picture.thumbnail((AVATAR_SIZE, AVATAR_SIZE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


async def set_avatar(session: AsyncSession, user: User, data: bytes, media_dir: Path, max_bytes: int) -> User:
    if len(data) > max_bytes:
        raise DomainError.of(
            AccountErrorCode.FILE_TOO_LARGE,
            f"the avatar may be at most {max_bytes // 1024} KiB",
            "avatar",
        )
    png = await asyncio.to_thread(reencode_avatar, data)
    folder = media_dir / "avatars"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.png"
    (folder / name).write_bytes(png)
    async with transaction(session):
        user = await session.merge(user)
        previous = user.avatar
        user.avatar = f"avatars/{name}"
    if previous:
        (media_dir / previous).unlink(missing_ok=True)
    return user


async def list_users(
    session: AsyncSession, page: PageRequest, search: str | None = None, locked: bool | None = None
) -> Page[User]:
    query = select(User).order_by(col(User.id))
    if search:
        query = query.where(col(User.username).contains(search, autoescape=True))
    if locked is not None:
        query = query.where(User.is_locked == locked)
    rows = await session.exec(query.offset(page.offset).limit(page.limit + 1))
    return Page.from_overfetch(list(rows), page)


async def set_user_locked(session: AsyncSession, admin: User, user_id: int, locked: bool) -> User:
    if user_id == admin.id:
        raise DomainError.of(AccountErrorCode.CANNOT_LOCK_SELF, "you cannot lock yourself", "userId")
    async with transaction(session):
        user = await session.get(User, user_id)
        if user is None:
            raise DomainError.of(AccountErrorCode.NOT_FOUND, "no such user", "userId")
        user.is_locked = locked
    return user


async def create_admin(session: AsyncSession, username: str, password: str) -> User:
    """Used by `mall admin create`: there is never a default admin password."""
    return await register(session, username, password, role=Role.ADMIN)


async def users_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[User | None]:
    rows = await session.exec(select(User).where(col(User.id).in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(key) for key in ids]


async def check_registration_rate(limiter: RateLimiter, address: str, per_hour: int) -> None:
    if not await limiter.allow(f"register:ip:{address}", Limit(per_hour, 3600)):
        raise DomainError.of(
            AccountErrorCode.RATE_LIMITED, "too many new accounts from here, try again later"
        )
