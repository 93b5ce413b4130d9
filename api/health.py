"""Liveness and per-store health: the relational store, the vector store and the job queue."""

from __future__ import annotations

import asyncio
import hmac

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.context import Services
from api.graphql_view import bearer_token
from api.observability import REGISTRY, AppGauges
from resolvers import jobs

GAUGE_READ_S = 2.0


async def store_states(services: Services) -> dict[str, dict[str, object]]:
    relational_ok = await services.store.ping()
    vector_ok = await services.vectors.ping()
    return {
        "relational": {"ok": relational_ok, "dialect": services.store.dialect},
        "vector": {
            "ok": vector_ok,
            "embedded": services.vectors.is_embedded,
            **({"error": services.vectors.error} if services.vectors.error else {}),
        },
    }


async def healthz(request: Request) -> JSONResponse:
    """200 when the relational store answers (the mall cannot sell without it), else 503."""
    services: Services = request.app.state.services
    stores = await store_states(services)
    ok = bool(stores["relational"]["ok"])
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "stores": stores}, status_code=200 if ok else 503
    )


async def livez(request: Request) -> JSONResponse:
    """Liveness: the process answers. Restarting it would not fix a store that is down."""
    return JSONResponse({"status": "alive"})


async def readyz(request: Request) -> JSONResponse:
    """Readiness: send traffic here only while the relational store answers."""
    services: Services = request.app.state.services
    ready = await services.store.ping()
    return JSONResponse({"ready": ready}, status_code=200 if ready else 503)


async def _refresh_gauges(services: Services, gauges: AppGauges) -> None:
    try:
        async with asyncio.timeout(GAUGE_READ_S), services.store.session() as session:
            gauges.jobs_by_state = await jobs.counts_by_state(session)
    except (TimeoutError, SQLAlchemyError, OSError):
        gauges.jobs_by_state = {}  # the store is down: no stale depth; /readyz says why
    models = {"embedding": services.settings.embedding_model.value}
    loan = services.loan_model.loaded_version()
    if loan is not None:
        models["loan"] = loan
    recommender = services.recommender.loaded_version()
    if recommender is not None:
        models["recommender"] = recommender
    gauges.models = models


def metrics_allowed(request: Request, services: Services) -> bool:
    """With MALL_METRICS_TOKEN, the scraper's bearer token; without, development only."""
    expected = services.settings.metrics_token
    if expected is None:
        return not services.settings.is_production
    given = bearer_token(request.headers) or ""
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


async def metrics(request: Request) -> Response:
    """Prometheus text format: process-wide metrics plus this app's pools, jobs and models."""
    services: Services = request.app.state.services
    if not metrics_allowed(request, services):
        if services.settings.metrics_token is None:
            return Response("Not Found", status_code=404)
        return Response("a valid bearer token is needed", status_code=401)
    await _refresh_gauges(request.app.state.services, request.app.state.app_gauges)
    body = generate_latest(REGISTRY) + generate_latest(request.app.state.metrics_registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
