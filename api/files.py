"""`GET /admin/files/{name}`: model reports (plots, metrics) for admins, checked on the server.

The bearer token is the GraphQL one, verified the same way (a locked user or a stale token is
nobody). Only the names in resolvers.tags.REPORT_FILES are served, so no path from the URL ever
reaches the file system.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from api.context import Context
from api.graphql_view import bearer_token
from resolvers.permissions import Perm, has_perm
from resolvers.tags import REPORT_FILES, report_path

MEDIA_TYPES = {".png": "image/png", ".json": "application/json"}


def _refuse(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


async def admin_file(request: Request) -> Response:
    services = request.app.state.services
    context = Context(services=services, request=request, token=bearer_token(request.headers))
    try:
        user = await context.user()
    finally:
        await context.close()
    if user is None:
        return _refuse(401, "UNAUTHENTICATED", context.token_error or "log in as an admin to download this")
    if not has_perm(user.role, Perm.MANAGE_PRODUCTS):
        return _refuse(403, "FORBIDDEN", f"you need the {Perm.MANAGE_PRODUCTS.value} permission")
    name = request.path_params["name"]
    if name not in REPORT_FILES:
        return _refuse(404, "NOT_FOUND", "no such file")
    path = report_path(services.settings.reports_dir, name)
    if path is None:
        return _refuse(404, "NOT_FOUND", "not produced yet: run the job that writes it")
    media_type = next((kind for suffix, kind in MEDIA_TYPES.items() if name.endswith(suffix)), None)
    # reports change when a job reruns; a cached copy would show an old model's figures
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "no-store"})
