"""Fuzzing: hypothesis-graphql writes valid queries and mutations from the schema with random
arguments; none may end in a 500 or an unhandled exception (masked as "internal error").

MALL_FUZZ_EXAMPLES sets the number of cases (5,000 by default, as the production-readiness
issue asks). Runs against its own embedded store with the project's sample data, as an admin so
that admin fields are reached too, and as a visitor.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes
from starlette.testclient import TestClient

from config.settings import Settings
from db import migrations
from db.relational import RelationalStore
from resolvers.accounts import create_admin
from resolvers.sample_data import load_sample
from schema.root import schema_sdl

EXAMPLES = int(os.environ.get("MALL_FUZZ_EXAMPLES", "5000"))
ADMIN_PASSWORD = "fuzzing admin password"
INTERNAL = "internal error, sorry"


def custom_scalars() -> dict[str, Any]:
    decimals = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2)
    return {
        "Decimal": decimals.map(str).map(nodes.String),
        "DateTime": st.datetimes().map(lambda d: d.isoformat() + "+00:00").map(nodes.String),
        "Date": st.dates().map(str).map(nodes.String),
        "JSON": st.just(nodes.String("{}")),
    }


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from api.app import create_app

    data_dir = tmp_path_factory.mktemp("fuzz") / "var"
    config = Settings(
        data_dir=data_dir,
        secret_key="fuzz-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        login_attempts_per_minute=100_000,
        registrations_per_hour=100_000,
    )
    data_dir.mkdir(parents=True)
    migrations.upgrade(config.relational_url)

    async def seed() -> None:
        store = RelationalStore(config.relational_url)
        async with store.session() as session:
            await load_sample(session, config.media_dir)
            await create_admin(session, "fuzzadmin", ADMIN_PASSWORD)
        await store.dispose()

    asyncio.run(seed())
    with TestClient(create_app(config, start_vectors=False), raise_server_exceptions=True) as test_client:
        yield test_client


def _operations() -> st.SearchStrategy[str]:
    sdl = schema_sdl()
    import graphql

    schema = graphql.build_schema(sdl)
    fields = [
        name
        for root in (schema.query_type, schema.mutation_type)
        if root is not None
        for name, field in root.fields.items()
        if "Upload" not in {str(graphql.get_named_type(arg.type)) for arg in field.args.values()}
    ]
    return from_schema(schema, fields=fields, custom_scalars=custom_scalars())


@pytest.mark.timeout(1800)  # 5,000 cases take several minutes on two cores
def test_generated_operations_never_crash_the_server(client: TestClient) -> None:
    login = client.post(
        "/graphql",
        json={
            "query": 'mutation($p: String!) { login(username: "fuzzadmin", password: $p) { token } }',
            "variables": {"p": ADMIN_PASSWORD},
        },
    )
    token = login.json()["data"]["login"]["token"]
    seen = {"cases": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases on every run: CI checks exactly what was checked here
        suppress_health_check=list(HealthCheck),
    )
    @given(operation=_operations(), as_admin=st.booleans())
    def run(operation: str, as_admin: bool) -> None:
        seen["cases"] += 1
        headers = {"Authorization": f"Bearer {token}"} if as_admin else {}
        response = client.post("/graphql", json={"query": operation}, headers=headers)
        assert response.status_code < 500, (operation, response.text)
        body = response.json()
        assert "data" in body or "errors" in body, body
        messages = [error.get("message", "") for error in body.get("errors") or []]
        assert INTERNAL not in messages, (operation, body["errors"])

    run()
    assert seen["cases"] >= min(EXAMPLES, 100)
