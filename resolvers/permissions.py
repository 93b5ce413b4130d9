"""Who may do what: permissions and the roles that grant them."""

from __future__ import annotations

from enum import StrEnum

from db.tables import Role


class Perm(StrEnum):
    MANAGE_PRODUCTS = "manage_products"
    MANAGE_USERS = "manage_users"
    MANAGE_ORDERS = "manage_orders"
    MANAGE_JOBS = "manage_jobs"
    MANAGE_LOANS = "manage_loans"


ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.CUSTOMER: frozenset(),
    Role.ADMIN: frozenset(Perm),
}


def has_perm(role: Role | str, perm: Perm) -> bool:
    return perm in ROLE_PERMISSIONS.get(Role(role), frozenset())
