"""Train the personal recommender on the mall's event history (resolvers/personal.py serves it)."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from db.types import utcnow
from ml.recommend.recommender import RecommenderConfig
from resolvers import personal, vectors
from workers.context import JobContext, JobKind, TransientJobError


class TrainRecommenderArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label_window_days: int = Field(
        default=14, ge=1, le=365, description="The ranker learns to predict the events of these last days."
    )
    trending_days: int = Field(default=7, ge=1, le=365, description="Window of the trend feature.")
    max_per_subcategory: int = Field(default=3, ge=1, le=20, description="Re-rank: diversity cap.")


async def train_recommender(ctx: JobContext, args: TrainRecommenderArgs) -> dict[str, Any]:
    """Idempotent: a rerun fits again on the same history and replaces the file atomically."""
    if ctx.resources.vectors.engine is None:
        raise TransientJobError("the vector store is unavailable")
    config = replace(
        RecommenderConfig(),
        label_window_days=args.label_window_days,
        trending_days=args.trending_days,
        max_per_subcategory=args.max_per_subcategory,
    )
    await ctx.progress(0, 2, "reading events and product vectors", force=True)
    async with ctx.session() as session:
        try:
            model, report = await personal.train_recommender(session, ctx.resources.vectors, config)
        except vectors.VectorStoreUnavailable as exc:
            raise TransientJobError(str(exc)) from exc
    await ctx.progress(1, 2, "saving the model", force=True)
    metadata = {"trained_at": utcnow().isoformat(timespec="seconds"), **asdict(report)}
    personal.RecommenderProvider(ctx.settings.recommender_path).save(model, metadata)
    await ctx.progress(2, 2, "done", force=True)
    return metadata


TRAIN_RECOMMENDER = JobKind(
    "train_recommender",
    "Learns the personal recommender's ranker from shoppers' events (needs product embeddings).",
    TrainRecommenderArgs,
    train_recommender,
    uses_vectors=True,
)
