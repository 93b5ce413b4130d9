"""The address book: each user's shipping addresses, exactly one of them the default."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Address
from db.transaction import transaction
from resolvers.errors import Collector, DomainError

MAX_ADDRESSES = 20
PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")
LIMITS = {"name": 40, "phone": 20, "province": 40, "city": 40, "district": 40, "detail": 200}


class AddressErrorCode(StrEnum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    TOO_MANY = "too_many"


@dataclass
class AddressFields:
    """Writable fields; None means "leave as it is" on update (and is required on create)."""

    name: str | None = None
    phone: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    detail: str | None = None
    is_default: bool | None = None


def _validate(fields: AddressFields, *, creating: bool) -> dict[str, str]:
    errors = Collector()
    cleaned: dict[str, str] = {}
    for name, limit in LIMITS.items():
        value: str | None = getattr(fields, name)
        if value is None:
            if creating:
                errors.add(AddressErrorCode.REQUIRED, "this field is required", name)
            continue
        value = value.strip()
        if not 1 <= len(value) <= limit:
            errors.add(AddressErrorCode.INVALID, f"1 to {limit} characters", name)
        cleaned[name] = value
    if "phone" in cleaned and not PHONE_RE.match(cleaned["phone"]):
        errors.add(AddressErrorCode.INVALID, "digits, spaces and dashes, optionally a leading +", "phone")
    errors.raise_if_any()
    return cleaned


async def get_own_address(session: AsyncSession, user_id: int, address_id: int) -> Address:
    """The user's address; another user's address is simply not found."""
    address = await session.get(Address, address_id)
    if address is None or address.user_id != user_id:
        raise DomainError.of(AddressErrorCode.NOT_FOUND, "no such address", "id")
    return address


async def _clear_default(session: AsyncSession, user_id: int) -> None:
    await session.exec(update(Address).where(col(Address.user_id) == user_id).values(is_default=False))


async def list_addresses(session: AsyncSession, user_id: int) -> list[Address]:
    rows = await session.exec(
        select(Address)
        .where(Address.user_id == user_id)
        .order_by(col(Address.is_default).desc(), col(Address.id))
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def create_address(session: AsyncSession, user_id: int, fields: AddressFields) -> Address:
    cleaned = _validate(fields, creating=True)
    count = (
        await session.exec(select(func.count()).select_from(Address).where(Address.user_id == user_id))
    ).one()
    if count >= MAX_ADDRESSES:
        raise DomainError.of(AddressErrorCode.TOO_MANY, f"at most {MAX_ADDRESSES} addresses")
    address = Address.model_validate({"user_id": user_id, **cleaned})
    # the first address is the default whatever was asked; a later one only when asked
    make_default = count == 0 or bool(fields.is_default)
    async with transaction(session):
        if make_default:
            await _clear_default(session, user_id)
        address.is_default = make_default
        session.add(address)
    return address


async def update_address(
    session: AsyncSession, user_id: int, address_id: int, fields: AddressFields
) -> Address:
    cleaned = _validate(fields, creating=False)
    address = await get_own_address(session, user_id, address_id)
    async with transaction(session):
        if fields.is_default:
            await _clear_default(session, user_id)
            address.is_default = True
        for name, value in cleaned.items():
            setattr(address, name, value)
    await session.refresh(address)
    return address


async def set_default_address(session: AsyncSession, user_id: int, address_id: int) -> Address:
    return await update_address(session, user_id, address_id, AddressFields(is_default=True))


async def delete_address(session: AsyncSession, user_id: int, address_id: int) -> Address:
    """Orders keep their own snapshot, so deleting an address changes no order."""
    address = await get_own_address(session, user_id, address_id)
    async with transaction(session):
        await session.delete(address)
        await session.flush()
        if address.is_default:
            successor = (
                await session.exec(
                    select(Address).where(Address.user_id == user_id).order_by(col(Address.id).desc())
                )
            ).first()
            if successor is not None:
                successor.is_default = True
    return address


async def addresses_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Address | None]:
    rows = await session.exec(select(Address).where(col(Address.id).in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(key) for key in ids]
