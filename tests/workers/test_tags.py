"""The review-tag jobs: teach -> train -> tag -> cluster, the label cache, and bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Job, JobState, Product, ProductTag, Review, ReviewLabel, TeacherSource, User
from db.transaction import transaction
from resolvers import jobs, tags
from tests.factories import make_leaf, make_product, make_three_aisle_catalog, make_user, pk
from tests.fakes.openai_server import (  # noqa: F401  (fixtures re-exported for pytest)
    FAKE_API_KEY,
    FakeOpenAIServer,
    Reply,
    fake_openai,
    fake_openai_server,
)
from tests.workers.conftest import read_job
from workers.context import Resources
from workers.runner import execute

COFFEE = [
    "Rich dark roast with a smooth finish, my new morning coffee.",
    "The coffee tastes burnt and bitter, not worth the price.",
    "Smooth coffee, low acidity, great aroma when brewing.",
    "Arrived crushed and the bag was open, coffee grounds everywhere.",
    "Bold flavor and rich crema, perfect espresso beans.",
    "Stale beans, no aroma at all, very disappointing coffee.",
    "Great value for a big bag of whole bean coffee.",
    "Delicious dark roast coffee, smooth and chocolatey.",
]
TEA = [
    "Fragrant green tea with a fresh grassy taste.",
    "The tea bags tore in hot water, leaves everywhere.",
    "Calming chamomile tea, lovely before bed.",
    "Weak tea with almost no flavor even after steeping long.",
    "Lovely jasmine aroma and a delicate sweet green tea.",
    "Arrived late and the tea box was crushed.",
    "Bitter green tea, tastes like hay.",
    "Excellent loose leaf tea, smooth and fragrant.",
]
CHIPS = [
    "Crunchy salty potato chips, the whole family loves them.",
    "Chips arrived crushed into crumbs, bag half empty.",
    "Too salty for me, the chips taste greasy.",
    "Perfectly crispy kettle chips with great sea salt flavor.",
    "Stale chips, soft and chewy, past their date.",
    "Spicy jalapeno chips with a real kick, addictive snack.",
    "Great snack for lunch boxes, crunchy and light chips.",
]
TINY_TAGGER = {
    "epochs": 2,
    "vocab_size": 300,
    "embedding_dim": 16,
    "hidden_dim": 24,
    "min_pairs": 10,
    "device": "cpu",
}


async def reviewers(session: AsyncSession, count: int) -> list[User]:
    return [await make_user(session) for _ in range(count)]


async def add_reviews(session: AsyncSession, product: Product, users: list[User], texts: list[str]) -> None:
    """Rows written directly: review limits (5,000 characters) are the review API's, not the jobs'."""
    async with transaction(session):
        for user, text in zip(users, texts, strict=False):
            session.add(Review(product_id=pk(product), user_id=pk(user), stars=4, title="Review", text=text))


async def catalog_with_reviews(session: AsyncSession) -> list[int]:
    users = await reviewers(session, 8)
    ids = []
    for name, texts in (("Coffee", COFFEE), ("Tea", TEA), ("Chips", CHIPS)):
        leaf = await make_leaf(session)
        product = await make_product(session, leaf, name=f"{name} sampler")
        await add_reviews(session, product, users, texts)
        ids.append(pk(product))
    return ids


async def run_job(resources: Resources, kind: str, **args: Any) -> Job:
    async with resources.store.session() as session:
        job = await jobs.create_job(session, kind, args)
    assert job.id is not None
    assert await execute(resources, job.id) is None
    return await read_job(resources.store, job.id)


async def product_tags(resources: Resources, product_id: int) -> list[tuple[str, float]]:
    async with resources.store.session() as session:
        rows = await session.exec(
            select(ProductTag).where(ProductTag.product_id == product_id).order_by(col(ProductTag.position))
        )
        return [(row.label, row.weight) for row in rows]


PRODUCT_TAGS = """
query ($id: ID!) { node(id: $id) { ... on Product { name tags { label weight } } } }
"""


async def test_teach_train_tag_cluster_fills_product_tags_even_from_awkward_reviews(
    resources: Resources, gql: Any
) -> None:
    """One pipeline run (CPU time is scarce) covers plain products and the awkward ones: a blank
    review, a 50,000-character one, German and Japanese ones, and a product with one review."""
    # given
    async with resources.store.session() as session:
        ids = await catalog_with_reviews(session)
        users = await reviewers(session, 3)
        odd = await make_product(session, await make_leaf(session), name="Odd reviews")
        await add_reviews(
            session,
            odd,
            users,
            [
                "   ",
                "Sehr leckerer Kaffee, kräftig und aromatisch. " * 1100,
                "美味しいコーヒーです。香りが良い。",
            ],
        )
        single = await make_product(session, await make_leaf(session), name="One review")
        await add_reviews(session, single, users[:1], ["Crunchy salty chips, great snack."])
        odd_texts = (await session.exec(select(Review.text).where(Review.product_id == pk(odd)))).all()
    assert max(len(text) for text in odd_texts) > 50_000

    # when: the whole pipeline runs
    taught = await run_job(resources, "teach_tags")
    trained = await run_job(resources, "train_tagger", **TINY_TAGGER)
    tagged = await run_job(resources, "tag_products")
    clustered = await run_job(resources, "cluster_tags")

    # then: every step succeeded and reported what it did
    for job in (taught, trained, tagged, clustered):
        assert job.state == JobState.SUCCEEDED, (job.kind, job.error)
    assert taught.result is not None
    assert taught.result["teacher"] == "local"
    assert taught.result["labelled"] >= 20
    assert trained.result is not None
    assert trained.result["version"] == "v0001"
    assert {"rouge_l", "baseline_rouge_l", "unk_rate", "bleu"} <= set(trained.result)
    assert tags.serving_version(resources.settings.tagger_dir) == "v0001"
    assert tagged.result is not None
    assert sorted(tagged.result["product_ids"]) == sorted([*ids, pk(odd), pk(single)])
    assert clustered.result is not None
    assert clustered.result["products_clustered"] == 5
    reports = resources.settings.reports_dir
    assert {path.name for path in reports.iterdir()} == set(tags.REPORT_FILES)
    metrics = json.loads((reports / "tagger-metrics.json").read_text())
    assert set(metrics["systems"]) == {"seq2label greedy", "retrieval baseline"}

    # and: every product has tags whose weights are shares of its reviews
    for product_id in [*ids, pk(odd)]:
        found = await product_tags(resources, product_id)
        assert found, product_id
        assert sum(weight for _, weight in found) == pytest.approx(1.0, abs=0.01)
    [(_, weight)] = await product_tags(resources, pk(single))
    assert weight == 1.0

    # and: the blank review is ignored, the huge and foreign ones got short labels
    async with resources.store.session() as session:
        texts = await tags.review_texts(session, [pk(odd)])
        rows = await tags.labels_by_key(session, [text.key for text in texts])
    assert len(texts) == 2
    assert all(0 < len(rows[text.key].generated_label or "") <= 100 for text in texts)

    # and: shoppers see the tags on the product
    from schema.base import to_global_id

    data = await gql(PRODUCT_TAGS, {"id": str(to_global_id("Product", ids[0]))})
    assert data["node"]["tags"] == [
        {"label": label, "weight": weight} for label, weight in await product_tags(resources, ids[0])
    ]

    # and: a second run finds nothing new and redoes nothing
    again = await run_job(resources, "tag_products")
    assert again.result is not None
    assert again.result["products_tagged"] == 0
    reclustered = await run_job(resources, "cluster_tags")
    assert reclustered.result is not None
    assert reclustered.result["products_clustered"] == 0


async def test_local_teacher_does_not_relabel_texts_it_already_labelled(resources: Resources) -> None:
    async with resources.store.session() as session:
        users = await reviewers(session, 3)
        product = await make_product(session, await make_leaf(session))
        await add_reviews(session, product, users, COFFEE[:3])

    first = await run_job(resources, "teach_tags")
    second = await run_job(resources, "teach_tags")

    assert first.result is not None
    assert first.result["labelled"] == 3
    assert second.result is not None
    assert (second.result["labelled"], second.result["already_labelled"]) == (0, 3)


async def test_llm_teacher_labels_are_cached_so_no_review_is_paid_for_twice(
    llm_resources: Resources,
    fake_openai: FakeOpenAIServer,  # noqa: F811
) -> None:
    # given: two reviews, one of them already labelled by the local teacher
    async with llm_resources.store.session() as session:
        users = await reviewers(session, 2)
        product = await make_product(session, await make_leaf(session))
        await add_reviews(session, product, users, COFFEE[:2])
        await tags.record_teacher_labels(
            session, {tags.text_key(COFFEE[0]): "dark roast"}, TeacherSource.LOCAL, "phrase-teacher"
        )
    fake_openai.push(Reply("1: rich smooth dark roast\n2: burnt bitter coffee"))

    # when: the LLM teaches twice
    first = await run_job(llm_resources, "teach_tags", batch_size=10)
    second = await run_job(llm_resources, "teach_tags", batch_size=10)

    # then: one request in all; the LLM label replaced the local one
    assert first.state == JobState.SUCCEEDED, first.error
    assert first.result is not None
    assert first.result["teacher"] == "llm"
    assert first.result["labelled"] == 2
    assert second.result is not None
    assert second.result["labelled"] == 0
    assert len(fake_openai.chat_requests) == 1
    async with llm_resources.store.session() as session:
        rows = await tags.labels_by_key(session, [tags.text_key(COFFEE[0]), tags.text_key(COFFEE[1])])
    assert sorted((row.teacher_label, row.teacher) for row in rows.values()) == [
        ("burnt bitter coffee", "llm"),
        ("rich smooth dark roast", "llm"),
    ]


async def test_tagging_without_a_trained_tagger_fails_with_a_clear_message(resources: Resources) -> None:
    async with resources.store.session() as session:
        await catalog_with_reviews(session)

    job = await run_job(resources, "tag_products")
    cluster = await run_job(resources, "cluster_tags")

    assert job.state == JobState.FAILED
    assert job.error is not None
    assert "train_tagger" in job.error
    assert cluster.state == JobState.FAILED
    assert cluster.error is not None
    assert "train_tagger" in cluster.error


async def test_a_corrupt_serving_checkpoint_fails_the_job_and_overwrites_nothing(
    resources: Resources,
) -> None:
    # given: tags in place and a serving pointer at a checkpoint whose weights were damaged
    async with resources.store.session() as session:
        [product_id, *_] = await catalog_with_reviews(session)
        async with transaction(session):
            session.add(ProductTag(product_id=product_id, label="rich dark roast", weight=1.0))
    tagger_dir = resources.settings.tagger_dir
    folder = tagger_dir / "v0001"
    folder.mkdir(parents=True)
    (folder / "weights.pt").write_bytes(b"not torch")
    (folder / "manifest.json").write_text(
        json.dumps({"kind": "seq2label", "format": 1, "files": {"weights.pt": "0" * 64}, "config": {}})
    )
    tags.set_serving_version(tagger_dir, "v0001", {})

    # when
    job = await run_job(resources, "tag_products")

    # then
    assert job.state == JobState.FAILED
    assert job.error is not None
    assert "v0001 cannot be used" in job.error
    assert "corrupt" in job.error
    assert await product_tags(resources, product_id) == [("rich dark roast", 1.0)]
    assert tags.serving_version(tagger_dir) == "v0001"
    async with resources.store.session() as session:
        assert (
            await session.exec(select(ReviewLabel).where(col(ReviewLabel.generated_label).is_not(None)))
        ).all() == []


async def test_training_on_too_few_pairs_fails_and_writes_no_model(resources: Resources) -> None:
    async with resources.store.session() as session:
        users = await reviewers(session, 3)
        await add_reviews(session, await make_product(session, await make_leaf(session)), users, COFFEE[:3])
    await run_job(resources, "teach_tags")

    job = await run_job(resources, "train_tagger", **TINY_TAGGER)

    assert job.state == JobState.FAILED
    assert job.error is not None
    assert "at least 10" in job.error
    assert not resources.settings.tagger_dir.exists()


async def test_a_model_failing_its_evaluation_is_not_served_and_reports_stay(resources: Resources) -> None:
    # given: a served model and its published reports
    async with resources.store.session() as session:
        await catalog_with_reviews(session)
    await run_job(resources, "teach_tags")
    assert (await run_job(resources, "train_tagger", **TINY_TAGGER)).state == JobState.SUCCEEDED
    report = resources.settings.reports_dir / "tagger-metrics.json"
    before = report.read_bytes()

    # when: a retraining that cannot reach its quality bar
    job = await run_job(resources, "train_tagger", **{**TINY_TAGGER, "min_rouge_l": 1.0})

    # then
    assert job.state == JobState.FAILED
    assert job.error is not None
    assert "stays v0001" in job.error
    assert tags.serving_version(resources.settings.tagger_dir) == "v0001"
    assert sorted(p.name for p in resources.settings.tagger_dir.iterdir() if p.is_dir()) == ["v0001"]
    assert report.read_bytes() == before


async def test_category_classifier_job_reports_held_out_scores_and_saves_a_version(
    resources: Resources,
) -> None:
    async with resources.store.session() as session:
        await make_three_aisle_catalog(session)

    job = await run_job(resources, "train_category_classifier")

    assert job.state == JobState.SUCCEEDED, job.error
    assert job.result is not None
    assert job.result["version"] == "v0001"
    assert job.result["top1"] >= 0.66
    assert job.result["top3"] == 1.0
    assert 0 <= job.result["macro_f1"] <= 1
    assert (resources.settings.category_model_dir / "v0001" / "manifest.json").is_file()


async def test_category_classifier_needs_two_categories(resources: Resources) -> None:
    async with resources.store.session() as session:
        leaf = await make_leaf(session)
        for n in range(12):
            await make_product(session, leaf, name=f"Coffee {n}")

    job = await run_job(resources, "train_category_classifier")

    assert job.state == JobState.FAILED
    assert job.error is not None
    assert "2 categories" in job.error
    assert not resources.settings.category_model_dir.exists()
