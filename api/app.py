"""The ASGI application: stores opened in the lifespan, GraphQL, health, media and the storefront."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

from prometheus_client import CollectorRegistry
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Scope
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.body_limit import BodySizeLimit
from api.context import Services
from api.files import admin_file
from api.graphql_view import MallGraphQL
from api.health import healthz, livez, metrics, readyz
from api.observability import AppGauges, PoolCollector, RequestContext, configure_logging, pool_status
from api.persisted_queries import AllowList
from api.rate_limit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from config.settings import Settings, get_settings
from db.relational import RelationalStore
from llm.request_split import load_examples
from resolvers.loans import LoanModelProvider, LoanPolicy
from resolvers.personal import RecommenderProvider
from resolvers.tokens import TokenIssuer
from schema.root import build_schema
from workers.context import build_embedder, build_vector_store, open_llm_client
from workers.runner import make_queue

log = logging.getLogger(__name__)
FRONTEND_DIST = Path(__file__).resolve().parents[1] / "frontend" / "dist"


def build_rate_limiter(settings: Settings) -> RateLimiter:
    if settings.redis_url:
        return RedisRateLimiter(Redis.from_url(settings.redis_url, socket_timeout=1))
    return MemoryRateLimiter()


class SinglePageApp(StaticFiles):
    """The built storefront; a path that is no file (/products/42, /admin) gets index.html.

    The Vue router owns those paths in the browser. A missing asset (a name with an extension)
    stays a 404 so a stale hashed chunk fails loudly instead of turning into HTML.
    """

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or "." in path.rsplit("/", 1)[-1]:
                raise
            return await super().get_response("index.html", scope)


_FROZEN = {"done": False}


def freeze_startup_objects() -> None:
    """What start-up built (the schema, models, modules) lives as long as the process: keep it out
    of the collector's full passes, which otherwise stop the event loop for ~0.4 s. Once per
    process: a later app (tests build many) must not make garbage permanent."""
    if not _FROZEN["done"]:
        gc.collect()
        gc.freeze()
        _FROZEN["done"] = True


def build_services(settings: Settings) -> Services:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    llm = open_llm_client(settings)
    examples_file = settings.request_examples_file
    services = Services(
        settings=settings,
        store=RelationalStore(settings.relational_url),
        vectors=build_vector_store(settings),
        tokens=TokenIssuer(settings.signing_key(), timedelta(minutes=settings.access_token_minutes)),
        rate_limiter=build_rate_limiter(settings),
        embedder=build_embedder(settings, llm),
        llm=llm,
        request_examples=load_examples(examples_file) if examples_file else [],
        loan_model=LoanModelProvider(settings.loan_model_path),
        loan_policy=LoanPolicy.from_settings(settings),
        recommender=RecommenderProvider(settings.recommender_path),
    )
    services.jobs = make_queue(settings, services.job_resources)
    return services


def persisted_queries_path(settings: Settings) -> Path:
    return settings.persisted_queries_path or FRONTEND_DIST / "persisted-queries.json"


def _allow_list(settings: Settings) -> AllowList | None:
    """The persisted-query list: required when enforced, used for hash-only requests when present."""
    path = persisted_queries_path(settings)
    if settings.enforces_persisted_queries:
        allow_list = AllowList.load(path)  # a missing list stops start-up with what to do
        log.info("persisted queries enforced", extra={"operations": len(allow_list), "path": str(path)})
        return allow_list
    return AllowList.load(path) if path.is_file() else None


def create_app(settings: Settings | None = None, *, start_vectors: bool = True) -> Starlette:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.json_logs)
    services = build_services(settings)
    settings.media_dir.mkdir(parents=True, exist_ok=True)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if start_vectors:
            await services.vectors.start()
            # an external store is migrated by `mall db upgrade`; the embedded one is ours
            if services.vectors.is_embedded:
                await services.vectors.upgrade(
                    hnsw_m=settings.hnsw_m, hnsw_ef_construction=settings.hnsw_ef_construction
                )
        await services.jobs.start()  # in-process: resumes interrupted jobs, runs the schedules
        freeze_startup_objects()
        try:
            yield
        finally:
            await services.jobs.close()
            await services.llm.aclose()
            await services.vectors.dispose()
            await services.store.dispose()

    allow_list = _allow_list(settings)
    graphql = MallGraphQL(build_schema(settings, allow_list), services, allow_list)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/livez", livez),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
        Route("/admin/files/{name}", admin_file, methods=["GET"]),
        Mount("/media", StaticFiles(directory=settings.media_dir), name="media"),
    ]
    middleware = [
        # first, so the request id, the access log and rate limits see the client's address
        *(
            [Middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)]
            if settings.trusted_proxies
            else []
        ),
        Middleware(RequestContext),
        Middleware(
            BodySizeLimit,
            max_bytes=settings.max_body_bytes,
            max_upload_bytes=settings.avatar_max_bytes + 64 * 1024,
        ),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.metrics_registry = CollectorRegistry()
    app.state.metrics_registry.register(
        PoolCollector("relational", lambda: pool_status(services.store.engine))
    )
    app.state.app_gauges = AppGauges()
    app.state.metrics_registry.register(app.state.app_gauges)
    if FRONTEND_DIST.is_dir():
        app.mount("/", SinglePageApp(directory=FRONTEND_DIST, html=True), name="frontend")
    app.state.services = services
    return app
