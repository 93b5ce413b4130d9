"""Structured JSON logs with a request id, and Prometheus metrics for requests, operations and pools."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
REGISTRY = CollectorRegistry(auto_describe=True)
HTTP_REQUESTS = Histogram(
    "mall_http_request_seconds",
    "HTTP requests by route and status",
    ["method", "route", "status"],
    registry=REGISTRY,
)
OPERATIONS = Histogram(
    "mall_graphql_operation_seconds",
    "GraphQL operations by name and type",
    ["operation", "type"],
    registry=REGISTRY,
)
OPERATION_ERRORS = Counter(
    "mall_graphql_errors_total",
    "GraphQL errors by operation and code",
    ["operation", "code"],
    registry=REGISTRY,
)
ACCESS_LOG = logging.getLogger("mall.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any extras."""

    RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (current := request_id.get()) is not None:
            entry["request_id"] = current
        for key, value in vars(record).items():
            if key not in self.RESERVED and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, json_format: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if json_format else logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # our access log carries the request id; uvicorn's own would repeat it without one
    logging.getLogger("uvicorn.access").disabled = True


def _route_of(scope: Scope) -> str:
    path: str = scope.get("path", "")
    for prefix in ("/media/", "/assets/"):
        if path.startswith(prefix):
            return prefix + "*"  # keep label cardinality bounded
    return path if path in {"/graphql", "/healthz", "/livez", "/readyz", "/metrics", "/"} else "other"


class RequestContext:
    """ASGI middleware: a request id (X-Request-ID in and out), an access log line, metrics, and
    X-Content-Type-Options: nosniff on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        current = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        token = request_id.set(current)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                # nosniff: an uploaded file is served as its type says, never guessed at as HTML
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", current.encode()),
                    (b"x-content-type-options", b"nosniff"),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            HTTP_REQUESTS.labels(scope["method"], _route_of(scope), str(status)).observe(elapsed)
            ACCESS_LOG.info(
                "%s %s %s",
                scope["method"],
                scope.get("path", ""),
                status,
                extra={"status": status, "duration_ms": round(elapsed * 1000, 2)},
            )
            request_id.reset(token)


class OperationLabels:
    """Operation names that may become metric labels: a client chooses the name, so the label set
    must not grow with what clients send. With a persisted-query list, its operations' names and
    nothing else; without one, the first `max_names` names seen, then "other"."""

    def __init__(self, known: set[str] | None = None, max_names: int = 100) -> None:
        self._fixed = known is not None
        self._names: set[str] = set(known or ())
        self.max_names = max_names

    def label(self, name: str | None) -> str:
        if name is None:
            return "anonymous"
        if name in self._names:
            return name
        if self._fixed or len(self._names) >= self.max_names or not name.isidentifier() or len(name) > 64:
            return "other"
        self._names.add(name)
        return name


class OperationMetrics(SchemaExtension):
    """Latency per operation name and error counts per code, read from the finished result."""

    def __init__(self, labels: OperationLabels) -> None:
        self.labels = labels

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        name = self.labels.label(context.operation_name)
        try:
            kind = context.operation_type.value
        except (RuntimeError, AttributeError, KeyError):  # the document did not parse
            kind = "invalid"
        OPERATIONS.labels(name, kind).observe(time.perf_counter() - started)
        result = context.result
        for error in getattr(result, "errors", None) or []:
            code = str((error.extensions or {}).get("code", "GRAPHQL_ERROR"))[:32]
            OPERATION_ERRORS.labels(name, code).inc()


class PoolCollector(Collector):
    """Connection pool gauges of an engine, read at scrape time."""

    def __init__(self, name: str, pool_status: Any) -> None:
        self.name = name
        self.pool_status = pool_status

    def collect(self) -> Iterable[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(
            "mall_db_pool_connections", "Database pool connections by state", labels=["store", "state"]
        )
        for state, value in self.pool_status().items():
            gauge.add_metric([self.name, state], value)
        yield gauge


class AppGauges(Collector):
    """Job queue depth and the models in use, refreshed by the /metrics handler before a scrape."""

    def __init__(self) -> None:
        self.jobs_by_state: dict[str, int] = {}
        self.models: dict[str, str] = {}

    def collect(self) -> Iterable[GaugeMetricFamily]:
        if self.jobs_by_state:
            jobs = GaugeMetricFamily("mall_jobs", "Jobs in the job table by state", labels=["state"])
            for state, count in sorted(self.jobs_by_state.items()):
                jobs.add_metric([state], count)
            yield jobs
            yield GaugeMetricFamily(
                "mall_job_queue_depth", "Jobs waiting for a worker", value=self.jobs_by_state.get("queued", 0)
            )
        models = GaugeMetricFamily(
            "mall_model_info",
            "Models this process serves, one series per model and version",
            labels=["model", "version"],
        )
        for model, version in sorted(self.models.items()):
            models.add_metric([model, version], 1)
        yield models


def pool_status(engine: Any) -> dict[str, int]:
    pool = engine.pool
    status: dict[str, int] = {}
    for state in ("size", "checkedin", "checkedout", "overflow"):
        reader = getattr(pool, state, None)
        if callable(reader):
            status[state] = int(reader())
    return status
