"""GraphQL over HTTP: bad documents, limits, status codes, health, the committed schema file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schema.root import schema_sdl

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_malformed_query_is_a_400_with_a_graphql_error(gql: Any) -> None:
    response = await gql.http.post(
        "/graphql", json={"query": "{ products(first: "}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    body = response.json()
    assert "data" not in body  # a request error never started execution
    assert body["errors"][0]["message"].startswith("Syntax Error")


async def test_development_suggests_field_names(gql: Any) -> None:
    body = (await gql.post("{ prodcts(first: 1) { pageInfo { hasNextPage } } }")).json()
    assert "Did you mean 'products'" in body["errors"][0]["message"]


async def test_unknown_fields_and_wrong_types_are_validation_errors(gql: Any) -> None:
    body = (await gql.post("{ products(first: 1) { edges { node { secret } } } }")).json()
    assert "Cannot query field 'secret'" in body["errors"][0]["message"]
    body = (await gql.post('{ products(first: "ten") { pageInfo { hasNextPage } } }')).json()
    assert "Int cannot represent" in body["errors"][0]["message"]


async def test_mutations_over_get_are_refused(gql: Any) -> None:
    response = await gql.http.get(
        "/graphql", params={"query": 'mutation { login(username: "a", password: "b") { token } }'}
    )
    assert response.status_code == 405


async def test_too_deep_queries_are_refused(gql: Any) -> None:
    nested = "{ categories { " + "children { " * 11 + "category { name }" + " }" * 12 + " }"
    body = (await gql.post(nested)).json()
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_costly_queries_are_refused_and_cost_is_reported(gql: Any) -> None:
    cheap = (await gql.post("{ products(first: 20) { edges { node { name category { name } } } } }")).json()
    assert cheap["extensions"]["cost"] == {"requestedQueryCost": 61, "maximumAvailable": 20000}
    costly = """{ products(first: 100) { edges { node { reviews(first: 100) { edges { node { title } } } } } } }
    """
    body = (await gql.post(costly)).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


async def test_costs_follow_variables_and_fragments(gql: Any) -> None:
    query = """
    query($n: Int!) { products(first: $n) { ...Page } }
    fragment Page on ProductConnection { edges { node { category { name } } } }
    """
    body = (await gql.post(query, {"n": 10})).json()
    assert body["extensions"]["cost"]["requestedQueryCost"] == 1 + 10 * (1 + 1 + 1)


async def test_healthz_reports_each_store(gql: Any) -> None:
    response = await gql.http.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["stores"]["relational"]["ok"] is True
    assert body["stores"]["vector"]["ok"] is False  # not started in API tests


def test_committed_schema_file_is_current() -> None:
    committed = (PROJECT_ROOT / "schema.graphql").read_text()
    assert committed == schema_sdl(), "schema.graphql is stale: run `mall schema export`"


async def test_graphiql_is_served_in_development(gql: Any) -> None:
    response = await gql.http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_production_turns_off_introspection_and_graphiql(settings: Any) -> None:
    import httpx

    from api.app import create_app
    from config.settings import Environment

    production = settings.model_copy(
        update={"env": Environment.PRODUCTION, "persisted_queries_enforce": False}
    )
    app = create_app(production, start_vectors=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as http:
        body = (await http.post("/graphql", json={"query": "{ __schema { types { name } } }"})).json()
        assert "introspection" in body["errors"][0]["message"].lower()
        page = await http.get("/graphql", headers={"Accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        typo = (
            await http.post("/graphql", json={"query": "{ prodcts(first: 1) { pageInfo { hasNextPage } } }"})
        ).json()
        assert typo["errors"][0]["message"] == "Cannot query field 'prodcts' on type 'Query'."
    await app.state.services.store.dispose()


def test_production_refuses_to_start_without_a_secret() -> None:
    from pydantic import ValidationError

    from config.settings import Settings

    with pytest.raises(ValidationError, match="MALL_SECRET_KEY"):
        Settings(env="production", secret_key=None)


async def test_json_bodies_over_the_limit_get_413(gql: Any) -> None:
    response = await gql.http.post("/graphql", json={"query": "{ me { username } }", "pad": "x" * 300_000})
    assert response.status_code == 413


async def test_too_many_aliases_are_refused(gql: Any) -> None:
    query = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(31)) + " }"
    body = (await gql.post(query)).json()
    assert "aliases" in body["errors"][0]["message"].lower()


async def test_request_ids_are_echoed_and_metrics_exported(gql: Any) -> None:
    response = await gql.http.post(
        "/graphql", json={"query": "query Probe { me { username } }"}, headers={"X-Request-ID": "abc123"}
    )
    assert response.headers["x-request-id"] == "abc123"
    assert (await gql.http.get("/livez")).headers["x-request-id"]  # generated when absent
    metrics = (await gql.http.get("/metrics")).text
    assert 'mall_graphql_operation_seconds_count{operation="Probe",type="query"}' in metrics
    assert "mall_db_pool_connections" in metrics


async def test_metrics_report_the_job_queue_depth_and_the_models_in_use(gql: Any, session: Any) -> None:
    from resolvers import jobs

    before = _gauge((await gql.http.get("/metrics")).text, "mall_job_queue_depth")
    for _ in range(2):
        await jobs.create_job(session, "noop", {})  # rows only: nothing enqueued, so they wait

    metrics = (await gql.http.get("/metrics")).text

    assert _gauge(metrics, "mall_job_queue_depth") == before + 2
    assert _gauge(metrics, 'mall_jobs{state="queued"}') == before + 2
    assert 'mall_model_info{model="embedding",version="all-minilm-l6-v2"} 1.0' in metrics


def _gauge(metrics: str, name: str) -> float:
    line = next(line for line in metrics.splitlines() if line.startswith(name + " "))
    return float(line.rsplit(" ", 1)[1])


async def test_readiness_fails_while_the_relational_store_is_down(tmp_path: Any) -> None:
    import httpx

    from api.app import create_app
    from config.settings import Settings

    down = Settings(database_url="mysql+aiomysql://root@127.0.0.1:1/none", data_dir=tmp_path / "var")
    app = create_app(down, start_vectors=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://d") as http:
        assert (await http.get("/livez")).status_code == 200
        assert (await http.get("/readyz")).status_code == 503
        health = await http.get("/healthz")
        assert health.status_code == 503
        assert health.json()["stores"]["relational"]["ok"] is False
        metrics = await http.get("/metrics")
        assert metrics.status_code == 200
        assert "mall_job_queue_depth" not in metrics.text  # unknown, not a stale or zero depth
        body = (
            await http.post("/graphql", json={"query": "{ products(first: 1) { edges { node { name } } } }"})
        ).json()
        assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
        assert "try again" in body["errors"][0]["message"]
    await app.state.services.store.dispose()


async def test_sibling_root_fields_share_the_request_session_safely(gql: Any, session: Any) -> None:
    from tests.factories import make_leaf, make_product

    leaf = await make_leaf(session)
    await make_product(session, leaf, name="Shared")
    query = "{ a: products(first: 5) { edges { node { name category { name } } } } b: homePage { new { name } } c: categories { category { name } } d: bestSellers(first: 3) { name } }"
    data = await gql(query)
    assert data["a"]["edges"][0]["node"]["name"] == "Shared"
    assert data["d"][0]["name"] == "Shared"
