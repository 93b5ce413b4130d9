"""The sample store is deterministic, well formed and says what its stars say."""

from __future__ import annotations

import ast
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from sample import (
    SampleData,
    generate_products,
    generate_reviews,
    generate_sample,
    generate_users,
    render_cover_svg,
    write_covers,
)

PACKAGE = Path(__file__).resolve().parents[2] / "sample"
POSITIVE = ("delicious", "love", "perfect", "excellent", "amazing")
NEGATIVE = ("stale", "terrible", "awful", "disappoint", "waste", "rancid")


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate_sample()


def test_same_seed_gives_same_sample(sample: SampleData) -> None:
    assert generate_sample() == sample
    assert generate_sample(seed=8).products != sample.products


def test_default_sizes(sample: SampleData) -> None:
    assert len(sample.products) == 400
    assert len(sample.users) == 30
    assert len(sample.reviews) > 400


def test_asins_are_unique_and_shaped(sample: SampleData) -> None:
    asins = [p.asin for p in sample.products]
    assert len(set(asins)) == len(asins)
    assert all(re.fullmatch(r"S[A-Z0-9]{9}", asin) for asin in asins)


def test_names_are_unique(sample: SampleData) -> None:
    names = [p.name for p in sample.products]
    assert len(set(names)) == len(names)


def test_every_level3_category_sits_under_exactly_one_path(sample: SampleData) -> None:
    parents: dict[str, set[tuple[str, str]]] = {}
    for product in sample.products:
        assert product.c1
        assert product.c2
        assert product.c3
        parents.setdefault(product.c3, set()).add((product.c1, product.c2))
    level2: dict[str, set[str]] = {}
    for product in sample.products:
        level2.setdefault(product.c2, set()).add(product.c1)
    assert all(len(paths) == 1 for paths in parents.values())
    assert all(len(tops) == 1 for tops in level2.values())
    assert len({p.c1 for p in sample.products}) >= 6
    assert len(level2) >= 15
    assert len(parents) >= 40


def test_prices_are_positive_two_decimal_and_never_above_original(sample: SampleData) -> None:
    for product in sample.products:
        assert isinstance(product.price, Decimal)
        assert product.price > 0
        assert product.price.as_tuple().exponent == -2
        assert product.original_price.as_tuple().exponent == -2
        assert product.original_price >= product.price


def test_some_products_are_discounted_out_of_stock_or_off_sale(sample: SampleData) -> None:
    assert 20 < sum(p.original_price > p.price for p in sample.products) < 200
    assert 0 < sum(p.stock == 0 for p in sample.products) < 40
    assert 0 < sum(not p.on_sale for p in sample.products) < 40


def test_texts_are_one_intro_sentence_and_a_three_to_five_sentence_detail(
    sample: SampleData,
) -> None:
    for product in sample.products:
        assert len(re.findall(r"[.!?](?:\s|$)", product.intro)) == 1
        assert 3 <= len(re.findall(r"[.!?](?:\s|$)", product.detail)) <= 5
    assert len({p.detail for p in sample.products}) == len(sample.products)


def test_vocabulary_answers_typical_shopper_queries(sample: SampleData) -> None:
    texts = [f"{p.name} {p.detail}".lower() for p in sample.products]
    assert sum("coffee lover" in t and "gift" in t for t in texts) >= 3
    assert sum("spicy" in t for t, p in zip(texts, sample.products, strict=True) if p.c1 == "Snacks") >= 3


def test_review_stars_agree_with_sentiment_keywords(sample: SampleData) -> None:
    seen = Counter[str]()
    for review in sample.reviews:
        text = review.text.lower()
        assert 1 <= review.stars <= 5
        if any(word in text for word in NEGATIVE):
            seen["negative"] += 1
            assert review.stars <= 3, review
        if any(word in text for word in POSITIVE):
            seen["positive"] += 1
            assert review.stars >= 3, review
    # The rule must have been exercised both ways to mean anything.
    assert seen["negative"] > 20
    assert seen["positive"] > 20


def test_at_most_one_review_per_user_and_product(sample: SampleData) -> None:
    pairs = [(r.username, r.product_asin) for r in sample.reviews]
    assert len(set(pairs)) == len(pairs)


def test_reviews_point_at_known_products_and_users(sample: SampleData) -> None:
    asins = {p.asin for p in sample.products}
    usernames = {u.username for u in sample.users}
    assert all(r.product_asin in asins and r.username in usernames for r in sample.reviews)
    assert all(1 <= r.days_ago <= 730 for r in sample.reviews)


def test_some_products_have_no_review_or_only_one(sample: SampleData) -> None:
    counts = Counter(r.product_asin for r in sample.reviews)
    per_product = [counts.get(p.asin, 0) for p in sample.products]
    assert per_product.count(0) > 0
    assert per_product.count(1) > 0
    assert max(per_product) <= 12


def test_review_titles_are_two_to_six_words(sample: SampleData) -> None:
    assert all(2 <= len(r.title.split()) <= 6 for r in sample.reviews)


def test_per_product_bounds_are_respected() -> None:
    products = generate_products(20, seed=3)
    users = generate_users(5, seed=3)
    reviews = generate_reviews(products, users, seed=3, per_product=(2, 4))
    counts = Counter(r.product_asin for r in reviews)
    assert all(2 <= counts[p.asin] <= 4 for p in products)


def test_users_are_distinct_with_reserved_emails(sample: SampleData) -> None:
    assert len({u.username for u in sample.users}) == len(sample.users)
    assert all(u.email == f"{u.username}@example.com" for u in sample.users)
    assert all(u.nickname and u.signature for u in sample.users)


def test_cover_is_valid_svg_naming_the_product(sample: SampleData) -> None:
    for product in sample.products:
        root = ET.fromstring(render_cover_svg(product))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    product = next(p for p in sample.products if "&" in p.name or "&" in p.brand)
    title = ET.fromstring(render_cover_svg(product)).find("{http://www.w3.org/2000/svg}title")
    assert title is not None
    assert title.text == product.name


def test_write_covers_fills_each_image_path(sample: SampleData, tmp_path: Path) -> None:
    write_covers(sample.products[:5], tmp_path)
    for product in sample.products[:5]:
        assert (tmp_path / product.image).read_text(encoding="utf-8").startswith("<svg")


def test_generation_takes_under_a_second() -> None:
    started = time.perf_counter()
    generate_sample(seed=11)
    assert time.perf_counter() - started < 1.0


def test_package_imports_nothing_from_the_rest_of_the_project() -> None:
    for module in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                top = name.split(".")[0]
                # sample/loans.py trains the demo loan model, so it alone may use ml/
                allowed = top == "ml" and module.name == "loans.py"
                assert allowed or top == "sample" or top in sys.stdlib_module_names, (module.name, name)
