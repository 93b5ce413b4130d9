"""`mall classify` train and evaluate through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.classify import app

CATEGORIES = {
    "Coffee": ["dark roast coffee", "espresso beans", "decaf coffee", "coffee pods", "mocha java"],
    "Tea": ["green tea", "earl grey tea", "chamomile tea", "matcha powder", "oolong leaves"],
}


@pytest.fixture
def products(tmp_path: Path) -> Path:
    path = tmp_path / "products.jsonl"
    lines = [
        json.dumps({"c3_en": label, "name": name, "info": f"{name} for every day", "detail": ""})
        for label, names in CATEGORIES.items()
        for name in names
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def last_json(output: str) -> dict[str, float]:
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


def test_evaluate_without_model_holds_out_a_split(products: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "--data", str(products)])

    assert result.exit_code == 0, result.output
    figures = last_json(result.output)
    assert set(figures) == {"top1", "top3", "macro_f1"}
    assert figures["top3"] == 1.0


def test_train_then_evaluate_saved_model(products: Path, tmp_path: Path) -> None:
    runner = CliRunner()

    trained = runner.invoke(app, ["train", "--data", str(products), "--out", str(tmp_path / "m")])
    evaluated = runner.invoke(app, ["evaluate", "--data", str(products), "--model", str(tmp_path / "m")])

    assert trained.exit_code == 0, trained.output
    assert (tmp_path / "m" / "v0001" / "manifest.json").is_file()
    assert evaluated.exit_code == 0, evaluated.output
    assert last_json(evaluated.output)["top1"] == 1.0


def test_evaluate_with_missing_model_fails_with_a_message(products: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "--data", str(products), "--model", str(tmp_path / "absent")]
    )

    assert result.exit_code == 1
    assert "cannot load the classifier" in result.output
