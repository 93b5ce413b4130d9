"""Jobs through GraphQL: admins start, list, read and cancel jobs; everyone else is refused."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.testclient import TestClient

from config.settings import Settings
from db.tables import Role
from tests.factories import login, make_user
from tests.threads import in_daemon_thread

START = """
mutation($kind: String!, $args: JSON) {
  startJob(kind: $kind, args: $args) { job { id kind args state } errors { field code message } }
}
"""
JOB = "query($id: ID!) { job(id: $id) { id state progress message attempts result error startedAt finishedAt } }"
JOBS = "query($filter: JobFilterInput) { jobs(first: 10, filter: $filter) { edges { node { kind state } } pageInfo { hasNextPage } } }"
CANCEL = "mutation($id: ID!) { cancelJob(id: $id) { job { state cancelRequested } errors { code } } }"
KINDS = "{ jobKinds { name description argsSchema } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on Job { kind } } }"
PROGRESS = "subscription($id: ID!) { jobProgress(id: $id) { state progress message } }"


@pytest.fixture
async def admin_token(gql: Any, session: Any) -> str:
    admin = await make_user(session, role=Role.ADMIN)
    return await login(gql, admin.username)


async def start(gql: Any, token: str, kind: str, args: dict[str, Any] | None = None) -> dict[str, Any]:
    data = await gql(START, {"kind": kind, "args": args}, token=token)
    payload: dict[str, Any] = data["startJob"]
    return payload


async def test_admin_starts_a_job_and_reads_its_result(gql: Any, app: Any, admin_token: str) -> None:
    payload = await start(gql, admin_token, "walk_items", {"count": 3})
    assert payload["errors"] == []
    assert payload["job"]["state"] == "QUEUED"
    assert payload["job"]["args"] == {"count": 3, "delay_s": 0.0}

    await app.state.services.jobs.drain()

    job = (await gql(JOB, {"id": payload["job"]["id"]}, token=admin_token))["job"]
    assert job["state"] == "SUCCEEDED"
    assert job["progress"] == 1.0
    assert job["result"] == {"items": 3, "resumed_after": 0}
    assert job["startedAt"] is not None
    listed = await gql(JOBS, {"filter": {"state": "SUCCEEDED", "kind": "walk_items"}}, token=admin_token)
    assert listed["jobs"]["edges"] == [{"node": {"kind": "walk_items", "state": "SUCCEEDED"}}]


async def test_unknown_job_kind_is_a_typed_error(gql: Any, admin_token: str) -> None:
    payload = await start(gql, admin_token, "mine_bitcoin")
    assert payload["job"] is None
    assert payload["errors"] == [
        {"field": "kind", "code": "UNKNOWN_KIND", "message": "no job kind 'mine_bitcoin'"}
    ]


async def test_bad_job_arguments_are_typed_errors_per_field(gql: Any, admin_token: str) -> None:
    payload = await start(gql, admin_token, "sleep", {"seconds": "soon", "colour": "red"})
    assert payload["job"] is None
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("args.seconds", "INVALID_ARGUMENT"),
        ("args.colour", "INVALID_ARGUMENT"),
    }


async def test_arguments_that_are_not_an_object_are_refused(gql: Any, admin_token: str) -> None:
    data = await gql(START, {"kind": "noop", "args": [1, 2]}, token=admin_token)
    assert data["startJob"]["errors"][0]["code"] == "INVALID_ARGUMENT"


async def test_customer_cannot_start_or_see_jobs(gql: Any, session: Any, app: Any, admin_token: str) -> None:
    customer = await make_user(session)
    token = await login(gql, customer.username)

    refused = (await gql.post(START, {"kind": "noop"}, token=token)).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = (await gql.post(JOBS)).json()
    assert anonymous["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    started = await start(gql, admin_token, "noop")
    await app.state.services.jobs.drain()
    hidden = await gql(NODE, {"id": started["job"]["id"]}, token=token)
    assert hidden["node"] is None


async def test_admin_cancels_a_running_job(gql: Any, app: Any, admin_token: str) -> None:
    started = await start(gql, admin_token, "sleep", {"seconds": 20, "steps": 200})
    job_id = started["job"]["id"]
    for _ in range(100):
        if (await gql(JOB, {"id": job_id}, token=admin_token))["job"]["progress"] > 0:
            break
        await asyncio.sleep(0.05)

    cancelled = await gql(CANCEL, {"id": job_id}, token=admin_token)
    assert cancelled["cancelJob"]["errors"] == []
    assert cancelled["cancelJob"]["job"]["cancelRequested"] is True
    await asyncio.wait_for(app.state.services.jobs.drain(), timeout=5)

    assert (await gql(JOB, {"id": job_id}, token=admin_token))["job"]["state"] == "CANCELLED"
    again = await gql(CANCEL, {"id": job_id}, token=admin_token)
    assert again["cancelJob"]["errors"] == [{"code": "ALREADY_FINISHED"}]


async def test_job_kinds_describe_their_arguments(gql: Any, admin_token: str) -> None:
    kinds = {kind["name"]: kind for kind in (await gql(KINDS, token=admin_token))["jobKinds"]}
    assert "seconds" in kinds["sleep"]["argsSchema"]["properties"]


def _watch_progress(settings: Settings, token: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A whole client session on a separate app (TestClient runs it on its own event loop)."""
    from api.app import create_app

    with TestClient(create_app(settings, start_vectors=False)) as client:
        started = client.post(
            "/graphql",
            json={"query": START, "variables": {"kind": "sleep", "args": {"seconds": 1.5, "steps": 3}}},
            headers={"Authorization": f"Bearer {token}"},
        ).json()["data"]["startJob"]
        updates: list[dict[str, Any]] = []
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
            assert ws.receive_json()["type"] == "connection_ack"
            ws.send_json(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": PROGRESS, "variables": {"id": started["job"]["id"]}},
                }
            )
            while (message := ws.receive_json())["type"] == "next":
                assert "errors" not in message["payload"], message
                updates.append(message["payload"]["data"]["jobProgress"])
            assert message["type"] == "complete", message
        return started, updates


async def test_admin_watches_job_progress_over_graphql_ws(
    settings: Settings, gql: Any, admin_token: str
) -> None:
    quiet = settings.model_copy(update={"cron_enabled": False})

    _, updates = await in_daemon_thread(_watch_progress, quiet, admin_token)

    assert updates[-1]["state"] == "SUCCEEDED"
    progress = [update["progress"] for update in updates]
    assert progress == sorted(progress)
    assert any(0 < fraction < 1 for fraction in progress), updates


def _subscribe_without_permission(settings: Settings, token: str | None) -> dict[str, Any]:
    from api.app import create_app

    with TestClient(create_app(settings, start_vectors=False)) as client:  # noqa: SIM117
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            payload = {"authorization": f"Bearer {token}"} if token else {}
            ws.send_json({"type": "connection_init", "payload": payload})
            assert ws.receive_json()["type"] == "connection_ack"
            ws.send_json(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": PROGRESS, "variables": {"id": "Sm9iOjE="}},
                }
            )
            message: dict[str, Any] = ws.receive_json()
        # the refused subscription's session must be closed, not left to a connection-terminating
        # task that never ends (it once kept the whole test run from exiting)
        assert client.portal is not None
        assert client.portal.call(_tasks_closing_connections) == []
        return message


async def _tasks_closing_connections() -> list[str]:
    await asyncio.sleep(0.2)
    names = (str(task.get_coro()) for task in asyncio.all_tasks())
    return [name for name in names if "terminate" in name]


async def test_customer_cannot_watch_job_progress(settings: Settings, gql: Any, session: Any) -> None:
    customer = await make_user(session)
    token = await login(gql, customer.username)
    quiet = settings.model_copy(update={"cron_enabled": False})

    message = await in_daemon_thread(_subscribe_without_permission, quiet, token)

    assert message["type"] == "error"
    assert message["payload"][0]["extensions"]["code"] == "FORBIDDEN"
