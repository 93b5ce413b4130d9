"""Category classifier: learns toy categories, ranks top-k, survives save/load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ml.category_classifier import (
    CategoryClassifier,
    ClassifierScores,
    product_text,
    stratified_split,
)
from ml.tagger.checkpoint import CheckpointError

TOY = {
    "Coffee": [
        "dark roast coffee beans",
        "espresso ground coffee",
        "decaf coffee pods",
        "arabica whole bean coffee",
        "instant coffee granules",
        "cold brew coffee",
    ],
    "Tea": [
        "green tea bags",
        "earl grey loose leaf tea",
        "chamomile herbal tea",
        "matcha tea powder",
        "oolong tea leaves",
        "jasmine green tea",
    ],
    "Pasta": [
        "spaghetti pasta 1 lb",
        "penne rigate pasta",
        "whole wheat fusilli",
        "egg noodles fettuccine",
        "lasagna sheets pasta",
        "macaroni elbows",
    ],
}


def toy_data() -> tuple[list[str], list[str]]:
    texts = [text for items in TOY.values() for text in items]
    labels = [label for label, items in TOY.items() for _ in items]
    return texts, labels


@pytest.fixture(scope="module")
def classifier() -> CategoryClassifier:
    return CategoryClassifier().fit(*toy_data())


def test_learns_separable_toy_categories(classifier: CategoryClassifier) -> None:
    scores = classifier.evaluate(
        ["french roast coffee", "peppermint tea bags", "rigatoni pasta"], ["Coffee", "Tea", "Pasta"]
    )

    assert scores == ClassifierScores(count=3, top1=1.0, top3=1.0, macro_f1=1.0)


def test_topk_is_sorted_by_confidence(classifier: CategoryClassifier) -> None:
    [ranked] = classifier.predict_topk(["hazelnut flavored coffee"], k=3)

    assert [label for label, _ in ranked][0] == "Coffee"
    confidences = [confidence for _, confidence in ranked]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0, abs=1e-5)


def test_save_load_gives_the_same_ranking(classifier: CategoryClassifier, tmp_path: Path) -> None:
    texts = ["breakfast blend coffee", "linguine"]

    classifier.save(tmp_path)
    loaded = CategoryClassifier.load(tmp_path)

    assert loaded.classes == classifier.classes
    for mine, theirs in zip(classifier.predict_topk(texts), loaded.predict_topk(texts), strict=True):
        assert [label for label, _ in mine] == [label for label, _ in theirs]
        np.testing.assert_allclose([c for _, c in mine], [c for _, c in theirs], rtol=1e-5)


def test_missing_model_raises_checkpoint_error(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError):
        CategoryClassifier.load(tmp_path / "none")


def test_split_keeps_single_example_categories_in_train() -> None:
    labels = ["a"] * 10 + ["b"] * 5 + ["lonely"]

    train, test = stratified_split(labels, 0.2, seed=1)

    assert sorted(train + test) == list(range(len(labels)))
    assert [labels[i] for i in test].count("a") == 2
    assert [labels[i] for i in test].count("b") == 1
    assert 15 in train


def test_product_text_prefers_info_and_is_capped() -> None:
    assert product_text("Tea", "Green.", "Shipping") == "Tea. Green."
    assert product_text("Tea", "", "Shipping") == "Tea. Shipping"
    assert len(product_text("x" * 1000)) == 300
