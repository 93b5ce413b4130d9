"""The edge: the same hostile document gets the same refusal over HTTP POST, GET and
graphql-transport-ws, and the cost of what runs bounds the objects it returns.

Runs on its own SQLite store with the project's sample data (no MariaDB: nothing here is
dialect-sensitive), through Starlette's TestClient, which speaks both HTTP and WebSocket.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from config.settings import Environment, Settings
from db import migrations
from db.relational import RelationalStore
from resolvers.accounts import register
from resolvers.sample_data import load_sample

SHOPPER, PASSWORD = "edge_shopper", "a long and unusual passphrase"
SHOPPER_ID: dict[str, int] = {}
LISTED = "query Shelf($n: Int!) { products(first: $n) { edges { node { name } } } }"

TOO_DEEP = "{ categories { " + "children { " * 12 + "category { name }" + " }" * 14
TOO_MANY_ALIASES = "{ " + " ".join(f"a{i}: __typename" for i in range(40)) + " }"
TOO_MANY_TOKENS = "{ " + "__typename " * 5000 + "}"
# costly only when the variable's default (100) and the fields' default page (similar: 8) count
COSTLY_BY_DEFAULTS = (
    "query Costly($n: Int = 100) { products(first: $n) { edges { node { "
    "similar { similar { similar { id } } } } } } }"
)
AMBIGUOUS = "query A { __typename } query B { __typename }"
SUBSCRIPTION = 'subscription { jobProgress(id: "Sm9iOjE=") { state } }'
INTROSPECTION = "{ __schema { types { name } } }"
TYPO = "{ prodcts(first: 1) { totalCount } }"


def _seed(settings: Settings) -> None:
    migrations.upgrade(settings.relational_url)

    async def seed() -> None:
        store = RelationalStore(settings.relational_url)
        async with store.session() as session:
            await load_sample(session, settings.media_dir)
            shopper = await register(session, SHOPPER, PASSWORD)
            assert shopper.id is not None
            SHOPPER_ID["id"] = shopper.id
        await store.dispose()

    asyncio.run(seed())


@pytest.fixture(scope="module")
def base_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("edge") / "var"
    data_dir.mkdir(parents=True)
    settings = Settings(
        data_dir=data_dir,
        secret_key="edge-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        login_attempts_per_minute=1000,
        cron_enabled=False,
    )
    _seed(settings)
    return settings


def _client(settings: Settings) -> Iterator[TestClient]:
    from api.app import create_app

    with TestClient(create_app(settings, start_vectors=False)) as client:
        yield client


@pytest.fixture(scope="module")
def dev(base_settings: Settings) -> Iterator[TestClient]:
    yield from _client(base_settings)


@pytest.fixture(scope="module")
def production_open(base_settings: Settings) -> Iterator[TestClient]:
    """Production with the allow-list switched off: the other production rules show."""
    yield from _client(
        base_settings.model_copy(update={"env": Environment.PRODUCTION, "persisted_queries_enforce": False})
    )


@pytest.fixture(scope="module")
def production(base_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    listed = tmp_path_factory.mktemp("pq") / "persisted-queries.json"
    listed.write_text(json.dumps({hashlib.sha256(LISTED.encode()).hexdigest(): LISTED}))
    yield from _client(
        base_settings.model_copy(update={"env": Environment.PRODUCTION, "persisted_queries_path": listed})
    )


def token_of(client: TestClient) -> str:
    """The shopper's token, issued by the app itself (production would not run a test's login)."""
    tokens = client.app.state.services.tokens  # type: ignore[attr-defined]
    token: str = tokens.issue(SHOPPER_ID["id"], 0)
    return token


Errors = list[dict[str, Any]]


def over_post(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Errors:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code < 500, response.text
    return list(response.json().get("errors") or [])


def over_get(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Errors:
    params = {"query": query, "variables": json.dumps(variables or {})}
    response = client.get("/graphql", params=params)
    assert response.status_code < 500, response.text
    if response.headers["content-type"].startswith("text/plain"):  # strawberry's HTTP refusals
        return [{"message": response.text, "extensions": {"code": f"HTTP_{response.status_code}"}}]
    return list(response.json().get("errors") or [])


def over_ws(
    client: TestClient, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> Errors:
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        payload = {"authorization": f"Bearer {token}"} if token else {}
        ws.send_json({"type": "connection_init", "payload": payload})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json(
            {"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
        )
        try:
            message = ws.receive_json()
        except WebSocketDisconnect as closed:  # graphql-transport-ws closes on a syntax error
            return [{"message": closed.reason, "extensions": {"code": f"WS_CLOSE_{closed.code}"}}]
        if message["type"] == "error":
            return list(message["payload"])
        assert message["type"] == "next", message
        return list(message["payload"].get("errors") or [])


TRANSPORTS: dict[str, Callable[..., Errors]] = {"post": over_post, "get": over_get, "ws": over_ws}


def codes(errors: Errors) -> list[str]:
    return [str((error.get("extensions") or {}).get("code")) for error in errors]


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize(
    ("document", "code", "words"),
    [
        (TOO_DEEP, "GRAPHQL_VALIDATION_FAILED", "exceeds maximum operation depth"),
        (TOO_MANY_ALIASES, "GRAPHQL_VALIDATION_FAILED", "aliases"),
        (TOO_MANY_TOKENS, "GRAPHQL_PARSE_FAILED", "tokens"),
        (COSTLY_BY_DEFAULTS, "QUERY_TOO_COSTLY", "above the limit"),
        (AMBIGUOUS, "AMBIGUOUS_OPERATION", "operationName"),
    ],
)
def test_hostile_documents_get_the_same_refusal_on_every_transport(
    dev: TestClient, transport: str, document: str, code: str, words: str
) -> None:
    errors = TRANSPORTS[transport](dev, document)

    if transport == "ws" and code == "GRAPHQL_PARSE_FAILED":
        code = "WS_CLOSE_4400"  # the protocol's answer to a document that does not parse
    assert codes(errors) == [code], errors
    assert words in errors[0]["message"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_production_refuses_unlisted_documents_on_every_transport(
    production: TestClient, transport: str
) -> None:
    token = token_of(production)
    send = TRANSPORTS[transport]
    kwargs = {"token": token} if transport == "ws" else {}

    refused = send(production, "{ products(first: 1) { totalCount } }", **kwargs)
    listed = send(production, LISTED, {"n": 1}, **kwargs)

    assert codes(refused) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert listed == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_production_hides_the_schema_on_every_transport(production_open: TestClient, transport: str) -> None:
    token = token_of(production_open)
    send = TRANSPORTS[transport]
    kwargs = {"token": token} if transport == "ws" else {}

    introspection = send(production_open, INTROSPECTION, **kwargs)
    typo = send(production_open, TYPO, **kwargs)

    assert introspection
    assert set(codes(introspection)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert "introspection" in introspection[0]["message"].lower()
    assert set(codes(typo)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert not any("Did you mean" in error["message"] for error in typo)


def test_development_still_suggests_field_names(dev: TestClient) -> None:
    assert "Did you mean" in over_post(dev, TYPO)[0]["message"]


def test_subscriptions_over_http_are_refused_with_a_reason(dev: TestClient) -> None:
    for send in (over_post, over_get):
        errors = send(dev, SUBSCRIPTION)
        assert errors, send
        assert "WebSocket" in errors[0]["message"] or "subscriptions" in errors[0]["message"].lower()


def test_a_forged_token_is_refused_when_the_websocket_opens(dev: TestClient) -> None:
    with client_ws(dev) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": "Bearer forged.token.here"}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4403


def test_production_websockets_need_a_token(production: TestClient) -> None:
    with client_ws(production) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4403


def test_a_page_of_another_origin_cannot_open_a_websocket(dev: TestClient) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        dev.websocket_connect(
            "/graphql", subprotocols=["graphql-transport-ws"], headers={"origin": "https://evil.example"}
        ),
    ):
        pass
    assert closed.value.code == 4403

    with dev.websocket_connect(
        "/graphql", subprotocols=["graphql-transport-ws"], headers={"origin": "http://testserver"}
    ) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"


def client_ws(client: TestClient) -> Any:
    return client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"])


# ---- cost bounds what is returned ----


def count_objects(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(count_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_objects(v) for v in value)
    return 0


BOUNDED = [
    "{ categories { category { id name } children { category { id name } children { category { name } } } } }",
    "{ products(first: 100) { totalCount edges { cursor node { id name tags { label weight } category { name parent { name } } } } pageInfo { hasNextPage } } }",
    "{ products { edges { node { id reviews { edges { node { stars title authorName } } } } } } }",
    "{ bestSellers { id } topRated(first: 30) { id name } trending { id } }",
    "{ homePage { carousel { image product { id } } hot { id } new { id } recommended { id } } }",
    "query($n: Int = 50) { products(first: $n) { edges { node { id similar { id similar { id } } } } } }",
    '{ searchProducts(query: "coffee", first: 30) { edges { node { id name } } } }',
]


@pytest.mark.parametrize("query", BOUNDED)
def test_returned_objects_never_exceed_the_reported_cost(dev: TestClient, query: str) -> None:
    response = dev.post("/graphql", json={"query": query})
    body = response.json()
    assert "errors" not in body, body["errors"]

    returned = count_objects(body["data"]) - 1  # the data object itself is the root
    cost = body["extensions"]["cost"]["requestedQueryCost"]

    assert returned > 0
    assert returned <= cost, (returned, cost)


def test_every_composite_list_field_declares_its_bound() -> None:
    import graphql

    from schema.limits import list_bound
    from schema.root import schema_sdl

    schema = graphql.build_schema(schema_sdl())
    missing = []
    for type_name, graphql_type in schema.type_map.items():
        if type_name.startswith("__") or not isinstance(graphql_type, graphql.GraphQLObjectType):
            continue
        for name, field in graphql_type.fields.items():
            item = field.type.of_type if isinstance(field.type, graphql.GraphQLNonNull) else field.type
            is_list = isinstance(item, graphql.GraphQLList)
            composite = graphql.is_composite_type(graphql.get_named_type(field.type))
            paged = "first" in field.args or "last" in field.args
            if is_list and composite and not paged and list_bound(type_name, name) is None:
                missing.append(f"{type_name}.{name}")
    assert missing == []


def test_the_data_files_are_private(base_settings: Settings) -> None:
    mode = (Path(base_settings.data_dir) / "mall.db").stat().st_mode & 0o777
    assert mode == 0o600


# ---- metrics and client addresses ----


def test_operation_names_do_not_grow_the_metric_labels_without_bound(dev: TestClient) -> None:
    for n in range(150):
        dev.post("/graphql", json={"query": f"query Name{n} {{ __typename }}"})

    text = dev.get("/metrics").text
    labels = {
        line.split('operation="', 1)[1].split('"', 1)[0]
        for line in text.splitlines()
        if line.startswith("mall_graphql_operation_seconds_count")
    }

    names = {label for label in labels if label.startswith("Name")}
    assert len(names) <= 100  # this app's first 100 names at most; the rest are "other"
    assert "other" in labels


def test_metrics_are_off_in_production_unless_a_token_is_set(base_settings: Settings) -> None:
    production = base_settings.model_copy(
        update={"env": Environment.PRODUCTION, "persisted_queries_enforce": False}
    )
    for client in _client(production):
        assert client.get("/metrics").status_code == 404
    guarded = production.model_copy(update={"metrics_token": SecretStr("scraper-token-0123456789")})
    for client in _client(guarded):
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
        allowed = client.get("/metrics", headers={"Authorization": "Bearer scraper-token-0123456789"})
        assert allowed.status_code == 200
        assert "mall_http_request_seconds" in allowed.text


REGISTER = 'mutation($u: String!) { register(input: {username: $u, password: "violet kettle under moon"}) { errors { code } } }'


def _registrations(settings: Settings, prefix: str) -> list[list[dict[str, str]]]:
    outcomes = []
    for client in _client(settings):
        for n in range(3):
            response = client.post(
                "/graphql",
                json={"query": REGISTER, "variables": {"u": f"{prefix}{n}"}},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            )
            outcomes.append(response.json()["data"]["register"]["errors"])
    return outcomes


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(base_settings: Settings) -> None:
    limited = base_settings.model_copy(update={"registrations_per_hour": 2})

    spoofed = _registrations(limited, "spoof")
    proxied = _registrations(limited.model_copy(update={"trusted_proxies": ["testclient"]}), "proxied")

    assert spoofed == [[], [], [{"code": "RATE_LIMITED"}]]  # one peer, whatever the header says
    assert proxied == [[], [], []]  # three clients behind the proxy


def test_password_attempts_over_http_and_websocket_share_one_limit(base_settings: Settings) -> None:
    login = (
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token errors { code } } }"
    )
    for client in _client(base_settings.model_copy(update={"login_attempts_per_minute": 3})):
        codes = []
        for _ in range(2):
            response = client.post(
                "/graphql", json={"query": login, "variables": {"u": SHOPPER, "p": "nope"}}
            )
            codes.append(response.json()["data"]["login"]["errors"][0]["code"])
        with client_ws(client) as ws:
            ws.send_json({"type": "connection_init", "payload": {}})
            assert ws.receive_json()["type"] == "connection_ack"
            for n in ("1", "2"):
                ws.send_json(
                    {
                        "id": n,
                        "type": "subscribe",
                        "payload": {"query": login, "variables": {"u": SHOPPER, "p": "nope"}},
                    }
                )
                message = ws.receive_json()
                codes.append(message["payload"]["data"]["login"]["errors"][0]["code"])
                assert ws.receive_json()["type"] == "complete"

        assert codes == ["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "RATE_LIMITED"]
