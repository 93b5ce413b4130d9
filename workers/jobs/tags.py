"""Review tags: teach labels, train the Seq2Label tagger, tag reviews, cluster them into product
tags, and train the category classifier. Model work runs in threads, off the event loop.

The pipeline is teach_tags -> train_tagger -> tag_products -> cluster_tags; each step is
incremental (cached teacher labels, labels per tagger version, a digest per product) and marks
its items done in the transaction that writes them, so a resumed job never redoes an item.
"""

from __future__ import annotations

import asyncio
import math
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from db.tables import JobItemOutcome, TeacherSource
from db.transaction import transaction
from llm.tag_teacher import label_reviews
from ml.embeddings import TextEmbedder
from resolvers import jobs, tags
from resolvers.errors import DomainError
from resolvers.tags import ProductLabels, TagErrorCode
from workers.context import JobCancelled, JobContext, JobKind

if TYPE_CHECKING:
    from ml.tagger import Seq2Label, TrainingHistory
    from ml.tagger.evaluation import LabelScores

T = TypeVar("T")
Device = Literal["auto", "cpu", "cuda"]
LOCAL_TEACHER = "phrase-teacher"
IDS_REPORTED = 100
# the 2-D catalog map stays readable (and cheap) past this many labels
PLOT_POINTS = 3000


def _device(choice: Device) -> str | None:
    """None lets the model pick CUDA when present; asking for CUDA without one is a user mistake."""
    if choice == "auto":
        return None
    if choice == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise DomainError.of(
                TagErrorCode.INVALID, "device=cuda but this machine has no CUDA GPU", "device"
            )
    return choice


async def _in_thread_with_progress(
    ctx: JobContext, work: Callable[[Callable[[float, str], None]], T], start: str
) -> T:
    """Run blocking model work in a thread, forwarding its progress to the job every 0.5 s.

    A cancellation seen by `ctx.progress` stops the thread at its next progress callback.
    """
    state: dict[str, Any] = {"fraction": 0.0, "message": start, "cancel": False}

    def report(fraction: float, message: str) -> None:
        if state["cancel"]:
            raise JobCancelled
        state["fraction"], state["message"] = fraction, message

    task = asyncio.ensure_future(asyncio.to_thread(work, report))
    try:
        while not task.done():
            await asyncio.wait({task}, timeout=0.5)
            await ctx.progress(round(state["fraction"] * 1000), 1000, str(state["message"]))
    except JobCancelled:
        state["cancel"] = True
        # the thread stops at its next callback; fetch its error so asyncio does not log it as lost
        task.add_done_callback(lambda finished: finished.cancelled() or finished.exception())
        raise
    return await task


# ---- teach_tags ----


class TeachArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: Literal["auto", "llm", "local"] = Field(
        default="auto", description="auto: the LLM when one is configured, else the local phrase teacher."
    )
    product_ids: list[int] | None = Field(
        default=None, max_length=10_000, description="Only these products' reviews; default: all."
    )
    batch_size: int = Field(default=20, ge=1, le=100, description="Reviews per LLM request.")
    chunk_size: int = Field(default=200, ge=1, le=2000, description="Reviews labelled per transaction.")
    attempts: int = Field(default=2, ge=1, le=5, description="LLM requests per batch before giving up.")


async def teach_tags(ctx: JobContext, args: TeachArgs) -> dict[str, Any]:
    """Teacher labels for every review text not labelled yet; LLM answers are cached for good."""
    async with ctx.session() as session:
        reviews = await tags.review_texts(session, args.product_ids)
        text_of = {review.key: review.text for review in reviews}
        answered = await tags.teacher_sources(session, list(text_of))
    client = ctx.resources.llm
    use_llm = args.source == "llm" or (args.source == "auto" and not client.is_local)
    done = await ctx.done_items()
    wanted = TeacherSource.LLM if use_llm else None
    # an LLM run upgrades texts only the local teacher answered; a local run never redoes any
    todo = [
        key
        for key in text_of
        if key not in done and (answered.get(key) != wanted if use_llm else key not in answered)
    ]
    total = len(done) + len(todo)
    await ctx.progress(len(done), total, f"{len(todo)} review texts to label", force=True)
    cache = tags.ReviewLabelCache(ctx.session, client.name)
    teacher = None
    if not use_llm:
        from ml.tagger.teacher import PhraseTeacher

        teacher = PhraseTeacher(ctx.resources.embedder)
    labelled = unlabelled = 0
    for start in range(0, len(todo), args.chunk_size):
        keys = todo[start : start + args.chunk_size]
        texts = [text_of[key] for key in keys]
        if teacher is None:
            # LLMUnavailable propagates: the runner retries later, and the cache keeps what was paid
            found = await label_reviews(client, texts, cache, args.batch_size, attempts=args.attempts)
            async with ctx.session() as session, transaction(session):
                for key, label in zip(keys, found, strict=True):
                    outcome = JobItemOutcome.DONE if label else JobItemOutcome.FAILED
                    jobs.add_item(session, ctx.job_id, key, outcome, None if label else "no clean label")
        else:
            found = await asyncio.to_thread(teacher.label, texts)
            async with ctx.session() as session:
                await tags.record_teacher_labels(
                    session,
                    dict(zip(keys, found, strict=True)),
                    TeacherSource.LOCAL,
                    LOCAL_TEACHER,
                    job_id=ctx.job_id,
                )
        labelled += sum(1 for label in found if label)
        unlabelled += sum(1 for label in found if not label)
        handled = len(done) + start + len(keys)
        await ctx.progress(handled, total, f"labelled {handled}/{total} review texts")
    return {
        "teacher": TeacherSource.LLM.value if use_llm else TeacherSource.LOCAL.value,
        "model": client.name if use_llm else LOCAL_TEACHER,
        "reviews": len(reviews),
        "distinct_texts": len(text_of),
        "labelled": labelled,
        "unlabelled": unlabelled,
        "already_labelled": len(text_of) - len(todo) - len(done),
        "resumed_after": len(done),
    }


# ---- train_tagger ----


class TrainTaggerArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    epochs: int = Field(
        default=12, ge=1, le=200, description="Most training epochs (early stopping may end sooner)."
    )
    max_train_seconds: float = Field(
        default=600.0,
        gt=0,
        le=36_000,
        description="Wall-clock training budget; the best epoch so far is kept.",
    )
    test_fraction: float = Field(
        default=0.2, gt=0, lt=0.5, description="Share of pairs held out for evaluation."
    )
    min_pairs: int = Field(
        default=20, ge=4, le=100_000, description="Fewest labelled review texts to train on."
    )
    vocab_size: int = Field(default=2000, ge=100, le=32_000, description="Subword vocabulary size.")
    embedding_dim: int = Field(default=128, ge=8, le=1024, description="Subword embedding size.")
    hidden_dim: int = Field(default=192, ge=8, le=2048, description="GRU state size.")
    min_rouge_l: float = Field(
        default=0.0, ge=0, le=1, description="Held-out ROUGE-L the new model must reach to be served."
    )
    device: Device = Field(default="auto", description="auto: CUDA when present (mixed precision), else CPU.")
    seed: int = Field(default=13, description="Split and training seed.")


@dataclass
class _Trained:
    model: Seq2Label
    history: TrainingHistory
    scores: dict[str, LabelScores]
    train_pairs: int
    test_pairs: int
    seconds: float


def _train_and_evaluate(
    pairs: Sequence[tuple[str, str]],
    args: TrainTaggerArgs,
    embedder: TextEmbedder,
    work_dir: Path,
    report: Callable[[float, str], None],
) -> _Trained:
    """Blocking: split, fit, then score greedy decoding and the retrieval baseline on the test split."""
    from ml.tagger import Seq2Label, Seq2LabelConfig
    from ml.tagger.evaluation import NearestReviewBaseline, score_labels

    started = time.perf_counter()
    order = np.random.default_rng(args.seed).permutation(len(pairs))
    held = max(1, int(len(pairs) * args.test_fraction))
    test = [pairs[i] for i in order[:held]]
    train = [pairs[i] for i in order[held:]]
    config = Seq2LabelConfig(
        epochs=args.epochs,
        max_train_seconds=args.max_train_seconds,
        vocab_size=args.vocab_size,
        embedding_dim=args.embedding_dim,
        hidden_dim=args.hidden_dim,
        seed=args.seed,
    )
    model = Seq2Label(config, device=_device(args.device))
    history = model.fit(
        [text for text, _ in train],
        [label for _, label in train],
        metrics_path=work_dir / "epochs.jsonl",
        on_progress=lambda fraction, message: report(0.9 * fraction, message),
        show_progress=False,
    )
    report(0.9, "evaluating on the held-out split")
    texts, references = [text for text, _ in test], [label for _, label in test]
    baseline = NearestReviewBaseline(embedder).fit([t for t, _ in train], [label for _, label in train])
    scores = {
        "seq2label greedy": score_labels(model.predict(texts), references),
        "retrieval baseline": score_labels(baseline.predict(texts), references),
    }
    return _Trained(model, history, scores, len(train), len(test), time.perf_counter() - started)


async def train_tagger(ctx: JobContext, args: TrainTaggerArgs) -> dict[str, Any]:
    """Train, evaluate, then (only when evaluation passed) save a new version and serve it.

    A run that fails anywhere leaves the serving version, its checkpoint and the published
    reports as they were: the new checkpoint is a new version folder, written atomically.
    """
    from ml.tagger.evaluation import plot_report, write_report

    _device(args.device)  # a bad device fails before minutes of work
    async with ctx.session() as session:
        pairs = await tags.training_pairs(session)
    if len(pairs) < args.min_pairs:
        raise DomainError.of(
            TagErrorCode.NOT_ENOUGH_DATA,
            f"{len(pairs)} labelled review texts, the tagger needs at least {args.min_pairs}: "
            "collect more reviews or run teach_tags first",
        )
    tagger_dir = ctx.settings.tagger_dir
    previous = tags.serving_version(tagger_dir)
    with tempfile.TemporaryDirectory(prefix="mall-tagger-") as scratch:
        trained = await _in_thread_with_progress(
            ctx,
            lambda report: _train_and_evaluate(pairs, args, ctx.resources.embedder, Path(scratch), report),
            f"training on {len(pairs)} pairs",
        )
    model_scores = trained.scores["seq2label greedy"]
    baseline_scores = trained.scores["retrieval baseline"]
    if not math.isfinite(model_scores.rouge_l) or model_scores.rouge_l < args.min_rouge_l:
        raise DomainError.of(
            TagErrorCode.EVALUATION_FAILED,
            f"held-out ROUGE-L {model_scores.rouge_l:.3f} is below min_rouge_l {args.min_rouge_l:.3f}; "
            f"the serving tagger stays {previous or 'unset'}",
        )
    figures = {
        "rouge_l": round(model_scores.rouge_l, 4),
        "bleu": round(model_scores.bleu, 4),
        "unk_rate": round(model_scores.unk_rate, 4),
        "baseline_rouge_l": round(baseline_scores.rouge_l, 4),
        "baseline_bleu": round(baseline_scores.bleu, 4),
    }
    details = {
        "device": str(trained.model.device),
        "train_pairs": trained.train_pairs,
        "test_pairs": trained.test_pairs,
        "epochs_run": len(trained.history.epochs),
        "best_epoch": trained.history.best_epoch,
        "seconds": round(trained.seconds, 1),
    }

    def save() -> str:
        folder = trained.model.save(tagger_dir)
        write_report(
            folder / "metrics.json", trained.scores, trained.history, {"version": folder.name, **details}
        )
        plot_report(folder / "metrics.png", trained.scores, trained.history)
        return folder.name

    version = await asyncio.to_thread(save)
    folder = tagger_dir / version
    # the pointer moves last: every file of the new version is complete before anyone reads it
    tags.set_serving_version(tagger_dir, version, figures)
    tags.publish_report(ctx.settings.reports_dir, "tagger-metrics.json", folder / "metrics.json")
    tags.publish_report(ctx.settings.reports_dir, "tagger-metrics.png", folder / "metrics.png")
    return {"version": version, "previous_version": previous, **figures, **details}


# ---- tag_products ----


class TagProductsArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_ids: list[int] | None = Field(
        default=None,
        max_length=10_000,
        description="Only these products; default: every product with new reviews.",
    )
    batch_size: int = Field(default=256, ge=1, le=2048, description="Reviews per inference batch.")
    device: Device = Field(default="auto", description="auto: CUDA when present, else CPU.")


def _product_batches(order: Sequence[int], sizes: dict[int, int], batch_size: int) -> list[list[int]]:
    """Whole products per batch, about `batch_size` reviews each: a product's marker means all done."""
    batches: list[list[int]] = []
    current: list[int] = []
    filled = 0
    for product_id in order:
        if current and filled + sizes[product_id] > batch_size:
            batches.append(current)
            current, filled = [], 0
        current.append(product_id)
        filled += sizes[product_id]
    if current:
        batches.append(current)
    return batches


async def tag_products(ctx: JobContext, args: TagProductsArgs) -> dict[str, Any]:
    """Greedy labels from the serving tagger for review texts it has not labelled yet."""
    model, version = await asyncio.to_thread(
        tags.load_serving_tagger, ctx.settings.tagger_dir, _device(args.device)
    )
    async with ctx.session() as session:
        todo = await tags.reviews_to_tag(session, version, args.product_ids)
    done = await ctx.done_items()
    order = [product_id for product_id in sorted(todo) if str(product_id) not in done]
    total = len(done) + len(order)
    await ctx.progress(len(done), total, f"{len(order)} products with new reviews", force=True)
    handled = reviews = 0
    for batch in _product_batches(order, {p: len(todo[p]) for p in order}, args.batch_size):
        text_of = {review.key: review.text for product_id in batch for review in todo[product_id]}
        keys = list(text_of)
        labels = await asyncio.to_thread(model.predict, [text_of[key] for key in keys], None, args.batch_size)
        async with ctx.session() as session:
            await tags.record_generated_labels(
                session, ctx.job_id, dict(zip(keys, labels, strict=True)), version, batch
            )
        handled += len(batch)
        reviews += len(keys)
        await ctx.progress(len(done) + handled, total, f"tagged {len(done) + handled}/{total} products")
    return {
        "version": version,
        "products_tagged": len(order),
        "review_texts_tagged": reviews,
        "resumed_after": len(done),
        "product_ids": order[:IDS_REPORTED],
    }


# ---- cluster_tags ----


class ClusterArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_ids: list[int] | None = Field(
        default=None,
        max_length=10_000,
        description="Only these products; default: every product whose labels changed.",
    )
    force: bool = Field(default=False, description="Re-cluster products whose labels did not change.")
    max_k: int = Field(
        default=8, ge=2, le=20, description="Most tags per product (KMeans k searched 2..max_k)."
    )
    labels_per_embedding: int = Field(default=512, ge=1, le=10_000, description="Labels embedded per call.")


@dataclass
class _PlotRows:
    vectors: list[np.ndarray]
    keys: list[str]
    notes: list[str]


def _cluster_group(
    group: Sequence[ProductLabels], embedder: TextEmbedder, max_k: int
) -> list[tuple[ProductLabels, Any, np.ndarray]]:
    """Blocking: embed a group of products' labels in one call, then cluster each product."""
    from ml.tag_clustering import TagClusteringConfig, cluster_label_vectors

    config = TagClusteringConfig(max_k=max_k)
    vectors = embedder.encode([label for product in group for label in product.labels])
    result = []
    start = 0
    for product in group:
        rows = vectors[start : start + len(product.labels)]
        start += len(product.labels)
        result.append((product, cluster_label_vectors(product.labels, rows, config), rows))
    return result


async def cluster_tags(ctx: JobContext, args: ClusterArgs) -> dict[str, Any]:
    """Per product: KMeans over its labels' embeddings -> weighted tags, swapped in one transaction."""
    version = tags.serving_version(ctx.settings.tagger_dir)
    if version is None:
        raise DomainError.of(
            TagErrorCode.TAGGER_NOT_TRAINED,
            "no serving review tagger: run train_tagger and tag_products first",
        )
    async with ctx.session() as session:
        todo = await tags.products_to_cluster(session, version, args.product_ids, force=args.force)
    done = await ctx.done_items()
    todo = [product for product in todo if str(product.product_id) not in done]
    total = len(done) + len(todo)
    await ctx.progress(len(done), total, f"{len(todo)} products to cluster", force=True)
    plot = _PlotRows([], [], [])
    groups: list[list[ProductLabels]] = [[]]
    for product in todo:
        if (
            groups[-1]
            and sum(len(p.labels) for p in groups[-1]) + len(product.labels) > args.labels_per_embedding
        ):
            groups.append([])
        groups[-1].append(product)
    handled = tag_count = 0
    for group in groups:
        if not group:
            continue
        clustered = await asyncio.to_thread(_cluster_group, group, ctx.resources.embedder, args.max_k)
        for product, clusters, rows in clustered:
            async with ctx.session() as session:
                await tags.replace_product_tags(session, ctx.job_id, product, clusters.tags)
            tag_count += len(clusters.tags)
            named = {label for label, _ in clusters.tags}
            for label, assignment, row in zip(product.labels, clusters.assignments, rows, strict=True):
                if len(plot.keys) < PLOT_POINTS:
                    plot.vectors.append(row)
                    plot.keys.append(f"{product.product_id}:{int(assignment)}")
                    plot.notes.append(label if label in named else "")
                    named.discard(label)  # each tag written once, beside one of its points
        handled += len(group)
        await ctx.progress(len(done) + handled, total, f"clustered {len(done) + handled}/{total} products")
    plotted = False
    if plot.vectors:
        await asyncio.to_thread(_publish_plot, ctx.settings.reports_dir, plot)
        plotted = True
    return {
        "version": version,
        "products_clustered": len(todo),
        "tags": tag_count,
        "resumed_after": len(done),
        "plot": "tag-clusters.png" if plotted else None,
        "product_ids": [product.product_id for product in todo[:IDS_REPORTED]],
    }


def _publish_plot(reports_dir: Path, plot: _PlotRows) -> None:
    from ml.tag_clustering import plot_tag_map

    with tempfile.TemporaryDirectory(prefix="mall-tag-map-") as scratch:
        path = Path(scratch) / "tag-clusters.png"
        plot_tag_map(path, np.stack(plot.vectors).astype(np.float32), plot.keys, plot.notes)
        tags.publish_report(reports_dir, "tag-clusters.png", path)


# ---- train_category_classifier ----


class TrainClassifierArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    test_fraction: float = Field(default=0.2, gt=0, lt=0.5, description="Share of each category held out.")
    min_products: int = Field(default=10, ge=4, le=1_000_000, description="Fewest products to train on.")
    c: float = Field(
        default=0.5, gt=0, le=1000, description="C of the classifier's linear SVMs (inverse L2 strength)."
    )
    seed: int = Field(default=13, description="Split seed.")


def _fit_classifier(
    texts: list[str],
    labels: list[str],
    parents: list[str],
    args: TrainClassifierArgs,
    embedder: TextEmbedder,
    root: Path,
) -> dict[str, Any]:
    """Blocking: score on a held-out split, then fit on every product and save a new version."""
    from ml.category_classifier import CategoryClassifier, CategoryClassifierConfig, stratified_split

    config = CategoryClassifierConfig(c=args.c, test_fraction=args.test_fraction, seed=args.seed)
    train, test = stratified_split(labels, args.test_fraction, args.seed)
    if not test:
        raise DomainError.of(
            TagErrorCode.NOT_ENOUGH_DATA, "no category has two products: nothing can be held out to evaluate"
        )
    encoded = CategoryClassifier(config, embedder).encode(texts)
    scores = (
        CategoryClassifier(config, embedder)
        .fit_encoded(encoded.subset(train), [labels[i] for i in train], [parents[i] for i in train])
        .evaluate_encoded(encoded.subset(test), [labels[i] for i in test])
    )
    # the served model learns from every product; the figures above are its held-out estimate
    folder = (
        CategoryClassifier(config, embedder)
        .fit_encoded(encoded, labels, parents)
        .save(root, metrics={"held_out": asdict(scores), "test_products": len(test)})
    )
    return {
        "version": folder.name,
        **{
            key: round(value, 4) if isinstance(value, float) else value
            for key, value in asdict(scores).items()
        },
        "train_products": len(train),
        "test_products": len(test),
        "categories": len(set(labels)),
    }


async def train_category_classifier(ctx: JobContext, args: TrainClassifierArgs) -> dict[str, Any]:
    async with ctx.session() as session:
        texts, labels, parents = await tags.classifier_examples(session)
    if len(texts) < args.min_products or len(set(labels)) < 2:
        raise DomainError.of(
            TagErrorCode.NOT_ENOUGH_DATA,
            f"{len(texts)} products in {len(set(labels))} level-3 categories; the classifier needs at "
            f"least {args.min_products} products in 2 categories",
        )
    await ctx.progress(0, 1, f"embedding and fitting {len(texts)} products", force=True)
    result = await asyncio.to_thread(
        _fit_classifier, texts, labels, parents, args, ctx.resources.embedder, ctx.settings.category_model_dir
    )
    await ctx.progress(1, 1, f"held-out top-1 {result['top1']:.3f}, top-3 {result['top3']:.3f}", force=True)
    return result


TEACH_TAGS = JobKind(
    "teach_tags",
    "Labels review texts with the teacher (the LLM when configured, else local phrases); cached.",
    TeachArgs,
    teach_tags,
)
TRAIN_TAGGER = JobKind(
    "train_tagger",
    "Trains the Seq2Label review tagger on teacher labels; serves it only after held-out evaluation.",
    TrainTaggerArgs,
    train_tagger,
)
TAG_PRODUCTS = JobKind(
    "tag_products",
    "Labels new reviews with the serving tagger (batched greedy decoding).",
    TagProductsArgs,
    tag_products,
)
CLUSTER_TAGS = JobKind(
    "cluster_tags",
    "Clusters each product's review labels into weighted product tags; draws the catalog tag map.",
    ClusterArgs,
    cluster_tags,
)
TRAIN_CATEGORY_CLASSIFIER = JobKind(
    "train_category_classifier",
    "Trains the level-3 category classifier on the catalog; reports held-out top-1/top-3/macro-F1.",
    TrainClassifierArgs,
    train_category_classifier,
)
