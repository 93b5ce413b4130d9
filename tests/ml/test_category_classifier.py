"""Category classifier: learns toy catalogs, uses the category tree, survives save/load."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ml.category_classifier import (
    CategoryClassifier,
    ClassifierScores,
    product_text,
    stratified_split,
    title_of,
)
from ml.category_classifier.category_tree import parent_matrix, with_parent_agreement
from ml.category_classifier.comparison import MODELS, cross_validate, fold_indices
from ml.category_classifier.text_features import TextFeatures, default_blocks
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

# a two-level catalog: (level-2 aisle, level-3 leaf) -> what its products are called
TREE = {
    ("Beverages > Coffee", "Whole Bean"): "whole bean coffee",
    ("Beverages > Coffee", "Ground"): "ground coffee",
    ("Beverages > Tea", "Green"): "green tea bags",
    ("Beverages > Tea", "Herbal"): "herbal chamomile tea",
    ("Pantry > Pasta", "Spaghetti"): "spaghetti pasta",
    ("Pantry > Pasta", "Penne"): "penne pasta",
    ("Pantry > Rice", "Basmati"): "basmati rice",
    ("Pantry > Rice", "Jasmine"): "jasmine rice",
}
BRANDS = ["Acme", "Bright", "Cobalt", "Delta", "Evergreen", "Fable", "Golden", "Harbor"]


def toy_data() -> tuple[list[str], list[str]]:
    texts = [text for items in TOY.values() for text in items]
    labels = [label for label, items in TOY.items() for _ in items]
    return texts, labels


def tree_catalog(brands: list[str]) -> tuple[list[str], list[str], list[str]]:
    texts, labels, parents = [], [], []
    for (parent, leaf), words in TREE.items():
        for n, brand in enumerate(brands):
            texts.append(product_text(f"{brand} {words}, {n + 8} oz", f"{brand} makes fine {words}."))
            labels.append(leaf)
            parents.append(parent)
    return texts, labels, parents


@pytest.fixture(scope="module")
def classifier() -> CategoryClassifier:
    return CategoryClassifier().fit(*toy_data())


@pytest.fixture(scope="module")
def tree_classifier() -> CategoryClassifier:
    texts, labels, parents = tree_catalog(BRANDS[:6])
    return CategoryClassifier().fit(texts, labels, parents)


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


def test_tree_model_beats_chance_on_unseen_brands(tree_classifier: CategoryClassifier) -> None:
    texts, labels, _ = tree_catalog(BRANDS[6:])

    scores = tree_classifier.evaluate(texts, labels)

    assert tree_classifier.uses_tree
    assert scores.top1 >= 0.75  # chance is 1/8
    assert scores.top3 == 1.0


def test_validation_scores_and_calibration_come_from_held_out_training_rows(
    tree_classifier: CategoryClassifier,
) -> None:
    assert tree_classifier.validation is not None
    # 20% of 6 products in each of 8 leaves
    assert tree_classifier.validation.count == 8
    assert tree_classifier.calibration.hierarchy_strength in (0.0, 0.25, 0.5, 1.0, 2.0)


def test_parent_disagreement_demotes_a_level3_guess() -> None:
    # leaf 0 ("Fettuccine" under Pasta) narrowly beats leaf 1 (under Packaged Meals)...
    leaf = np.array([[0.5, 0.4, 0.1]], dtype=np.float32)
    tree = parent_matrix(["a", "b", "c"], ["Pasta", "Meals", "Meals"], ["a", "b", "c"], ["Meals", "Pasta"])
    # ...but the level-2 model is sure the product is a packaged meal
    parent = np.array([[0.9, 0.1]], dtype=np.float32)

    combined = with_parent_agreement(leaf, parent, tree, strength=1.0)

    assert int(combined.argmax()) == 1
    assert combined.sum() == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_array_equal(with_parent_agreement(leaf, parent, tree, strength=0.0), leaf)


def test_a_leaf_under_several_parents_gets_a_parent_distribution() -> None:
    tree = parent_matrix(
        ["Chicken", "Chicken", "Chicken", "Soup"], ["Frozen", "Frozen", "Broths", "Broths"],
        ["Chicken", "Soup"], ["Broths", "Frozen"],
    )  # fmt: skip

    np.testing.assert_allclose(tree, [[1 / 3, 2 / 3], [1.0, 0.0]])


def test_save_load_gives_identical_probabilities(tree_classifier: CategoryClassifier, tmp_path: Path) -> None:
    texts = ["breakfast blend ground coffee", "linguine", "wild rice"]

    folder = tree_classifier.save(tmp_path, metrics={"held_out": {"top1": 0.5}})
    loaded = CategoryClassifier.load(tmp_path)

    assert loaded.classes == tree_classifier.classes
    assert loaded.uses_tree
    assert loaded.calibration == tree_classifier.calibration
    assert loaded.predict_topk(texts, k=8) == tree_classifier.predict_topk(texts, k=8)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["embedder"] == "all-minilm-l6-v2"
    assert manifest["metrics"] == {"held_out": {"top1": 0.5}}
    assert manifest["validation"]["count"] == 8
    assert not list(folder.glob("*.pkl"))


def test_missing_model_raises_checkpoint_error(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError):
        CategoryClassifier.load(tmp_path / "none")


def test_corrupt_weights_raise_checkpoint_error(classifier: CategoryClassifier, tmp_path: Path) -> None:
    folder = classifier.save(tmp_path)
    weights = folder / "weights.npz"
    weights.write_bytes(weights.read_bytes()[:-10])

    with pytest.raises(CheckpointError, match="checksum"):
        CategoryClassifier.load(tmp_path)


def test_a_checkpoint_of_the_old_minilm_model_is_refused(
    classifier: CategoryClassifier, tmp_path: Path
) -> None:
    folder = classifier.save(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["model_format"]
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CheckpointError, match="older category classifier"):
        CategoryClassifier.load(folder)


def test_tfidf_features_round_trip_through_json_and_npz(tmp_path: Path) -> None:
    texts, _ = toy_data()
    features = TextFeatures(default_blocks(1, 1)).fit(texts)

    features.save(tmp_path)
    loaded = TextFeatures.load(tmp_path)

    unseen = ["hazelnut coffee\nroasted in small batches", "rice noodles"]
    assert (loaded.transform(unseen) != features.transform(unseen)).nnz == 0
    assert loaded.dimension == features.dimension


def test_cross_validation_scores_every_model_on_the_same_folds() -> None:
    texts, labels, parents = tree_catalog(BRANDS[:5])
    classifier = CategoryClassifier()

    results = cross_validate(classifier.encode(texts), labels, parents, classifier.embedder, folds=2, seed=1)

    assert set(results) == set(MODELS)
    assert all(len(folds) == 2 for folds in results.values())
    assert all(scores.count == len(texts) // 2 for folds in results.values() for scores in folds)
    assert min(s.top3 for s in results[MODELS[0]]) >= 0.75


def test_folds_need_enough_products_per_category() -> None:
    with pytest.raises(ValueError, match="'b' has 2"):
        fold_indices(["a"] * 5 + ["b"] * 2, folds=3, seed=0)


def test_split_keeps_single_example_categories_in_train() -> None:
    labels = ["a"] * 10 + ["b"] * 5 + ["lonely"]

    train, test = stratified_split(labels, 0.2, seed=1)

    assert sorted(train + test) == list(range(len(labels)))
    assert [labels[i] for i in test].count("a") == 2
    assert [labels[i] for i in test].count("b") == 1
    assert 15 in train


def test_product_text_puts_the_name_first_and_is_capped() -> None:
    assert product_text("Green  Tea", "Loose leaf.", "Shipping") == "Green Tea\nLoose leaf."
    assert title_of(product_text("Green Tea", "Loose leaf.")) == "Green Tea"
    assert title_of("just a title") == "just a title"
    assert len(product_text("x" * 1000)) == 300


def test_product_text_drops_shipping_boilerplate_from_detail() -> None:
    detail = "Hand picked. Product Dimensions:: 8 x 8 inches Shipping Weight:: 2.4 pounds"

    assert product_text("Hearts of Palm", "", detail) == "Hearts of Palm\nHand picked."
    assert product_text("Hearts of Palm", "", "Shipping Weight:: 2 pounds") == "Hearts of Palm"
