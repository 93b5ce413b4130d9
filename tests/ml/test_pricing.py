"""The local price model, its category-median baseline and the products.jsonl reader."""

from __future__ import annotations

import hashlib
import json
import random
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from ml.embeddings import Vectors
from ml.pricing import (
    CategoryMedianBaseline,
    PricedProduct,
    PriceModel,
    PriceModelFileError,
    evaluate_holdout,
    parse_price,
    read_products,
)
from ml.pricing.model import (
    METADATA_FILE,
    MODEL_FILE,
    BoostingCandidate,
    PriceModelConfig,
    RidgeCandidate,
)

# Both kinds of candidate, kept small so the tests stay quick on two shared cores.
SMALL = PriceModelConfig(
    candidates=(RidgeCandidate(alpha=1.0, embedding_weight=1.0), BoostingCandidate(max_iter=30))
)


class WordHashEmbedder:
    """Bag of hashed words: deterministic and instant, enough signal for a toy catalog."""

    name = "word-hash-test"
    dimension = 64

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                rows[row, int.from_bytes(digest, "big") % self.dimension] += 1.0
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return np.asarray(rows / np.maximum(norms, 1e-9), dtype=np.float32)


def synthetic_catalog(count: int = 240, seed: int = 5) -> list[PricedProduct]:
    """Price set by a size word and a quality word, across a few categories."""
    rng = random.Random(seed)
    sizes = {"mini": 2.0, "regular": 6.0, "family": 18.0}
    qualities = {"basic": 1.0, "organic": 1.8, "gourmet": 3.5}
    foods = [
        ("Snacks", "Chips", "Potato"),
        ("Snacks", "Nuts", "Almonds"),
        ("Drinks", "Tea", "Green"),
    ]
    products = []
    for _ in range(count):
        size, quality = rng.choice(list(sizes)), rng.choice(list(qualities))
        c1, c2, c3 = rng.choice(foods)
        price = sizes[size] * qualities[quality] * rng.uniform(0.9, 1.1)
        products.append(
            PricedProduct(
                name=f"{quality} {c3} {size} pack",
                description=f"A {size} bag of {quality} {c2.lower()}.",
                c1=c1,
                c2=c2,
                c3=c3,
                price=Decimal(str(round(price, 2))),
            )
        )
    return products


@pytest.fixture(scope="module")
def fitted() -> PriceModel:
    return PriceModel(SMALL, embedder=WordHashEmbedder()).fit(synthetic_catalog())


def test_model_learns_prices_the_category_median_cannot(fitted: PriceModel) -> None:
    result = evaluate_holdout(synthetic_catalog(), seed=1, config=SMALL, embedder=WordHashEmbedder())
    assert result.model_mape < 0.25
    assert result.model_mape < result.baseline_mape / 2
    assert result.test_size == 48
    assert result.chosen in {score.name for score in result.validation}


def test_predictions_are_positive_decimals_to_the_cent(fitted: PriceModel) -> None:
    products = synthetic_catalog(20, seed=9)
    prices = fitted.predict(products)
    assert len(prices) == 20
    assert all(isinstance(p, Decimal) and p > 0 for p in prices)
    assert all(p.as_tuple().exponent == -2 for p in prices)


def test_unknown_category_still_gets_a_price(fitted: PriceModel) -> None:
    odd = PricedProduct("gourmet mystery family pack", "", "Pets", "Food", "Dry")
    (price,) = fitted.predict([odd])
    assert price > 0


def test_baseline_falls_back_from_level_3_to_2_to_1_to_all() -> None:
    train = [
        PricedProduct("a", "", "Food", "Tea", "Green", Decimal("4.00")),
        PricedProduct("b", "", "Food", "Tea", "Green", Decimal("6.00")),
        PricedProduct("c", "", "Food", "Tea", "Black", Decimal("20.00")),
        PricedProduct("d", "", "Food", "Coffee", "Beans", Decimal("30.00")),
        PricedProduct("e", "", "Home", "Soap", "Bar", Decimal("100.00")),
    ]
    baseline = CategoryMedianBaseline().fit(train)
    assert baseline.predict_one(PricedProduct("x", "", "Food", "Tea", "Green")) == Decimal("5.00")
    assert baseline.predict_one(PricedProduct("x", "", "Food", "Tea", "White")) == Decimal("6.00")
    assert baseline.predict_one(PricedProduct("x", "", "Food", "Jam", "Fig")) == Decimal("13.00")
    assert baseline.predict_one(PricedProduct("x", "", "Toys", "Kites", "Big")) == Decimal("20.00")


def test_same_subcategory_name_under_another_parent_is_not_shared() -> None:
    train = [
        PricedProduct("a", "", "Frozen", "Vegetables", "Mixed", Decimal("3.00")),
        PricedProduct("b", "", "Canned", "Beans", "Black", Decimal("9.00")),
    ]
    baseline = CategoryMedianBaseline().fit(train)
    # "Vegetables > Mixed" under Canned is a different path from the frozen one.
    assert baseline.predict_one(PricedProduct("x", "", "Canned", "Vegetables", "Mixed")) == Decimal("9.00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("$12.99", "12.99"), ("12.99", "12.99"), (" $1,299.5 ", "1299.50"), (7, "7.00")],
)
def test_prices_parse_from_dollar_strings(text: object, expected: str) -> None:
    assert parse_price(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "free", "$-3", "0", None, "12.99 USD each", True])
def test_unparsable_prices_are_none(text: object) -> None:
    assert parse_price(text) is None


def test_reader_skips_broken_lines_and_flags_bad_prices(tmp_path: Path) -> None:
    lines = [
        json.dumps({"name": "Tea", "info": "Green", "c1_en": "F", "c2_en": "T", "c3_en": "G",
                    "price": "$3.50"}),
        "{not json",
        json.dumps({"name": "Jam", "c1_en": "F", "c2_en": "J", "c3_en": "Fig", "price": "n/a"}),
        json.dumps({"info": "no name", "price": "1.00"}),
    ]  # fmt: skip
    path = tmp_path / "products.jsonl"
    path.write_text("\n".join(lines) + "\n")
    loaded = read_products(path)
    assert [p.name for p in loaded.products] == ["Tea", "Jam"]
    assert loaded.products[0].price == Decimal("3.50")
    assert loaded.products[1].price is None
    assert [(i.line, i.skipped) for i in loaded.issues] == [(2, True), (3, False), (4, True)]


def test_save_load_round_trip_predicts_the_same(fitted: PriceModel, tmp_path: Path) -> None:
    fitted.save(tmp_path)
    loaded = PriceModel.load(tmp_path, embedder=WordHashEmbedder())
    products = synthetic_catalog(10, seed=3)
    assert loaded.predict(products) == fitted.predict(products)


def test_bad_price_model_files_raise_a_typed_error(fitted: PriceModel, tmp_path: Path) -> None:
    with pytest.raises(PriceModelFileError, match="no price model"):
        PriceModel.load(tmp_path, embedder=WordHashEmbedder())
    fitted.save(tmp_path)
    with pytest.raises(PriceModelFileError, match="embeddings"):
        PriceModel.load(tmp_path, embedder=_OtherEmbedder())
    (tmp_path / MODEL_FILE).write_bytes(b"garbage")
    with pytest.raises(PriceModelFileError, match="corrupt"):
        PriceModel.load(tmp_path, embedder=WordHashEmbedder())
    (tmp_path / METADATA_FILE).write_text("[")
    with pytest.raises(PriceModelFileError, match="unreadable"):
        PriceModel.load(tmp_path, embedder=WordHashEmbedder())


class _OtherEmbedder(WordHashEmbedder):
    name = "another-embedder"


def test_real_catalog_reads_every_product(shared_data: Path) -> None:
    loaded = read_products(shared_data / "products.jsonl")
    assert len(loaded.products) == 3399
    assert all(p.price is not None for p in loaded.products)
