"""Persisted queries: in production only the operations on the frontend build's list run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import parse, print_ast

from api.persisted_queries import PersistedQueryError
from config.settings import Environment, Settings

LISTED = "query Shelf($n: Int!) { products(first: $n) { edges { node { name } } } }"
# the same operation as a client might send it: other whitespace, a comment, and the __typename
# fields urql's cache adds to every selection
LISTED_REFORMATTED = """
query Shelf($n: Int!) {
  # the home page shelf
  products(first: $n) {
    edges { node { name __typename } __typename }
    __typename
  }
}
"""
# an alias is not a cache's addition: it is another document
ALIASED = "query Shelf($n: Int!) { products(first: $n) { edges { node { name kind: __typename } } } }"
UNLISTED = "{ products(first: 1) { edges { node { name price } } } }"


def canonical_sha(query: str) -> str:
    return hashlib.sha256(print_ast(parse(query, no_location=True)).encode()).hexdigest()  # no __typename


def write_list(path: Path, *queries: str) -> Path:
    path.write_text(json.dumps({hashlib.sha256(q.encode()).hexdigest(): q for q in queries}))
    return path


@pytest.fixture
async def production(settings: Settings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    from api.app import create_app

    config = settings.model_copy(
        update={
            "env": Environment.PRODUCTION,
            "persisted_queries_path": write_list(tmp_path / "persisted-queries.json", LISTED),
        }
    )
    app = create_app(config, start_vectors=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as http:
        yield http
    await app.state.services.store.dispose()


async def post(http: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    return await http.post("/graphql", json=body)


async def test_a_listed_operation_runs_in_any_formatting(production: httpx.AsyncClient) -> None:
    for text in (LISTED, LISTED_REFORMATTED):
        response = await post(production, {"query": text, "variables": {"n": 2}})
        assert response.status_code == 200, response.text
        assert response.json()["data"]["products"]["edges"] == []


async def test_an_unlisted_operation_is_refused(production: httpx.AsyncClient) -> None:
    for text in (UNLISTED, ALIASED):
        response = await production.post(
            "/graphql",
            json={"query": text, "variables": {"n": 1}},
            headers={"Accept": "application/graphql-response+json"},
        )
        assert response.status_code == 400
        body = response.json()
        assert "data" not in body
        assert [e["extensions"]["code"] for e in body["errors"]] == ["PERSISTED_QUERY_NOT_ALLOWED"]
    batch = await production.post(
        "/graphql", json=[{"query": LISTED, "variables": {"n": 1}}, {"query": UNLISTED}]
    )
    assert batch.status_code == 400


async def test_a_hash_alone_runs_the_listed_text(production: httpx.AsyncClient) -> None:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": canonical_sha(LISTED)}}
    response = await post(production, {"extensions": extensions, "variables": {"n": 1}})
    assert response.status_code == 200, response.text
    assert "products" in response.json()["data"]

    unknown = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    missing = await post(production, {"extensions": unknown})
    assert missing.status_code == 400
    assert "PersistedQueryNotFound" in missing.text


async def test_production_without_the_list_does_not_start(settings: Settings, tmp_path: Path) -> None:
    from api.app import create_app

    config = settings.model_copy(
        update={"env": Environment.PRODUCTION, "persisted_queries_path": tmp_path / "nowhere.json"}
    )
    with pytest.raises(PersistedQueryError, match="build the frontend"):
        create_app(config, start_vectors=False)
    (tmp_path / "broken.json").write_text('{"a": "{ products(first: 1 "}')
    with pytest.raises(PersistedQueryError, match="does not parse"):
        create_app(
            config.model_copy(update={"persisted_queries_path": tmp_path / "broken.json"}),
            start_vectors=False,
        )


async def test_development_runs_any_operation(gql: Any) -> None:
    data = await gql(UNLISTED)
    assert data["products"]["edges"] == []
