"""The local price model, its category-median baseline and the products.jsonl reader."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import replace
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
from ml.pricing.model import METADATA_FILE, MODEL_FILE, PriceModelConfig
from ml.pricing.size import parse_size

SMALL = PriceModelConfig(neighbours=6, inner_folds=3)


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
    assert result.chosen.startswith("comparables+text stack")


def sized_catalog(count: int = 200, seed: int = 11) -> list[PricedProduct]:
    """One category whose price is set by the size in the name, at about $0.40 an ounce."""
    rng = random.Random(seed)
    products = []
    for key in range(count):
        ounces, packs = rng.choice([4, 8, 12, 16, 25, 32]), rng.choice([1, 1, 2, 3, 6])
        price = 0.4 * ounces * packs * rng.uniform(0.9, 1.1)
        flavour = rng.choice(["Tomato", "Garlic", "Basil", "Olive"])
        products.append(
            PricedProduct(
                name=f"{flavour} pasta sauce, {ounces} oz (Pack of {packs})",
                description="",
                c1="Pantry",
                c2="Sauces",
                c3="Pasta sauce",
                price=Decimal(str(round(price, 2))),
                key=key,
            )
        )
    return products


def test_model_beats_the_category_median_where_size_drives_price() -> None:
    result = evaluate_holdout(sized_catalog(), seed=2, config=SMALL, embedder=WordHashEmbedder())
    assert result.model_mape < 0.7 * result.baseline_mape
    assert result.model_median_ape < result.baseline_median_ape


def test_a_products_comparables_exclude_the_product_itself() -> None:
    catalog = sized_catalog(60)
    model = PriceModel(SMALL, embedder=WordHashEmbedder()).fit(catalog)
    estimates = model.explain(catalog[:20])
    for product, estimate in zip(catalog[:20], estimates, strict=True):
        assert estimate.comparables
        assert product.key not in {c.key for c in estimate.comparables}
        assert abs(sum(c.weight for c in estimate.comparables) - 1) < 0.01


def test_a_catalog_product_is_priced_without_its_own_price() -> None:
    catalog = sized_catalog(60)
    odd = catalog[0]
    # the same product with a price 50 times its size's: a model that looked would follow it
    assert odd.price is not None
    catalog[0] = PricedProduct(odd.name, "", odd.c1, odd.c2, odd.c3, odd.price * 50, odd.key)
    model = PriceModel(SMALL, embedder=WordHashEmbedder()).fit(catalog)
    (estimate,) = model.explain([catalog[0]])
    assert estimate.price < odd.price * 3


@pytest.mark.parametrize(
    ("name", "grams", "packs", "count"),
    [
        ("Sunpix Hearts of Palm 25 oz", 708.74, 1, 1),
        ("San Marcos Chipotle Pepper, 28-Ounce (Pack of 3)", 793.79, 3, 1),
        ("Shasta Variety Pack, 12 count", None, 1, 12),
        ("Arm & Hammer Baking Soda, 1.5 lb", 680.39, 1, 1),
        ("Green tea 500 g", 500.0, 1, 1),
        ("Kraft Dressing, 16 fl oz Bottle", 473.18, 1, 1),
    ],
)
def test_size_parses_from_the_name(name: str, grams: float | None, packs: int, count: int) -> None:
    size = parse_size(name)
    assert (None if size.unit_grams is None else round(size.unit_grams, 2)) == grams
    assert (size.packs, size.count) == (packs, count)


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


def test_fitting_on_too_few_products_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least 10"):
        PriceModel(SMALL, embedder=WordHashEmbedder()).fit(sized_catalog(5))


def test_real_catalog_reads_every_product(shared_data: Path) -> None:
    loaded = read_products(shared_data / "products.jsonl")
    assert len(loaded.products) == 3399
    assert all(p.price is not None for p in loaded.products)


def test_the_fair_objective_is_not_shifted_and_the_mape_objective_prices_lower() -> None:
    """What the admin is shown is a typical price, not the MAPE-optimal underestimate."""
    products = sized_catalog()
    fair = PriceModel(replace(SMALL, objective="fair"), embedder=WordHashEmbedder()).fit(products)
    lowest = PriceModel(replace(SMALL, objective="mape"), embedder=WordHashEmbedder()).fit(products)
    assert fair.metadata["shift"] == 0.0
    assert lowest.metadata["shift"] <= 0.0
    unseen = [PricedProduct(p.name, p.description, p.c1, p.c2, p.c3, None) for p in products[:10]]
    assert all(f >= m for f, m in zip(fair.predict(unseen), lowest.predict(unseen), strict=True))
    with pytest.raises(ValueError, match="objective"):
        PriceModel(replace(SMALL, objective="cheapest"), embedder=WordHashEmbedder()).fit(products)
