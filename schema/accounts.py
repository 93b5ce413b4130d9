"""Accounts in GraphQL: register, login, me, profile, avatar, password; admins list and lock users."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from db.tables import Role, User
from resolvers import accounts
from resolvers.accounts import AccountErrorCode
from resolvers.errors import DomainError
from resolvers.permissions import Perm
from schema.base import (
    PAGE_SIZE_DESCRIPTION,
    Info,
    PageInfo,
    edges,
    errors_of,
    node_pk,
    page_info,
    page_request,
)
from schema.permissions import login_required, requires
from schema.scalars import node_pks

strawberry.enum(AccountErrorCode, name="AccountErrorCode")
strawberry.enum(Role, name="Role")


@strawberry.type(description="A user mistake in an account operation.")
class AccountError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: AccountErrorCode
    message: str


@strawberry.type(name="User", description="A user of the mall.")
class UserNode(relay.Node):
    id: relay.NodeID[int]
    username: str
    nickname: str
    signature: str
    role: Role
    is_locked: bool
    created_at: datetime
    avatar_path: strawberry.Private[str | None]

    @strawberry.field(description="Address of the avatar image, if one was uploaded.")
    def avatar_url(self) -> str | None:
        return f"/media/{self.avatar_path}" if self.avatar_path else None

    @classmethod
    def from_row(cls, row: User) -> UserNode:
        assert row.id is not None
        return cls(
            id=row.id,
            username=row.username,
            nickname=row.nickname,
            signature=row.signature,
            role=row.role,
            is_locked=row.is_locked,
            created_at=row.created_at,
            avatar_path=row.avatar,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[UserNode | None]:
        # only admins may look users up by id; anyone else sees nothing
        viewer = await info.context.user()
        if viewer is None or viewer.role != Role.ADMIN:
            return [None for _ in node_ids]
        rows = await info.context.loaders.user.load_many(node_pks(node_ids))
        return [cls.from_row(row) if row else None for row in rows]


@strawberry.type(description="A page of users.")
class UserConnection:
    edges: list[UserEdge]
    page_info: PageInfo


@strawberry.type
class UserEdge:
    cursor: str
    node: UserNode


@strawberry.type(description="A login token and who it belongs to.")
class AuthPayload:
    token: str | None = strawberry.field(
        description="JWT access token: send it as 'Authorization: Bearer <token>'. "
        "It expires after the configured lifetime; log in again then."
    )
    user: UserNode | None
    errors: list[AccountError]


@strawberry.type(description="The user that was changed.")
class UserPayload:
    user: UserNode | None
    errors: list[AccountError]


def _user_payload(user: User) -> UserPayload:
    return UserPayload(user=UserNode.from_row(user), errors=[])


def _failed(exc: DomainError) -> UserPayload:
    return UserPayload(user=None, errors=errors_of(AccountError, exc))


@strawberry.input(description="A new customer account.")
class RegisterInput:
    username: str = strawberry.field(description="3 to 32 letters, digits or underscores.")
    password: str = strawberry.field(description="8 to 128 characters.")
    nickname: str | None = strawberry.field(default=None, description="Shown on reviews.")


@strawberry.input(description="Profile fields to change; leave a field out to keep it.")
class UpdateProfileInput:
    nickname: str | None = strawberry.field(default=None, description="1 to 40 characters.")
    signature: str | None = strawberry.field(default=None, description="Up to 200 characters.")


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The logged-in user, or null.")
    async def me(self, info: Info) -> UserNode | None:
        user = await info.context.user()
        return UserNode.from_row(user) if user else None

    @strawberry.field(
        description="Users, for admins.",
        extensions=requires(Perm.MANAGE_USERS),
    )
    async def users(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: str | None = None,
        search: Annotated[str | None, strawberry.argument(description="Part of a username.")] = None,
        locked: bool | None = None,
    ) -> UserConnection:
        page = await accounts.list_users(
            await info.context.session(), page_request(first, after), search, locked
        )
        return UserConnection(
            edges=edges(page, UserNode.from_row, lambda c, n: UserEdge(cursor=c, node=n)),
            page_info=page_info(page),
        )


@strawberry.type
class AccountMutation:
    @strawberry.mutation(description="Create a customer account.")
    async def register(self, info: Info, input: RegisterInput) -> UserPayload:
        context = info.context
        try:
            await accounts.check_registration_rate(
                context.services.rate_limiter, context.client_address, context.settings.registrations_per_hour
            )
            user = await accounts.register(
                await context.session(), input.username, input.password, input.nickname
            )
        except DomainError as exc:
            return _failed(exc)
        return _user_payload(user)

    @strawberry.mutation(description="Exchange a username and password for an access token.")
    async def login(self, info: Info, username: str, password: str) -> AuthPayload:
        context = info.context
        try:
            result = await accounts.login(
                await context.session(),
                context.services.tokens,
                username,
                password,
                context.password_attempts(),
            )
        except DomainError as exc:
            return AuthPayload(token=None, user=None, errors=errors_of(AccountError, exc))
        return AuthPayload(token=result.token, user=UserNode.from_row(result.user), errors=[])

    @strawberry.mutation(
        description="Change your nickname or signature.",
        extensions=login_required(),
    )
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UserPayload:
        user = await info.context.user()
        assert user is not None
        try:
            changed = await accounts.update_profile(
                await info.context.session(), user, input.nickname, input.signature
            )
        except DomainError as exc:
            return _failed(exc)
        return _user_payload(changed)

    @strawberry.mutation(
        description="Upload an avatar (multipart request; PNG, JPEG, GIF or WebP, size-limited).",
        extensions=login_required(),
    )
    async def upload_avatar(self, info: Info, avatar: Upload) -> UserPayload:
        user = await info.context.user()
        assert user is not None
        settings = info.context.settings
        data = await avatar.read(settings.avatar_max_bytes + 1)  # type: ignore[attr-defined]
        try:
            changed = await accounts.set_avatar(
                await info.context.session(),
                user,
                data,
                settings.media_dir,
                settings.avatar_max_bytes,
            )
        except DomainError as exc:
            return _failed(exc)
        return _user_payload(changed)

    @strawberry.mutation(
        description="Change your password; tokens issued before stop working.",
        extensions=login_required(),
    )
    async def change_password(self, info: Info, old_password: str, new_password: str) -> AuthPayload:
        user = await info.context.user()
        assert user is not None
        assert user.id is not None
        try:
            changed = await accounts.change_password(
                await info.context.session(),
                user,
                old_password,
                new_password,
                info.context.password_attempts(),
            )
        except DomainError as exc:
            return AuthPayload(token=None, user=None, errors=errors_of(AccountError, exc))
        assert changed.id is not None
        token = info.context.services.tokens.issue(changed.id, changed.token_version)
        return AuthPayload(token=token, user=UserNode.from_row(changed), errors=[])

    @strawberry.mutation(
        description="Lock or unlock a user; a locked user cannot log in.",
        extensions=requires(Perm.MANAGE_USERS),
    )
    async def set_user_locked(self, info: Info, user_id: relay.GlobalID, locked: bool) -> UserPayload:
        admin = await info.context.user()
        assert admin is not None
        try:
            user = await accounts.set_user_locked(
                await info.context.session(), admin, node_pk(user_id, "User"), locked
            )
        except DomainError as exc:
            return _failed(exc)
        return _user_payload(user)
