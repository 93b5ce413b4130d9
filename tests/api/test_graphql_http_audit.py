"""graphql-http's server audits (the GraphQL-over-HTTP spec) against a real `mall serve`."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "scripts" / "graphql-http-audit"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "MALL_DATA_DIR": str(tmp_path_factory.mktemp("audit") / "var")}
    env.pop("MALL_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "cli.main", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/livez", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_server_passes_every_must_and_should_audit(server_url: str) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the GraphQL-over-HTTP audit (apt-get install nodejs)"
    assert (AUDIT / "node_modules" / "graphql-http").is_dir(), (
        "run: npm ci --prefix scripts/graphql-http-audit"
    )
    run = subprocess.run(
        [node, "audit.mjs", server_url], cwd=AUDIT, capture_output=True, text=True, timeout=120
    )
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["MUST"]["passed"] == summary["MUST"]["total"], run.stdout
    assert summary["SHOULD"]["passed"] == summary["SHOULD"]["total"], run.stdout
