"""Review tags: the teacher-label cache, training pairs, tagger outputs, product tags, the
serving tagger and category classifier on disk, and the model reports admins download.

Labels are keyed by the review's text (`text_key`), not by review id: identical reviews share
one teacher label (paid once) and one generated label. The review table itself is untouched.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import (
    Category,
    JobItemOutcome,
    Product,
    ProductTag,
    ProductTagState,
    Review,
    ReviewLabel,
    TeacherSource,
)
from db.tables.tags import LABEL_CHARS
from db.transaction import transaction
from db.types import utcnow
from llm.tag_teacher import review_key
from ml.model_files import write_atomically
from resolvers import jobs
from resolvers.errors import Collector, DomainError

if TYPE_CHECKING:
    from ml.category_classifier import CategoryClassifier
    from ml.tagger import Seq2Label

log = logging.getLogger(__name__)
K = TypeVar("K", int, str)

# Past this many characters a review says nothing new to a 1-8 word label, and a 50,000-character
# review would otherwise cost the teacher (phrase candidates) and the tokenizer their length.
REVIEW_CHARS = 2000
# IN (...) lists stay well under every driver's parameter limit
CHUNK = 500
SERVING_FILE = "SERVING"
NAME_CHARS = 300
DESCRIPTION_CHARS = 5000
SUGGESTIONS = 3


class TagErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_ENOUGH_DATA = "not_enough_data"
    TAGGER_NOT_TRAINED = "tagger_not_trained"
    CHECKPOINT_INVALID = "checkpoint_invalid"
    EVALUATION_FAILED = "evaluation_failed"
    MODEL_NOT_TRAINED = "model_not_trained"
    MODEL_UNREADABLE = "model_unreadable"


def clip_review(text: str) -> str:
    return text.strip()[:REVIEW_CHARS]


def text_key(text: str) -> str:
    """The cache key of a review: llm.tag_teacher.review_key of the text the models see."""
    return review_key(clip_review(text))


def _chunks(items: Sequence[K]) -> Iterable[Sequence[K]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


# ---- reviews, as the tagging jobs see them ----


@dataclass(frozen=True)
class ReviewText:
    review_id: int
    product_id: int
    text: str  # clipped to REVIEW_CHARS
    key: str


async def review_texts(session: AsyncSession, product_ids: Sequence[int] | None = None) -> list[ReviewText]:
    """Every review with text (blank ones have nothing to label), oldest first."""
    query = select(Review.id, Review.product_id, Review.text).order_by(col(Review.id))
    if product_ids is not None:
        query = query.where(col(Review.product_id).in_(list(product_ids)))
    found: list[ReviewText] = []
    for review_id, product_id, text in await session.exec(query):
        clipped = clip_review(text or "")
        if clipped and review_id is not None:
            found.append(ReviewText(review_id, product_id, clipped, review_key(clipped)))
    return found


async def labels_by_key(session: AsyncSession, keys: Sequence[str]) -> dict[str, ReviewLabel]:
    found: dict[str, ReviewLabel] = {}
    distinct = list(dict.fromkeys(keys))
    for chunk in _chunks(distinct):
        for row in await session.exec(select(ReviewLabel).where(col(ReviewLabel.text_hash).in_(chunk))):
            found[row.text_hash] = row
    return found


async def _upsert_labels(
    session: AsyncSession, keys: Sequence[str], change: Callable[[ReviewLabel], None]
) -> None:
    """Apply `change` to each key's row, creating missing rows, inside the caller's transaction."""
    existing = await labels_by_key(session, keys)
    now = utcnow()
    for key in dict.fromkeys(keys):
        row = existing.get(key)
        if row is None:
            row = ReviewLabel(text_hash=key, created_at=now)
            session.add(row)
        change(row)
        row.updated_at = now


async def _with_retry(session: AsyncSession, work: Callable[[], Awaitable[None]]) -> None:
    """Run a write transaction; once more if a concurrent job inserted the same text meanwhile."""
    for attempt in (1, 2):
        try:
            async with transaction(session):
                await work()
            return
        except IntegrityError:
            if attempt == 2:
                raise


# ---- teacher labels: the cache ----


async def record_teacher_labels(
    session: AsyncSession,
    labels: Mapping[str, str | None],
    source: TeacherSource,
    model: str,
    *,
    job_id: int | None = None,
) -> None:
    """Store teacher labels (None: the teacher had nothing to say) with the job's item markers.

    A local label never replaces an LLM one: the LLM's was paid for and is the better target.
    """

    def apply(row: ReviewLabel) -> None:
        label = labels[row.text_hash]
        if source == TeacherSource.LOCAL and row.teacher == TeacherSource.LLM and row.teacher_label:
            return
        row.teacher_label = label[:LABEL_CHARS] if label else None
        row.teacher = source
        row.teacher_model = model[:100]

    async def work() -> None:
        await _upsert_labels(session, list(labels), apply)
        if job_id is not None:
            for key, label in labels.items():
                outcome = JobItemOutcome.DONE if label else JobItemOutcome.SKIPPED
                jobs.add_item(session, job_id, key, outcome)

    await _with_retry(session, work)


class ReviewLabelCache:
    """llm.tag_teacher.LabelCache over review_labels: a text the LLM labelled is never sent again."""

    def __init__(self, open_session: Callable[[], AsyncSession], model: str) -> None:
        self._open_session = open_session
        self.model = model

    async def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        async with self._open_session() as session:
            rows = await labels_by_key(session, keys)
        return {
            key: row.teacher_label
            for key, row in rows.items()
            if row.teacher == TeacherSource.LLM and row.teacher_label
        }

    async def set_many(self, labels: Mapping[str, str]) -> None:
        async with self._open_session() as session:
            await record_teacher_labels(session, dict(labels), TeacherSource.LLM, self.model)


async def teacher_sources(session: AsyncSession, keys: Sequence[str]) -> dict[str, TeacherSource]:
    """Which teacher already answered each text (absent: none yet)."""
    return {
        key: TeacherSource(row.teacher)
        for key, row in (await labels_by_key(session, keys)).items()
        if row.teacher
    }


async def training_pairs(session: AsyncSession) -> list[tuple[str, str]]:
    """(review text, teacher label) once per distinct text that has a label."""
    reviews = await review_texts(session)
    rows = await labels_by_key(session, [review.key for review in reviews])
    pairs: dict[str, tuple[str, str]] = {}
    for review in reviews:
        row = rows.get(review.key)
        if row is not None and row.teacher_label and review.key not in pairs:
            pairs[review.key] = (review.text, row.teacher_label)
    return list(pairs.values())


# ---- generated labels ----


async def reviews_to_tag(
    session: AsyncSession, version: str, product_ids: Sequence[int] | None = None
) -> dict[int, list[ReviewText]]:
    """Per product, its reviews whose text has no label from tagger `version` yet."""
    reviews = await review_texts(session, product_ids)
    rows = await labels_by_key(session, [review.key for review in reviews])
    todo: dict[int, list[ReviewText]] = defaultdict(list)
    for review in reviews:
        row = rows.get(review.key)
        if row is None or row.tagger_version != version:
            todo[review.product_id].append(review)
    return dict(todo)


async def record_generated_labels(
    session: AsyncSession,
    job_id: int,
    labels: Mapping[str, str | None],
    version: str,
    product_ids: Sequence[int],
) -> None:
    """One batch, one transaction: the tagger's labels with a marker per product done."""

    def apply(row: ReviewLabel) -> None:
        label = labels[row.text_hash]
        row.generated_label = label[:LABEL_CHARS] if label else None
        row.tagger_version = version

    async def work() -> None:
        await _upsert_labels(session, list(labels), apply)
        for product_id in product_ids:
            jobs.add_item(session, job_id, product_id, JobItemOutcome.DONE)

    await _with_retry(session, work)


# ---- product tags ----


@dataclass(frozen=True)
class ProductLabels:
    product_id: int
    labels: list[str]  # one per review with a generated label, in review order
    digest: str


def labels_digest(version: str, labels: Sequence[str]) -> str:
    return hashlib.sha256(json.dumps([version, sorted(labels)], ensure_ascii=False).encode()).hexdigest()


async def products_to_cluster(
    session: AsyncSession, version: str, product_ids: Sequence[int] | None = None, *, force: bool = False
) -> list[ProductLabels]:
    """Products whose generated labels changed since their tags were last clustered."""
    reviews = await review_texts(session, product_ids)
    rows = await labels_by_key(session, [review.key for review in reviews])
    by_product: dict[int, list[str]] = defaultdict(list)
    for review in reviews:
        row = rows.get(review.key)
        if row is not None and row.tagger_version == version and row.generated_label:
            by_product[review.product_id].append(row.generated_label)
    states: dict[int, str] = {}
    for chunk in _chunks(list(by_product)):
        query = select(ProductTagState).where(col(ProductTagState.product_id).in_(chunk))
        states.update((state.product_id, state.labels_digest) for state in await session.exec(query))
    result = []
    for product_id in sorted(by_product):
        labels = by_product[product_id]
        digest = labels_digest(version, labels)
        if force or states.get(product_id) != digest:
            result.append(ProductLabels(product_id, labels, digest))
    return result


async def replace_product_tags(
    session: AsyncSession,
    job_id: int,
    product: ProductLabels,
    tags: Sequence[tuple[str, float]],
) -> None:
    """A product's tags swapped whole in one transaction: readers see the old set or the new one."""
    async with transaction(session):
        await session.exec(delete(ProductTag).where(col(ProductTag.product_id) == product.product_id))
        for position, (label, weight) in enumerate(tags):
            session.add(
                ProductTag(
                    product_id=product.product_id,
                    label=label[:LABEL_CHARS],
                    weight=round(weight, 4),
                    position=position,
                )
            )
        state = await session.get(ProductTagState, product.product_id)
        if state is None:
            state = ProductTagState(product_id=product.product_id, labels_digest=product.digest)
            session.add(state)
        state.labels_digest = product.digest
        state.label_count = len(product.labels)
        state.clustered_at = utcnow()
        jobs.add_item(session, job_id, product.product_id, JobItemOutcome.DONE, f"{len(tags)} tags")


# ---- the serving tagger: versions on disk, a pointer that moves only after evaluation ----


def serving_version(tagger_dir: Path) -> str | None:
    try:
        data = json.loads((tagger_dir / SERVING_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) and version else None


def set_serving_version(tagger_dir: Path, version: str, details: Mapping[str, Any]) -> None:
    """Point the tagger jobs at `version`; written beside and renamed, so never half a file."""
    tagger_dir.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"version": version, "since": datetime.now(UTC).isoformat(), **details}, indent=2)
    write_atomically(tagger_dir / SERVING_FILE, body.encode("utf-8"))


def load_serving_tagger(tagger_dir: Path, device: str | None = None) -> tuple[Seq2Label, str]:
    """The serving checkpoint and its version; DomainError when there is none or it is broken."""
    from ml.tagger import CheckpointError, Seq2Label

    version = serving_version(tagger_dir)
    if version is None:
        raise DomainError.of(
            TagErrorCode.TAGGER_NOT_TRAINED,
            f"no serving review tagger in {tagger_dir}: run the train_tagger job (`mall tags train`) first",
        )
    try:
        return Seq2Label.load(tagger_dir / version, device=device), version
    except CheckpointError as exc:
        raise DomainError.of(
            TagErrorCode.CHECKPOINT_INVALID, f"the serving tagger {version} cannot be used: {exc}"
        ) from exc


# ---- model reports admins download ----

REPORT_FILES: dict[str, str] = {
    "tagger-metrics.json": "Seq2Label vs the retrieval baseline on held-out reviews (JSON).",
    "tagger-metrics.png": "Seq2Label loss curves and held-out label metrics.",
    "tag-clusters.png": "Review labels across the catalog, 2-D (PCA), coloured by product tag.",
}


@dataclass(frozen=True)
class ReportFile:
    name: str
    description: str
    size_bytes: int
    updated_at: datetime


def report_path(reports_dir: Path, name: str) -> Path | None:
    """The file behind a known report name, when it exists; any other name is refused."""
    if name not in REPORT_FILES:
        return None
    path = reports_dir / name
    return path if path.is_file() else None


def report_files(reports_dir: Path) -> list[ReportFile]:
    found = []
    for name, description in REPORT_FILES.items():
        path = report_path(reports_dir, name)
        if path is not None:
            stat = path.stat()
            found.append(
                ReportFile(name, description, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))
            )
    return found


def publish_report(reports_dir: Path, name: str, source: Path) -> None:
    """Copy a finished report into place in one rename: a download never sees half a file."""
    assert name in REPORT_FILES, name
    write_atomically(reports_dir / name, source.read_bytes())


# ---- the category classifier ----


async def classifier_examples(session: AsyncSession) -> tuple[list[str], list[str], list[str]]:
    """Texts of the products in level-3 categories, labelled by their category id and its parent's.

    The parent (level-2) labels let the classifier check a level-3 guess against the tree.
    """
    from ml.category_classifier import product_text

    parent_of = dict(
        (await session.exec(select(Category.id, Category.parent_id).where(col(Category.level) == 3))).all()
    )
    rows = await session.exec(
        select(Product.name, Product.intro, Product.detail, Product.category_id)
        .join(Category, col(Category.id) == col(Product.category_id))
        .where(col(Category.level) == 3)
        .order_by(col(Product.id))
    )
    texts: list[str] = []
    labels: list[str] = []
    parents: list[str] = []
    for name, intro, detail, category_id in rows:
        text = product_text(name, intro or "", detail or "")
        if text:
            texts.append(text)
            labels.append(str(category_id))
            parents.append(str(parent_of[category_id]))
    return texts, labels, parents


class CategoryModelProvider:
    """The latest trained classifier, loaded once per version: a new training run is picked up
    on the next suggestion without a restart (one directory listing per call)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._loaded: tuple[Path, CategoryClassifier] | None = None
        self._lock = asyncio.Lock()

    def _latest(self) -> Path | None:
        if not self.root.is_dir():
            return None
        versions = sorted(p for p in self.root.iterdir() if p.is_dir() and p.name.startswith("v"))
        return versions[-1] if versions else None

    async def get(self) -> CategoryClassifier:
        from ml.category_classifier import CategoryClassifier
        from ml.tagger import CheckpointError

        latest = self._latest()
        if latest is None:
            raise DomainError.of(
                TagErrorCode.MODEL_NOT_TRAINED,
                "no category classifier is trained yet: run the train_category_classifier job "
                "(`mall tags classify`)",
            )
        async with self._lock:
            if self._loaded is None or self._loaded[0] != latest:
                try:
                    model = await asyncio.to_thread(CategoryClassifier.load, latest)
                except CheckpointError as exc:
                    log.warning("category classifier unavailable: %s", exc)
                    raise DomainError.of(
                        TagErrorCode.MODEL_UNREADABLE,
                        "the category classifier cannot be loaded; train it again "
                        "(the train_category_classifier job)",
                    ) from exc
                self._loaded = (latest, model)
            return self._loaded[1]


@dataclass(frozen=True)
class CategorySuggestion:
    category: Category
    confidence: float


async def suggest_category(
    session: AsyncSession, provider: CategoryModelProvider, name: str, description: str | None
) -> list[CategorySuggestion]:
    """The three likeliest level-3 categories for a new product, likeliest first."""
    from ml.category_classifier import product_text

    errors = Collector()
    if not 1 <= len(name.strip()) <= NAME_CHARS:
        errors.add(TagErrorCode.INVALID, f"a name of 1 to {NAME_CHARS} characters", "name")
    if description is not None and len(description) > DESCRIPTION_CHARS:
        errors.add(TagErrorCode.INVALID, f"at most {DESCRIPTION_CHARS} characters", "description")
    errors.raise_if_any()
    model = await provider.get()
    text = product_text(name, description or "")
    [ranked] = await asyncio.to_thread(model.predict_topk, [text], SUGGESTIONS)
    ids = [int(label) for label, _ in ranked if label.isdigit()]
    categories = {
        row.id: row for row in await session.exec(select(Category).where(col(Category.id).in_(ids)))
    }
    return [
        CategorySuggestion(categories[int(label)], confidence)
        for label, confidence in ranked
        if label.isdigit() and int(label) in categories
    ]
