"""Accounts: registration, login, profile, avatar, password and the admin's user management."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Role, User
from db.transaction import transaction
from resolvers.errors import Collector, DomainError
from resolvers.paging import Page, PageRequest
from resolvers.passwords import hash_password, verify_password
from resolvers.rate_limits import Limit, RateLimiter, allow_all
from resolvers.tokens import TokenIssuer

USERNAME_RE = re.compile(r"^[A-Za-z0-9_]{3,32}$")
PASSWORD_MIN, PASSWORD_MAX = 8, 128
NICKNAME_MAX, SIGNATURE_MAX = 40, 200

# magic bytes -> extension: the declared content type of an upload is not trusted
IMAGE_SIGNATURES: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}


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


@dataclass(frozen=True)
class Login:
    user: User
    token: str


def _check_password(errors: Collector, password: str, field: str) -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        errors.add(
            AccountErrorCode.INVALID,
            f"password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters",
            field,
        )


def _check_profile(errors: Collector, nickname: str | None, signature: str | None) -> None:
    if nickname is not None and len(nickname.strip()) > NICKNAME_MAX:
        errors.add(AccountErrorCode.INVALID, f"at most {NICKNAME_MAX} characters", "nickname")
    if signature is not None and len(signature) > SIGNATURE_MAX:
        errors.add(AccountErrorCode.INVALID, f"at most {SIGNATURE_MAX} characters", "signature")


async def get_user_by_username(session: AsyncSession, username: str) -> User | None:
    result = await session.exec(select(User).where(User.username == username))
    return result.first()


async def register(
    session: AsyncSession,
    username: str,
    password: str,
    nickname: str | None = None,
    role: Role = Role.CUSTOMER,
) -> User:
    errors = Collector()
    if not USERNAME_RE.match(username):
        errors.add(
            AccountErrorCode.INVALID,
            "username must be 3 to 32 letters, digits or underscores",
            "username",
        )
    _check_password(errors, password, "password")
    _check_profile(errors, nickname, None)
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


async def login(session: AsyncSession, tokens: TokenIssuer, username: str, password: str) -> Login:
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
    _check_profile(errors, nickname, signature)
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


async def change_password(session: AsyncSession, user: User, old_password: str, new_password: str) -> User:
    errors = Collector()
    _check_password(errors, new_password, "newPassword")
    errors.raise_if_any()
    if not await verify_password(user.password_hash, old_password):
        raise DomainError.of(AccountErrorCode.WRONG_PASSWORD, "the current password is wrong", "oldPassword")
    new_hash = await hash_password(new_password)
    async with transaction(session):
        user = await session.merge(user)
        user.password_hash = new_hash
        user.token_version += 1  # every token issued before this change stops working
    return user


def sniff_image(data: bytes) -> str | None:
    for signature, extension in IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


async def set_avatar(session: AsyncSession, user: User, data: bytes, media_dir: Path, max_bytes: int) -> User:
    if len(data) > max_bytes:
        raise DomainError.of(
            AccountErrorCode.FILE_TOO_LARGE,
            f"the avatar may be at most {max_bytes // 1024} KiB",
            "avatar",
        )
    extension = sniff_image(data)
    if extension is None:
        raise DomainError.of(
            AccountErrorCode.UNSUPPORTED_FILE_TYPE,
            "the avatar must be a PNG, JPEG, GIF or WebP image",
            "avatar",
        )
    folder = media_dir / "avatars"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{extension}"
    (folder / name).write_bytes(data)
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


async def check_login_rate(limiter: RateLimiter, username: str, address: str, per_minute: int) -> None:
    """Per account (guessing one password) and per address (trying many accounts)."""
    checks = [
        (f"login:user:{username.lower()[:64]}", Limit(per_minute, 60)),
        (f"login:ip:{address}", Limit(per_minute * 3, 60)),
    ]
    if not await allow_all(limiter, checks):
        raise DomainError.of(AccountErrorCode.RATE_LIMITED, "too many login attempts, try again in a minute")


async def check_registration_rate(limiter: RateLimiter, address: str, per_hour: int) -> None:
    if not await limiter.allow(f"register:ip:{address}", Limit(per_hour, 3600)):
        raise DomainError.of(
            AccountErrorCode.RATE_LIMITED, "too many new accounts from here, try again later"
        )
