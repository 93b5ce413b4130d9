"""Admins' review-tag tools over HTTP: category suggestions, model reports and their download."""

from __future__ import annotations

from typing import Any

from db.tables import JobState, Role
from resolvers import jobs
from tests.factories import login, make_three_aisle_catalog, make_user
from workers.runner import execute

SUGGEST = """
query ($name: String!, $description: String) {
  suggestCategory(name: $name, description: $description) {
    suggestions { category { name level } confidence }
    errors { field code message }
  }
}
"""
REPORTS = "{ modelReports { name url sizeBytes description } }"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


async def admin_token(gql: Any, session: Any) -> str:
    return await login(gql, (await make_user(session, role=Role.ADMIN)).username)


async def customer_token(gql: Any, session: Any) -> str:
    return await login(gql, (await make_user(session)).username)


async def test_suggest_category_without_a_trained_model_answers_model_not_trained(
    gql: Any, session: Any
) -> None:
    token = await admin_token(gql, session)

    data = await gql(SUGGEST, {"name": "Dark roast coffee beans"}, token=token)

    assert data["suggestCategory"]["suggestions"] == []
    [error] = data["suggestCategory"]["errors"]
    assert error["code"] == "MODEL_NOT_TRAINED"
    assert "train_category_classifier" in error["message"]


async def test_suggest_category_is_for_admins_only(gql: Any, session: Any) -> None:
    token = await customer_token(gql, session)

    body = (await gql.post(SUGGEST, {"name": "Coffee"}, token=token)).json()

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_suggest_category_rejects_a_blank_name(gql: Any, session: Any) -> None:
    token = await admin_token(gql, session)

    data = await gql(SUGGEST, {"name": "   "}, token=token)

    assert [(e["field"], e["code"]) for e in data["suggestCategory"]["errors"]] == [("name", "INVALID")]


async def test_suggest_category_answers_the_top_three_after_training(
    gql: Any, session: Any, app: Any
) -> None:
    # given: a catalog in three level-3 categories and a trained classifier
    await make_three_aisle_catalog(session)
    job = await jobs.create_job(session, "train_category_classifier", {})
    assert job.id is not None
    resources = app.state.services.job_resources()
    assert await execute(resources, job.id) is None
    async with resources.store.session() as fresh:
        assert (await jobs.get_job(fresh, job.id)).state == JobState.SUCCEEDED  # type: ignore[union-attr]
    token = await admin_token(gql, session)

    # when
    data = await gql(SUGGEST, {"name": "Espresso roast", "description": "Dark roast beans"}, token=token)

    # then
    answer = data["suggestCategory"]
    assert answer["errors"] == []
    assert [s["category"]["level"] for s in answer["suggestions"]] == [3, 3, 3]
    assert answer["suggestions"][0]["category"]["name"] == "Coffee"
    confidences = [s["confidence"] for s in answer["suggestions"]]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) <= 1.0001


async def test_admins_list_and_download_reports(gql: Any, session: Any, settings: Any) -> None:
    settings.reports_dir.mkdir(parents=True)
    (settings.reports_dir / "tag-clusters.png").write_bytes(PNG)
    token = await admin_token(gql, session)

    listed = await gql(REPORTS, token=token)
    response = await gql.http.get(
        "/admin/files/tag-clusters.png", headers={"Authorization": f"Bearer {token}"}
    )

    assert listed["modelReports"] == [
        {
            "name": "tag-clusters.png",
            "url": "/admin/files/tag-clusters.png",
            "sizeBytes": len(PNG),
            "description": listed["modelReports"][0]["description"],
        }
    ]
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "no-store"
    assert response.content == PNG


async def test_the_file_route_refuses_visitors_and_customers(gql: Any, session: Any, settings: Any) -> None:
    settings.reports_dir.mkdir(parents=True)
    (settings.reports_dir / "tag-clusters.png").write_bytes(PNG)
    customer = await customer_token(gql, session)

    visitor = await gql.http.get("/admin/files/tag-clusters.png")
    forged = await gql.http.get(
        "/admin/files/tag-clusters.png", headers={"Authorization": "Bearer not-a-token"}
    )
    shopper = await gql.http.get(
        "/admin/files/tag-clusters.png", headers={"Authorization": f"Bearer {customer}"}
    )

    assert (visitor.status_code, visitor.json()["error"]["code"]) == (401, "UNAUTHENTICATED")
    assert forged.status_code == 401
    assert (shopper.status_code, shopper.json()["error"]["code"]) == (403, "FORBIDDEN")
    assert PNG not in visitor.content + forged.content + shopper.content


async def test_the_file_route_serves_only_known_names(gql: Any, session: Any, settings: Any) -> None:
    settings.reports_dir.mkdir(parents=True)
    (settings.reports_dir / "secret.txt").write_text("not a report")
    headers = {"Authorization": f"Bearer {await admin_token(gql, session)}"}

    unknown = await gql.http.get("/admin/files/secret.txt", headers=headers)
    escaping = await gql.http.get("/admin/files/..%2Fmall.db", headers=headers)
    not_yet = await gql.http.get("/admin/files/tagger-metrics.png", headers=headers)

    assert [r.status_code for r in (unknown, escaping, not_yet)] == [404, 404, 404]
    assert "run the job" in not_yet.json()["error"]["message"]
