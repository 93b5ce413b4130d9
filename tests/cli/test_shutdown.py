"""Stopping `mall serve` with SIGTERM (what systemd, Docker and Kubernetes send) stops the embedded
PostgreSQL it started, instead of leaving a server running on the data directory."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # not tmp_path: the embedded PostgreSQL runs as its own user and must reach the directory
    root = Path(tempfile.mkdtemp(prefix="mall-sigterm-"))
    os.chmod(root, 0o755)
    yield root / "var"
    shutil.rmtree(root, ignore_errors=True)


def _healthy_vectors(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json()
            if health["stores"]["vector"]["ok"]:
                return True
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        time.sleep(0.3)
    return False


@pytest.mark.timeout(180)
def test_sigterm_stops_the_embedded_postgresql(data_dir: Path) -> None:
    env = {**os.environ, "MALL_DATA_DIR": str(data_dir), "MALL_CRON_ENABLED": "false"}
    env.pop("MALL_DATABASE_URL", None)
    env.pop("MALL_VECTOR_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "cli.main", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    postmaster = data_dir / "pg" / "postmaster.pid"
    try:
        assert _healthy_vectors(port, time.monotonic() + 90), "the embedded PostgreSQL did not start"
        assert postmaster.is_file()

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()

    deadline = time.monotonic() + 20
    while postmaster.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not postmaster.exists(), "the embedded PostgreSQL is still running"
    assert (data_dir / "mall.db").stat().st_mode & 0o777 == 0o600
