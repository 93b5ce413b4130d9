"""Permission classes attached to fields: authentication, and permissions granted by role."""

from __future__ import annotations

from typing import Any

from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from resolvers.permissions import Perm, has_perm
from schema.base import Info


class IsAuthenticated(BasePermission):
    message = "log in to do this"
    error_extensions = {"code": "UNAUTHENTICATED"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return await info.context.user() is not None


class HasPerm(BasePermission):
    """The caller's role grants this permission (checked on the server, never trusted from the client)."""

    error_extensions = {"code": "FORBIDDEN"}

    def __init__(self, perm: Perm) -> None:
        self.perm = perm
        self.message = f"you need the {perm.value} permission"

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        user = await info.context.user()
        return user is not None and has_perm(user.role, self.perm)


def login_required() -> list[FieldExtension]:
    """extensions=login_required() on a field: only a logged-in, unlocked user reaches it."""
    return [PermissionExtension([IsAuthenticated()])]


def requires(perm: Perm) -> list[FieldExtension]:
    """extensions=requires(Perm.X) on a field: only roles granting X reach it."""
    return [PermissionExtension([HasPerm(perm)])]
