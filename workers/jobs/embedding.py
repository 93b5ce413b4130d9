"""Embed the catalog into the vector store: incremental (only new or changed products), batched."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import func, select

from db.tables import Product
from resolvers import vectors
from workers.context import JobContext, JobKind, TransientJobError


class EmbedArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_ids: list[int] | None = Field(
        default=None, max_length=10_000, description="Only these products; default: the whole catalog."
    )


async def embed_products(ctx: JobContext, args: EmbedArgs) -> dict[str, Any]:
    """Idempotent by construction: a product whose stored hash matches its text is skipped, so a
    run resumed after a crash embeds only what the crashed run had not written yet."""
    store = ctx.resources.vectors
    if store.engine is None:
        raise TransientJobError("the vector store is unavailable")
    async with ctx.session() as session:
        total = (
            len(args.product_ids)
            if args.product_ids
            else int((await session.exec(select(func.count()).select_from(Product))).one())
        )
        done = 0

        async def progress(handled: int) -> None:
            nonlocal done
            done += handled
            await ctx.progress(done, total, f"{done}/{total} products")

        await ctx.progress(0, total, f"{total} products to check", force=True)
        try:
            report = await vectors.embed_products(
                session, store, ctx.resources.vector_embedder, args.product_ids, progress
            )
        except vectors.VectorStoreUnavailable as exc:
            raise TransientJobError(str(exc)) from exc
    return {**asdict(report), "model": store.spec.model.value}


EMBED_PRODUCTS = JobKind(
    "embed_products",
    "Embeds new and changed products into the vector store (for search and recommendations).",
    EmbedArgs,
    embed_products,
    uses_vectors=True,
)
