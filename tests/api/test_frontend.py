"""The built storefront at /: client-side routes get index.html, missing assets stay 404."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from api.app import SinglePageApp


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<div id=app></div>")
    (tmp_path / "assets" / "index-abc.js").write_text("console.log(1)")
    return tmp_path


def client_for(dist: Path) -> httpx.AsyncClient:
    app = Starlette()
    app.mount("/", SinglePageApp(directory=dist, html=True), name="frontend")
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_client_side_routes_get_the_app(dist: Path) -> None:
    async with client_for(dist) as http:
        for path in ("/", "/products/UHJvZHVjdDox", "/admin/users", "/search?q=tea"):
            response = await http.get(path)
            assert response.status_code == 200, path
            assert response.text == "<div id=app></div>"


async def test_assets_are_served_as_files(dist: Path) -> None:
    async with client_for(dist) as http:
        response = await http.get("/assets/index-abc.js")
    assert response.text == "console.log(1)"


async def test_a_missing_asset_is_a_404_not_the_app(dist: Path) -> None:
    async with client_for(dist) as http:
        response = await http.get("/assets/index-gone.js")
    assert response.status_code == 404
