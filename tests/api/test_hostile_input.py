"""Hostile input a visitor can send, on every transport: raw bodies that are not GraphQL at all,
invalid operations, IDs whose numbers do not fit 64 bits, non-finite and huge decimals. None may
end in a 5xx, an "internal error" or an error line in the server's log.

MALL_FUZZ_EXAMPLES scales the generated cases (as in test_fuzz.py); the fixed cases always run.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
from collections.abc import Iterator
from typing import Any

import graphql
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema
from starlette.testclient import TestClient

from config.settings import Settings
from db import migrations
from db.relational import RelationalStore
from resolvers.accounts import create_admin
from resolvers.sample_data import load_sample
from schema.root import schema_sdl
from tests.api.test_fuzz import custom_scalars

EXAMPLES = max(50, int(os.environ.get("MALL_FUZZ_EXAMPLES", "5000")) // 10)
ADMIN, ADMIN_PASSWORD = "hostile_admin", "fuzzing the edge of the mall"
INTERNAL = "internal error, sorry"


def _gid(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


HOSTILE_IDS = [
    _gid("Product", "99999999999999999999999"),
    _gid("Product", str(2**63)),
    _gid("Order", "-1"),
    _gid("User", "1e9"),
    _gid("CartItem", "0x10"),
    _gid("Nope", "1"),
    "not base64 at all!",
    "",
    "\u0000",
    "9" * 400,
]
HOSTILE_DECIMALS = ["NaN", "sNaN", "-Infinity", "Infinity", "1e999999", "-1e-999999", "0x10", ""]


class ServerErrors(logging.Handler):
    """Counts what the server logs at ERROR: an expected refusal must not be one."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, ServerErrors]]:
    from api.app import create_app

    data_dir = tmp_path_factory.mktemp("hostile") / "var"
    data_dir.mkdir(parents=True)
    config = Settings(
        data_dir=data_dir,
        secret_key="hostile-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        login_attempts_per_minute=100_000,
        registrations_per_hour=100_000,
        cron_enabled=False,
    )
    migrations.upgrade(config.relational_url)

    async def seed() -> None:
        store = RelationalStore(config.relational_url)
        async with store.session() as session:
            await load_sample(session, config.media_dir)
            await create_admin(session, ADMIN, ADMIN_PASSWORD)
        await store.dispose()

    asyncio.run(seed())
    errors = ServerErrors()
    with TestClient(create_app(config, start_vectors=False), raise_server_exceptions=True) as client:
        logging.getLogger().addHandler(errors)  # after create_app, which sets the handlers up
        login = client.post(
            "/graphql",
            json={
                "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
                "variables": {"u": ADMIN, "p": ADMIN_PASSWORD},
            },
        )
        yield client, login.json()["data"]["login"]["token"], errors
        logging.getLogger().removeHandler(errors)


def assert_clean(response: Any, case: object) -> None:
    assert response.status_code < 500, (case, response.text[:500])
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        messages = [e.get("message") for e in (body.get("errors") or [])] if isinstance(body, dict) else []
        assert INTERNAL not in messages, (case, body)


# ---- raw bodies: not GraphQL, often not JSON ----

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(
        st.sampled_from(["query", "variables", "operationName", "extensions"]), json_values, max_size=4
    ).map(lambda v: json.dumps(v).encode()),
    st.just(b"[" * 100_000),
    st.just(b'{"query": "{ __typename }", "x": NaN}'),
    st.just(b'{"query": "{ __typename }\xff\xfe"}'),
)


def test_raw_bodies_never_crash_the_server(server: tuple[TestClient, str, ServerErrors]) -> None:
    client, _, errors = server
    seen = {"cases": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        body=bodies, content_type=st.sampled_from(["application/json", "text/plain", "multipart/form-data"])
    )
    def run(body: bytes, content_type: str) -> None:
        seen["cases"] += 1
        response = client.post("/graphql", content=body, headers={"content-type": content_type})
        assert_clean(response, body[:200])

    run()
    assert seen["cases"] >= 50
    assert [r.getMessage() for r in errors.records] == []


@pytest.mark.parametrize(
    "params",
    [
        {"query": "{ __typename }", "variables": "[1,2"},
        {"query": "{ __typename }", "variables": "null"},
        {"query": "{ __typename }", "variables": "42"},
        {"query": "{ __typename }", "extensions": '{"persistedQuery": 7}'},
        {"query": "{ __typename }", "operationName": "\u0000"},
        {"query": "\u0000"},
        {},
    ],
)
def test_odd_query_strings_over_get_are_request_errors(
    server: tuple[TestClient, str, ServerErrors], params: dict[str, str]
) -> None:
    client, _, _ = server
    assert_clean(client.get("/graphql", params=params), params)


# ---- invalid operations built from the schema ----


def test_invalid_generated_operations_are_refused_cleanly(
    server: tuple[TestClient, str, ServerErrors],
) -> None:
    client, token, errors = server
    schema = graphql.build_schema(schema_sdl())
    roots = [
        name
        for root in (schema.query_type, schema.mutation_type)
        if root is not None
        for name, field in root.fields.items()
        if "Upload" not in {str(graphql.get_named_type(arg.type)) for arg in field.args.values()}
    ]

    operations = from_schema(schema, fields=roots, custom_scalars=custom_scalars(), mode=Mode.NEGATIVE)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(operation=operations, as_admin=st.booleans())
    def run(operation: str, as_admin: bool) -> None:
        headers = {"Authorization": f"Bearer {token}"} if as_admin else {}
        assert_clean(client.post("/graphql", json={"query": operation}, headers=headers), operation)

    run()
    assert [r.getMessage() for r in errors.records] == []


# ---- every field that takes an ID, every Decimal argument ----


def _value_for(graphql_type: Any, hostile_id: str, hostile_decimal: str) -> Any:
    """A JSON value for a variable of this type: hostile where it is an ID or a Decimal."""
    named = graphql.get_named_type(graphql_type)
    is_list = isinstance(
        graphql_type.of_type if isinstance(graphql_type, graphql.GraphQLNonNull) else graphql_type,
        graphql.GraphQLList,
    )
    if isinstance(named, graphql.GraphQLInputObjectType):
        value: Any = {
            name: _value_for(field.type, hostile_id, hostile_decimal) for name, field in named.fields.items()
        }
    elif isinstance(named, graphql.GraphQLEnumType):
        value = next(iter(named.values))
    else:
        value = {
            "ID": hostile_id,
            "Decimal": hostile_decimal,
            "Int": 1,
            "Float": 1.0,
            "Boolean": True,
            "String": "x",
            "DateTime": "2026-01-01T00:00:00+00:00",
            "Date": "2026-01-01",
            "JSON": {},
        }.get(named.name, "x")
    return [value] if is_list else value


def _takes(graphql_type: Any, wanted: str, seen: frozenset[str] = frozenset()) -> bool:
    named = graphql.get_named_type(graphql_type)
    if isinstance(named, graphql.GraphQLInputObjectType):
        if named.name in seen:
            return False
        return any(_takes(f.type, wanted, seen | {named.name}) for f in named.fields.values())
    return bool(named.name == wanted)


def _calls(wanted: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(field, document, variables types) for every root field with an argument holding `wanted`."""
    schema = graphql.build_schema(schema_sdl())
    calls = []
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            if not any(_takes(arg.type, wanted) for arg in field.args.values()):
                continue
            if "Upload" in {str(graphql.get_named_type(arg.type)) for arg in field.args.values()}:
                continue
            definitions = ", ".join(f"${arg}: {field.args[arg].type}" for arg in field.args)
            arguments = ", ".join(f"{arg}: ${arg}" for arg in field.args)
            named = graphql.get_named_type(field.type)
            selection = " { __typename }" if graphql.is_composite_type(named) else ""
            document = f"{kind} Hostile({definitions}) {{ {name}({arguments}){selection} }}"
            calls.append((name, document, dict(field.args)))
    return calls


ID_CALLS = _calls("ID")
DECIMAL_CALLS = _calls("Decimal")


def test_the_schema_has_the_id_and_decimal_fields_these_tests_cover() -> None:
    assert len(ID_CALLS) >= 30
    assert len(DECIMAL_CALLS) >= 8


@pytest.mark.parametrize("transport", ["post", "ws"])
def test_malformed_and_overflowing_ids_are_not_found_not_internal_errors(
    server: tuple[TestClient, str, ServerErrors], transport: str
) -> None:
    client, token, errors = server
    for name, document, arguments in ID_CALLS:
        for hostile in HOSTILE_IDS:
            variables = {arg: _value_for(a.type, hostile, "1.00") for arg, a in arguments.items()}
            _send(client, transport, token, document, variables, (name, hostile))
    assert [r.getMessage() for r in errors.records] == []


@pytest.mark.parametrize("transport", ["post", "ws"])
def test_non_finite_and_huge_decimals_are_refused_as_bad_input(
    server: tuple[TestClient, str, ServerErrors], transport: str
) -> None:
    client, token, errors = server
    for name, document, arguments in DECIMAL_CALLS:
        for hostile in HOSTILE_DECIMALS:
            variables = {
                arg: _value_for(a.type, _gid("Product", "1"), hostile) for arg, a in arguments.items()
            }
            messages = _send(client, transport, token, document, variables, (name, hostile))
            assert messages, (name, hostile)  # refused, not quietly used
    assert [r.getMessage() for r in errors.records] == []


def _send(
    client: TestClient, transport: str, token: str, document: str, variables: dict[str, Any], case: object
) -> list[str]:
    """The error messages of one operation; fails on a 5xx or an internal error."""
    if transport == "post":
        response = client.post(
            "/graphql",
            json={"query": document, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert_clean(response, case)
        return [e["message"] for e in response.json().get("errors") or []] + [
            e["message"]
            for value in (response.json().get("data") or {}).values()
            if isinstance(value, dict)
            for e in value.get("errors") or []
        ]
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": document, "variables": variables}})
        message = ws.receive_json()
    payload = message["payload"]
    errors = payload if message["type"] == "error" else payload.get("errors") or []
    messages = [e["message"] for e in errors]
    assert INTERNAL not in messages, (case, message)
    return messages
