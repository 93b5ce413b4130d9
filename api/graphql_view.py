"""The GraphQL endpoint: strawberry's ASGI view with our context, GraphiQL only in development."""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

import strawberry
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.types.unset import UNSET, UnsetType

from api.context import Context, Services
from api.persisted_queries import AllowList, requested_hash

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
# set per request in get_context, read when the response is built (strawberry passes no request there)
WS_CONTEXT_KEY = "mall.graphql_context"
_wants_graphql_response: ContextVar[bool] = ContextVar("wants_graphql_response", default=False)


def bearer_token(headers: Any) -> str | None:
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def origin_allowed(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """A client without an Origin header is no browser page; a page may connect from its own
    host or from one of the configured origins."""
    if origin is None:
        return True
    if origin in allowed:
        return True
    parsed = urlsplit(origin)
    return bool(host) and parsed.netloc == host


class MallGraphQL(GraphQL[Context, None]):
    def __init__(
        self, schema: strawberry.Schema, services: Services, allow_list: AllowList | None = None
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None if services.settings.is_production else "graphiql",
            # reads over GET are cacheable; mutations over GET are refused by strawberry (405)
            allow_queries_via_get=True,
            multipart_uploads_enabled=True,
        )
        self.services = services
        self.allow_list = allow_list

    def _origin_allowed(self, scope: Scope) -> bool:
        headers = {
            key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers") or []
        }
        return origin_allowed(
            headers.get("origin"), headers.get("host"), self.services.settings.allowed_origins
        )

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        accept = request.headers.get("accept", "")
        _wants_graphql_response.set(GRAPHQL_RESPONSE_JSON in accept)
        # graphql-ws clients send the token in connection_init instead: see on_ws_connect
        token = bearer_token(request.headers)
        context = Context(
            services=self.services,
            request=request,
            response=response if isinstance(response, Response) else None,
            token=token,
        )
        if isinstance(request, WebSocket):
            request.scope[WS_CONTEXT_KEY] = context
        return context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A WebSocket shares one context for its life; its session is closed when it ends.

        (Without this, MariaDB keeps the connection's transaction and its metadata locks.)
        A WebSocket opened by a page of another origin is refused before it is accepted.
        """
        if scope["type"] == "websocket" and not self._origin_allowed(scope):
            await send({"type": "websocket.close", "code": 4403, "reason": "origin not allowed"})
            return
        try:
            await super().__call__(scope, receive, send)
        finally:
            context = scope.get(WS_CONTEXT_KEY)
            if isinstance(context, Context):
                await context.close()

    def decode_json(self, data: str | bytes) -> object:
        """Strict JSON: UTF-8, no NaN/Infinity, an object (or a list, which strawberry refuses as
        a batch); anything else is a 400 that says what is wrong, never a 500."""
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            decoded = json.loads(text, parse_constant=_refuse_constant)
        except UnicodeDecodeError:
            raise HTTPException(400, "the request body is not UTF-8") from None
        except RecursionError:
            raise HTTPException(400, "the request body is nested too deeply") from None
        except ValueError:
            raise HTTPException(400, "Unable to parse request body as JSON") from None
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "the request body must be a JSON object with a query")
        if isinstance(decoded, dict) and not isinstance(decoded.get("operationName"), str | None):
            raise HTTPException(400, "operationName must be a string or null")
        return decoded

    async def parse_http_body(self, request: Any) -> Any:
        data = await super().parse_http_body(request)
        for item in data if isinstance(data, list) else [data]:
            self._resolve_persisted(item)
        return data

    def _resolve_persisted(self, item: GraphQLRequestData) -> None:
        """A hash-only request (Apollo's format) runs the listed text; the allow-list itself is
        enforced by the schema's gate, for every transport."""
        sha256 = requested_hash(item.extensions)
        if item.query is None and sha256 is not None:
            item.query = self.allow_list.text_of(sha256) if self.allow_list else None
            if item.query is None:
                raise HTTPException(400, "PersistedQueryNotFound: no persisted query with this hash")

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Browsers cannot set headers on a WebSocket: the token comes in connection_init's
        {"authorization": "Bearer ..."}. A token that does not verify is refused (4403) at once;
        in production every WebSocket needs one."""
        params = context.connection_params or {}
        value = params.get("authorization") or params.get("Authorization")
        token = bearer_token({"authorization": value}) if isinstance(value, str) else None
        if token:
            context.token = token
            context._user_loaded = False
            user = await context.user()
            # an idle WebSocket must not hold a database connection: operations open their own
            await context.close()
            if user is None:
                raise ConnectionRejectionError({"message": context.token_error or "invalid token"})
        elif self.services.settings.is_production:
            raise ConnectionRejectionError({"message": "log in first: send a token in connection_init"})
        unset: UnsetType = UNSET
        return unset

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        """application/graphql-response+json when asked for it, with 400 for request errors.

        A request error (syntax, validation, limits) stops before execution: per GraphQL over
        HTTP its response has no data entry at all. Field errors keep a path and a 200.
        """
        request_error = False
        if _wants_graphql_response.get() and isinstance(response_data, dict):
            errors = response_data.get("errors") or []
            request_error = bool(
                response_data.get("data") is None and errors and not any(e.get("path") for e in errors)
            )
            if request_error:
                response_data = {key: value for key, value in response_data.items() if key != "data"}
        response = super().create_response(response_data, sub_response)
        if _wants_graphql_response.get():
            response.headers["content-type"] = GRAPHQL_RESPONSE_JSON
            if request_error:
                response.status_code = 400
        return response

    async def execute_operation(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """A mutation sent over GET is 405 Method Not Allowed (GraphQL over HTTP), not 400."""
        try:
            return await super().execute_operation(request, *args, **kwargs)
        except HTTPException as exc:
            if request.method == "GET" and exc.status_code == 400 and "mutation" in exc.reason.lower():
                raise HTTPException(405, exc.reason) from exc
            raise
