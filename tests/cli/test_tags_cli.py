"""`mall tags`: the review-tag jobs in the foreground."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from config.settings import get_settings

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh embedded store (settings are read from the environment), no LLM configured."""
    monkeypatch.setenv("MALL_DATA_DIR", str(tmp_path / "var"))
    for name in ("MALL_DATABASE_URL", "MALL_REDIS_URL", "OPENAI_API_KEY", "MALL_OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def test_tags_teach_runs_the_teach_job_with_the_local_teacher(data_dir: Path) -> None:
    result = runner.invoke(app, ["tags", "teach"])

    assert result.exit_code == 0, result.output
    assert "teach_tags" in result.output
    assert "succeeded" in result.output
    assert '"teacher": "local"' in result.output


def test_tags_tag_without_a_trained_tagger_exits_1_saying_what_to_run(data_dir: Path) -> None:
    result = runner.invoke(app, ["tags", "tag"])

    assert result.exit_code == 1
    assert "failed" in result.output
    assert "mall tags train" in result.output


def test_tags_train_refuses_a_bad_argument_before_running(data_dir: Path) -> None:
    result = runner.invoke(app, ["tags", "train", "--arg", "epochs=0"])

    assert result.exit_code == 2
    assert "epochs" in result.output
