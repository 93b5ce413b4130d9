"""The GraphQL endpoint: strawberry's ASGI view with our context, GraphiQL only in development."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import strawberry
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
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
        self.enforce_allow_list = services.settings.enforces_persisted_queries
        if self.enforce_allow_list and allow_list is None:
            raise ValueError("enforcing persisted queries needs the list")

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
        """
        try:
            await super().__call__(scope, receive, send)
        finally:
            context = scope.get(WS_CONTEXT_KEY)
            if isinstance(context, Context):
                await context.close()

    async def parse_http_body(self, request: Any) -> Any:
        data = await super().parse_http_body(request)
        for item in data if isinstance(data, list) else [data]:
            self._check_persisted(item)
        return data

    def _check_persisted(self, item: GraphQLRequestData) -> None:
        sha256 = requested_hash(item.extensions)
        if item.query is None and sha256 is not None:
            item.query = self.allow_list.text_of(sha256) if self.allow_list else None
            if item.query is None:
                raise HTTPException(400, "PersistedQueryNotFound: no persisted query with this hash")
        elif self.enforce_allow_list and item.query is not None:
            assert self.allow_list is not None
            if not self.allow_list.allows(item.query):
                raise HTTPException(
                    400, "PersistedQueryNotAllowed: this server runs only the storefront's operations"
                )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Browsers cannot set headers on a WebSocket: take {"authorization": "Bearer ..."} here."""
        params = context.connection_params or {}
        value = params.get("authorization") or params.get("Authorization")
        if isinstance(value, str):
            token = bearer_token({"authorization": value})
            if token:
                context.token = token
                context._user_loaded = False
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
