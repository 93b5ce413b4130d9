"""The hybrid recommender and its offline evaluation, on small worlds built here."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cli.recommend import app
from ml.recommend import HybridRecommender, Interaction, Item, RecommenderConfig, evaluate_time_split
from ml.recommend.evaluation import ndcg_at_k, recall_at_k
from ml.recommend.recommender import tag_word_vector

START = date(2020, 1, 1)


def _world(seed: int = 0) -> tuple[list[Interaction], dict[str, Item], dict[str, np.ndarray]]:
    """4 tastes x 25 items; each customer buys mostly within one taste, over two years."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(4, 16))
    items, vectors = {}, {}
    for taste in range(4):
        for n in range(25):
            item_id = f"t{taste}-{n}"
            items[item_id] = Item(item_id, item_id, f"cat{taste % 2}", f"sub{taste}-{n % 3}", 5.0 + taste)
            vectors[item_id] = (centres[taste] + 0.3 * rng.normal(size=16)).astype(np.float32)
    events = []
    for user in range(120):
        taste = user % 4
        for _ in range(14):
            own = rng.random() < 0.85
            pool = taste if own else int(rng.integers(4))
            item = f"t{pool}-{int(rng.integers(25))}"
            events.append(Interaction(f"u{user}", item, START + timedelta(days=int(rng.integers(730)))))
    return events, items, vectors


def test_recall_and_ndcg_by_hand() -> None:
    assert recall_at_k(["a", "b", "c"], {"b", "z"}, 3) == 0.5
    assert ndcg_at_k(["a", "b"], {"a"}, 2) == 1.0
    assert ndcg_at_k(["x", "a"], {"a"}, 2) == pytest.approx(1 / np.log2(3))


def test_hybrid_beats_popularity_when_tastes_exist() -> None:
    events, items, vectors = _world()
    report = evaluate_time_split(events, items, vectors, START + timedelta(days=600), k=10)
    assert report.users > 50
    assert report.results["hybrid"].recall > report.results["popularity"].recall
    assert report.results["hybrid"].coverage > report.results["popularity"].coverage


def test_nothing_after_now_is_learnt() -> None:
    events, items, vectors = _world()
    now = START + timedelta(days=400)
    before = HybridRecommender(items, vectors).fit(events, now)
    future = [Interaction("u0", "t3-0", now + timedelta(days=d)) for d in range(50)]
    with_future = HybridRecommender(items, vectors).fit(events + future, now)
    assert before.recommend("u0", 10) == with_future.recommend("u0", 10)


TASTE_TAGS = (
    ("rich dark roast", "bold flavour"),
    ("crunchy", "salty snack"),
    ("sweet", "chewy"),
    ("spicy", "hot sauce"),
)


def _tagged_world() -> tuple[list[Interaction], dict[str, Item], dict[str, np.ndarray]]:
    """The same tastes, but the embeddings know nothing of them: only the review tags do."""
    events, items, _ = _world(seed=3)
    rng = np.random.default_rng(11)
    tagged = {
        item_id: Item(
            item.item_id,
            item.name,
            "cat",
            f"sub{n % 7}",
            5.0,
            tuple((label, 0.5) for label in TASTE_TAGS[int(item_id[1])]),
        )
        for n, (item_id, item) in enumerate(items.items())
    }
    noise = {item_id: rng.normal(size=16).astype(np.float32) for item_id in items}
    return events, tagged, noise


def test_review_tags_are_a_ranking_feature() -> None:
    events, items, vectors = _tagged_world()
    now = START + timedelta(days=600)
    untagged = {
        item_id: Item(i.item_id, i.name, i.category, i.subcategory, i.price) for item_id, i in items.items()
    }
    with_tags = evaluate_time_split(events, items, vectors, now, k=10).results["hybrid"]
    without = evaluate_time_split(events, untagged, vectors, now, k=10).results["hybrid"]
    assert with_tags.recall > without.recall * 1.3
    model = HybridRecommender(items, vectors).fit(events, now)
    assert model.weights["tag_affinity"] > 0
    # a catalog without tags gives the feature nothing, not an error
    plain = HybridRecommender(untagged, vectors).fit(events, now)
    assert plain.recommend("u0", 5)


def test_tag_words_are_weighted_and_unit_length() -> None:
    vector = tag_word_vector([("dark roast", 0.6), ("Roast", 0.4)])
    assert vector["roast"] > vector["dark"]
    assert sum(v * v for v in vector.values()) == pytest.approx(1.0)
    assert tag_word_vector([]) == {}


def test_rerank_caps_each_subcategory_and_skips_purchases() -> None:
    events, items, vectors = _world()
    config = RecommenderConfig(max_per_subcategory=2)
    model = HybridRecommender(items, vectors, config).fit(events, START + timedelta(days=730))
    recommended = model.recommend("u1", 10)
    subcategories = [items[i].subcategory for i in recommended]
    assert max(subcategories.count(s) for s in subcategories) <= 2
    bought = {e.item_id for e in events if e.user_id == "u1"}
    assert not bought & set(recommended)


def test_a_stranger_gets_popular_items() -> None:
    events, items, vectors = _world()
    model = HybridRecommender(items, vectors).fit(events, START + timedelta(days=730))
    assert len(model.recommend("nobody", 5)) == 5


def _write_orders(path: Path, events: list[Interaction], items: dict[str, Item]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Order Date",
                "Customer ID",
                "Product ID",
                "Product Name",
                "Category",
                "Sub-Category",
                "Sales",
                "Quantity",
            ]
        )
        for e in events:
            item = items[e.item_id]
            writer.writerow(
                [
                    e.day.isoformat(),
                    e.user_id,
                    e.item_id,
                    f"{item.subcategory} thing",
                    item.category,
                    item.subcategory,
                    "10",
                    "1",
                ]
            )


def test_cli_evaluates_a_superstore_file(tmp_path: Path) -> None:
    events, items, _ = _world()
    orders = tmp_path / "orders.csv"
    _write_orders(orders, events, items)
    result = CliRunner().invoke(app, ["evaluate", "--orders", str(orders), "--split", "2021-08-01"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert {"hybrid_recall", "popularity_recall", "cooccurrence_recall"} <= set(figures)


def test_cli_refuses_a_file_in_another_format(tmp_path: Path) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text("a,b\n1,2\n")
    result = CliRunner().invoke(app, ["evaluate", "--orders", str(orders)])
    assert result.exit_code == 1
    assert "lacks the columns Customer ID" in " ".join(result.output.split())


def test_figures_do_not_depend_on_the_hash_seed() -> None:
    """Set iteration order changes with PYTHONHASHSEED; ties must not follow it."""
    import os
    import subprocess
    import sys

    script = (
        "import json; from datetime import timedelta; import tests.ml.test_recommend as t;"
        "events, items, vectors = t._world(seed=5);"
        "r = t.evaluate_time_split(events, items, vectors, t.START + timedelta(days=600), k=10);"
        "print(json.dumps({n: [v.recall, v.ndcg, v.coverage] for n, v in r.results.items()}))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        outputs.add(done.stdout.strip().splitlines()[-1])
    assert len(outputs) == 1, outputs
