"""Suggest fair prices (USD, to the cent): an LLM in batches, or the local regression model.

Suggestions wait for an admin's review (resolvers/pricing.py); nothing here changes a price.
LLM answers are parsed strictly (llm/pricing_prompt.py): a product without a clean answer after
the retries is reported unpriced, never given a guessed price. Without an LLM, the local model
(ml.pricing) is trained on the catalog's own prices and its held-out error is reported.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from db.tables import JobItemOutcome, PriceSource
from llm.pricing_prompt import ProductToPrice, price_batch
from ml.embeddings import TextEmbedder, Vectors
from resolvers import jobs, pricing
from resolvers.errors import DomainError
from resolvers.pricing import PricingErrorCode, PricingProduct
from workers.context import JobContext, JobKind

UNPRICED_REPORTED = 100
HOLDOUT_SHARE = 0.2
HOLDOUT_SEED = 7
MIN_KNOWN_PRICES = 20  # a held-out fifth of fewer says nothing


class PriceArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: Literal["auto", "llm", "local"] = Field(
        default="auto", description="auto: the LLM when one is configured, else the local model."
    )
    product_ids: list[int] | None = Field(
        default=None, max_length=10_000, description="Only these products; default: the whole catalog."
    )
    batch_size: int = Field(default=20, ge=1, le=100, description="Products per LLM request.")
    attempts: int = Field(default=2, ge=1, le=5, description="LLM requests per batch before giving up.")


async def price_products(ctx: JobContext, args: PriceArgs) -> dict[str, Any]:
    async with ctx.session() as session:
        products = await pricing.pricing_products(session, args.product_ids)
    done = await ctx.done_items()
    todo = [product for product in products if str(product.id) not in done]
    use_llm = args.source == "llm" or (args.source == "auto" and not ctx.resources.llm.is_local)
    if use_llm:
        summary = await _price_with_llm(ctx, args, todo, len(done))
    else:
        summary = await _price_locally(ctx, products, todo, len(done))
    async with ctx.session() as session:
        failed = await jobs.items_of(session, ctx.job_id, JobItemOutcome.FAILED)
    return {
        **summary,
        "suggested": len(await ctx.done_items()) - len(failed),
        "unpriced_count": len(failed),
        "unpriced_ids": [int(item.item_key) for item in failed[:UNPRICED_REPORTED]],
    }


async def _price_with_llm(
    ctx: JobContext, args: PriceArgs, todo: Sequence[PricingProduct], already: int
) -> dict[str, Any]:
    client = ctx.resources.llm
    total = already + len(todo)
    for start in range(0, len(todo), args.batch_size):
        batch = todo[start : start + args.batch_size]
        asked = [ProductToPrice(p.id, p.name, p.description, p.category_path) for p in batch]
        # LLMUnavailable propagates: the runner retries the job later, resuming at this batch
        prices, _failed = await price_batch(client, asked, attempts=args.attempts)
        async with ctx.session() as session:
            await pricing.record_suggestions(session, ctx.job_id, batch, prices, PriceSource.LLM, client.name)
        done = already + start + len(batch)
        await ctx.progress(done, total, f"priced {done}/{total}")
    return {"source": PriceSource.LLM.value, "model": client.name}


class _CachedEmbedder:
    """Embeds each text once: the held-out evaluation and the final fit read the same texts."""

    def __init__(self, inner: TextEmbedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._cache: dict[str, Any] = {}

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        import numpy as np

        missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing, batch_size), strict=True):
                self._cache[text] = vector
        return np.asarray([self._cache[text] for text in texts], dtype=np.float32)


def _fit_and_predict(
    embedder: TextEmbedder, products: Sequence[PricingProduct], todo: Sequence[PricingProduct]
) -> tuple[list[Decimal], dict[str, Any]]:
    """Blocking (embedding and fitting): run in a thread."""
    from ml.pricing import PricedProduct, PriceModel, evaluate_holdout

    def priced(product: PricingProduct, with_price: bool) -> PricedProduct:
        c1, c2, c3 = product.category_path
        price = product.price if with_price and product.price > 0 else None
        return PricedProduct(product.name, product.description, c1, c2, c3, price)

    cached = _CachedEmbedder(embedder)
    known = [priced(product, True) for product in products if product.price > 0]
    if len(known) < MIN_KNOWN_PRICES:
        raise DomainError.of(
            PricingErrorCode.NOT_ENOUGH_DATA,
            f"the local model learns from at least {MIN_KNOWN_PRICES} priced products, "
            f"the catalog has {len(known)}; configure an LLM instead",
        )
    report = evaluate_holdout(known, test_share=HOLDOUT_SHARE, seed=HOLDOUT_SEED, embedder=cached)
    model = PriceModel(embedder=cached).fit(known)
    predictions = model.predict([priced(product, False) for product in todo])
    quality = {
        "holdout_mape": round(report.model_mape, 4),
        "holdout_baseline_mape": round(report.baseline_mape, 4),
        "trained_on": len(known),
        "chosen": model.chosen,
    }
    return predictions, quality


async def _price_locally(
    ctx: JobContext, products: Sequence[PricingProduct], todo: Sequence[PricingProduct], already: int
) -> dict[str, Any]:
    await ctx.progress(0, 1, f"training the local model on {len(products)} products", force=True)
    predictions, quality = await asyncio.to_thread(_fit_and_predict, ctx.resources.embedder, products, todo)
    model = f"local:{quality['chosen']}"
    total = already + len(todo)
    step = 200
    for start in range(0, len(todo), step):
        batch = todo[start : start + step]
        prices = {
            product.id: price for product, price in zip(batch, predictions[start : start + step], strict=True)
        }
        async with ctx.session() as session:
            await pricing.record_suggestions(session, ctx.job_id, batch, prices, PriceSource.LOCAL, model)
        done = already + start + len(batch)
        await ctx.progress(done, total, f"suggested {done}/{total}")
    return {"source": PriceSource.LOCAL.value, "model": model, **quality}


PRICE_PRODUCTS = JobKind(
    "price_products",
    "Suggests a fair price per product (LLM or local model) for admins to review.",
    PriceArgs,
    price_products,
)
