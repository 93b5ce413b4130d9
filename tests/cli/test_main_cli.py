"""The `mall` command: import, admin create, demo, schema export."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from config.settings import get_settings
from db import migrations

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh embedded store for each CLI run (settings are read from the environment)."""
    monkeypatch.setenv("MALL_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("MALL_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def test_import_products_twice_reports_bad_lines_and_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "products.jsonl"
    good = {
        "c1_en": "A",
        "c2_en": "B",
        "c3_en": "C",
        "name": "Thing",
        "info": "",
        "detail": "",
        "img": "",
        "price": "2.50",
    }
    source.write_text(json.dumps(good) + "\n{oops\n")
    first = runner.invoke(app, ["import", "products", str(source)])
    assert first.exit_code == 0, first.output
    assert "created 1 products" in first.output
    assert "line 2" in first.output
    second = runner.invoke(app, ["import", "products", str(source)])
    assert "created 0 products, 1 already present" in second.output


def test_admin_create_reads_the_password_and_refuses_a_weak_one(data_dir: Path) -> None:
    weak = runner.invoke(app, ["admin", "create", "root_admin", "--password-stdin"], input="short\n")
    assert weak.exit_code == 1
    assert "password" in weak.output
    ok = runner.invoke(
        app, ["admin", "create", "root_admin", "--password-stdin"], input="a long enough secret\n"
    )
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(
        app, ["admin", "create", "root_admin", "--password-stdin"], input="a long enough secret\n"
    )
    assert "taken" in again.output


def test_demo_creates_sample_data_once_with_random_passwords(data_dir: Path) -> None:
    first = runner.invoke(app, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "400 products" in first.output
    credentials = (data_dir / "demo-credentials.txt").read_text().split()
    assert credentials[0] == "shopper"
    assert len(credentials[1]) >= 12
    assert any((data_dir / "media" / "sample" / "covers").iterdir())
    second = runner.invoke(app, ["demo", "--no-serve"])
    assert "already present" in second.output


def test_schema_export_writes_the_sdl(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    result = runner.invoke(app, ["schema", "export", "--out", str(out)])
    assert result.exit_code == 0
    assert "type Query" in out.read_text()


def test_serve_in_production_without_the_persisted_query_list_says_what_to_do(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MALL_ENV", "production")
    monkeypatch.setenv("MALL_SECRET_KEY", "a-production-secret-key-0123456789abcdef")
    monkeypatch.setenv("MALL_PERSISTED_QUERIES_PATH", str(tmp_path / "missing.json"))
    get_settings.cache_clear()
    data_dir.mkdir(parents=True)
    migrations.upgrade(get_settings().relational_url)

    result = runner.invoke(app, ["serve"])

    assert result.exit_code == 2
    assert "build the frontend" in result.output


def test_serve_on_a_database_that_is_not_set_up_says_to_upgrade(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)

    result = runner.invoke(app, ["serve"])

    assert result.exit_code == 2
    assert "mall db upgrade" in result.output
    assert "Traceback" not in result.output


def test_starting_the_server_or_a_worker_does_not_import_torch() -> None:
    """torch costs seconds and hundreds of MB: it loads when a model first needs it, not at start."""
    probe = (
        "import sys, cli.main, api.app, workers.settings; "
        "print(sorted(m for m in ('torch', 'sentence_transformers') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=110
    )
    assert result.stdout.strip() == "[]", result.stdout
