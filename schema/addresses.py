"""The address book in GraphQL: your addresses, and adding, changing, deleting and the default."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import relay

from db.tables import Address
from resolvers import addresses
from resolvers.addresses import AddressErrorCode, AddressFields
from resolvers.errors import DomainError
from schema.base import Info, errors_of, node_pk
from schema.permissions import login_required
from schema.scalars import node_pks

strawberry.enum(AddressErrorCode, name="AddressErrorCode")


@strawberry.type(description="A user mistake in an address-book operation.")
class AddressError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: AddressErrorCode
    message: str


@strawberry.type(name="Address", description="A shipping address of your address book.")
class AddressNode(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="The recipient.")
    phone: str
    province: str
    city: str
    district: str
    detail: str = strawberry.field(description="Street, building, door.")
    is_default: bool = strawberry.field(description="Preselected at checkout; exactly one is.")

    @classmethod
    def from_row(cls, row: Address) -> AddressNode:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            phone=row.phone,
            province=row.province,
            city=row.city,
            district=row.district,
            detail=row.detail,
            is_default=row.is_default,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[AddressNode | None]:
        # an address is visible to its owner only
        viewer = await info.context.user()
        rows = await info.context.loaders.address.load_many(node_pks(node_ids))
        return [
            cls.from_row(row) if row and viewer is not None and row.user_id == viewer.id else None
            for row in rows
        ]


@strawberry.input(description="Address fields; on update, leave a field out to keep it.")
class AddressInput:
    name: str | None = strawberry.field(default=None, description="The recipient, 1 to 40 characters.")
    phone: str | None = strawberry.field(default=None, description="Digits, spaces, dashes, optional +.")
    province: str | None = strawberry.field(default=None, description="1 to 40 characters.")
    city: str | None = strawberry.field(default=None, description="1 to 40 characters.")
    district: str | None = strawberry.field(default=None, description="1 to 40 characters.")
    detail: str | None = strawberry.field(default=None, description="1 to 200 characters.")
    is_default: bool | None = strawberry.field(
        default=None, description="Make this the default (your first address always is)."
    )

    def to_fields(self) -> AddressFields:
        return AddressFields(
            name=self.name,
            phone=self.phone,
            province=self.province,
            city=self.city,
            district=self.district,
            detail=self.detail,
            is_default=self.is_default,
        )


@strawberry.type(description="The address that was changed.")
class AddressPayload:
    address: AddressNode | None
    errors: list[AddressError]


def _failed(exc: DomainError) -> AddressPayload:
    return AddressPayload(address=None, errors=errors_of(AddressError, exc))


async def _user_id(info: Info) -> int:
    user = await info.context.user()
    assert user is not None
    assert user.id is not None
    return user.id


@strawberry.type
class AddressQuery:
    @strawberry.field(description="Your address book, the default first.", extensions=login_required())
    async def my_addresses(self, info: Info) -> list[AddressNode]:
        rows = await addresses.list_addresses(await info.context.session(), await _user_id(info))
        return [AddressNode.from_row(row) for row in rows]


@strawberry.type
class AddressMutation:
    @strawberry.mutation(description="Add an address (at most 20).", extensions=login_required())
    async def create_address(self, info: Info, input: AddressInput) -> AddressPayload:
        try:
            row = await addresses.create_address(
                await info.context.session(), await _user_id(info), input.to_fields()
            )
        except DomainError as exc:
            return _failed(exc)
        return AddressPayload(address=AddressNode.from_row(row), errors=[])

    @strawberry.mutation(description="Change one of your addresses.", extensions=login_required())
    async def update_address(self, info: Info, id: relay.GlobalID, input: AddressInput) -> AddressPayload:
        try:
            row = await addresses.update_address(
                await info.context.session(), await _user_id(info), node_pk(id, "Address"), input.to_fields()
            )
        except DomainError as exc:
            return _failed(exc)
        return AddressPayload(address=AddressNode.from_row(row), errors=[])

    @strawberry.mutation(description="Make one of your addresses the default.", extensions=login_required())
    async def set_default_address(self, info: Info, id: relay.GlobalID) -> AddressPayload:
        try:
            row = await addresses.set_default_address(
                await info.context.session(), await _user_id(info), node_pk(id, "Address")
            )
        except DomainError as exc:
            return _failed(exc)
        return AddressPayload(address=AddressNode.from_row(row), errors=[])

    @strawberry.mutation(
        description="Delete an address; orders keep their own copy of it.", extensions=login_required()
    )
    async def delete_address(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="The address.")]
    ) -> AddressPayload:
        try:
            row = await addresses.delete_address(
                await info.context.session(), await _user_id(info), node_pk(id, "Address")
            )
        except DomainError as exc:
            return _failed(exc)
        return AddressPayload(address=AddressNode.from_row(row), errors=[])
