"""`mall classify` train, evaluate and compare through typer's CliRunner."""

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
# level-2 aisle of each level-3 category above, as c1_en / c2_en
AISLES = {"Coffee": ("Beverages", "Coffee, Tea & Cocoa"), "Tea": ("Beverages", "Coffee, Tea & Cocoa")}


@pytest.fixture
def products(tmp_path: Path) -> Path:
    path = tmp_path / "products.jsonl"
    lines = [
        json.dumps(
            {
                "c1_en": AISLES[label][0],
                "c2_en": AISLES[label][1],
                "c3_en": label,
                "name": name,
                "info": f"{name} for every day",
                "detail": "",
            }
        )
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


def test_train_reports_its_validation_share(products: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "--data", str(products), "--out", str(tmp_path / "m")])

    assert result.exit_code == 0, result.output
    assert "2 categories" in result.output
    assert "held-out share of the training rows (2)" in result.output


def test_a_file_that_is_not_json_lines_is_refused_with_its_line_number(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"c3_en": "Tea", "name": "green tea"}\nnot json\n')

    result = CliRunner().invoke(app, ["train", "--data", str(bad), "--out", str(tmp_path / "m")])

    assert result.exit_code == 1
    assert "bad.jsonl:2 is not JSON" in result.output
    assert not (tmp_path / "m").exists()


def test_one_category_cannot_be_trained(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text("".join(json.dumps({"c3_en": "Tea", "name": f"tea {n}"}) + "\n" for n in range(6)))

    result = CliRunner().invoke(app, ["train", "--data", str(one), "--out", str(tmp_path / "m")])

    assert result.exit_code == 1
    assert "at least two categories" in result.output


def test_compare_reports_the_model_and_both_baselines(products: Path) -> None:
    result = CliRunner().invoke(app, ["compare", "--data", str(products), "--folds", "2"])

    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert set(figures) == {"tfidf+minilm+tree", "tfidf baseline", "minilm baseline"}
    assert set(figures["tfidf baseline"]) == {"top1", "top3", "macro_f1"}


def test_compare_refuses_more_folds_than_products_per_category(products: Path) -> None:
    result = CliRunner().invoke(app, ["compare", "--data", str(products), "--folds", "6"])

    assert result.exit_code == 1
    assert "6-fold CV needs 6 products per category" in result.output
