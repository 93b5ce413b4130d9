"""Suggest fair prices (USD, to the cent): an LLM in batches, or the local regression model.

Suggestions wait for an admin's review (resolvers/pricing.py); nothing here changes a price.
Each suggestion carries its reason, the nearest comparable catalog products (name, price, unit
price), whichever model priced it, and resolvers/pricing.py caps its change.
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
from resolvers.pricing import ComparableReason, PricingErrorCode, PricingProduct, ProposedPrice
from workers.context import JobContext, JobKind

UNPRICED_REPORTED = 100
HOLDOUT_SHARE = 0.2
HOLDOUT_SEED = 7
MIN_KNOWN_PRICES = 20  # a held-out fifth of fewer says nothing
SHOWN_COMPARABLES = 5


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
        summary = await _price_with_llm(ctx, args, products, todo, len(done))
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


def _max_change(ctx: JobContext) -> Decimal:
    return ctx.resources.settings.pricing_max_change


def _priced(product: PricingProduct) -> Any:
    from ml.pricing import PricedProduct

    c1, c2, c3 = product.category_path
    price = product.price if product.price > 0 else None
    return PricedProduct(product.name, product.description, c1, c2, c3, price, key=product.id)


def _reasons(comparables: Sequence[Any]) -> tuple[ComparableReason, ...]:
    return tuple(
        ComparableReason(c.key, c.name, c.price, c.size, c.unit_price, c.similarity, c.weight)
        for c in comparables[:SHOWN_COMPARABLES]
    )


def _find_comparables(
    embedder: TextEmbedder, products: Sequence[PricingProduct], todo: Sequence[PricingProduct]
) -> dict[int, tuple[ComparableReason, ...]]:
    """Blocking (embedding): each product's nearest priced catalog products, never itself."""
    from ml.pricing import ComparableFinder

    known = [_priced(p) for p in products if p.price > 0]
    if len(known) < 2 or not todo:
        return {}
    cached = _CachedEmbedder(embedder)
    finder = ComparableFinder().fit(known, cached.encode([p.text for p in known]))
    asked = [_priced(p) for p in todo]
    found = finder.find(asked, cached.encode([p.text for p in asked]))
    return {p.id: _reasons(n.comparables) for p, n in zip(todo, found, strict=True)}


async def _price_with_llm(
    ctx: JobContext,
    args: PriceArgs,
    products: Sequence[PricingProduct],
    todo: Sequence[PricingProduct],
    already: int,
) -> dict[str, Any]:
    client = ctx.resources.llm
    total = already + len(todo)
    # the same reason as the local model's: the catalog products most like each one
    comparables = await asyncio.to_thread(_find_comparables, ctx.resources.embedder, products, todo)
    for start in range(0, len(todo), args.batch_size):
        batch = todo[start : start + args.batch_size]
        asked = [ProductToPrice(p.id, p.name, p.description, p.category_path) for p in batch]
        # LLMUnavailable propagates: the runner retries the job later, resuming at this batch
        prices, _failed = await price_batch(client, asked, attempts=args.attempts)
        proposed = {
            product_id: ProposedPrice(
                price,
                f"{client.name} estimated it from the name, category and description; "
                "the catalog's nearest comparable products are shown to check it against.",
                comparables.get(product_id, ()),
            )
            for product_id, price in prices.items()
        }
        async with ctx.session() as session:
            await pricing.record_suggestions(
                session, ctx.job_id, batch, proposed, PriceSource.LLM, client.name, _max_change(ctx)
            )
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
) -> tuple[list[ProposedPrice], dict[str, Any]]:
    """Blocking (embedding and fitting): run in a thread."""
    from ml.pricing import PriceModel, evaluate_holdout

    cached = _CachedEmbedder(embedder)
    known = [_priced(product) for product in products if product.price > 0]
    if len(known) < MIN_KNOWN_PRICES:
        raise DomainError.of(
            PricingErrorCode.NOT_ENOUGH_DATA,
            f"the local model learns from at least {MIN_KNOWN_PRICES} priced products, "
            f"the catalog has {len(known)}; configure an LLM instead",
        )
    report = evaluate_holdout(known, test_share=HOLDOUT_SHARE, seed=HOLDOUT_SEED, embedder=cached)
    model = PriceModel(embedder=cached).fit(known)
    # keyed by product id: a catalog product is priced without its own price (out-of-fold
    # features, itself left out of its comparables)
    estimates = model.explain([_priced(product) for product in todo])
    proposals = [
        ProposedPrice(
            estimate.price,
            f"{len(estimate.comparables)} comparable products in its category, scaled to its size, "
            f"say {estimate.comparables_price}; with its name, size and category the model says "
            f"{estimate.price}.",
            _reasons(estimate.comparables),
            estimate.comparables_price,
        )
        for estimate in estimates
    ]
    quality = {
        "holdout_mape": round(report.model_mape, 4),
        "holdout_baseline_mape": round(report.baseline_mape, 4),
        "holdout_median_ape": round(report.model_median_ape, 4),
        "holdout_baseline_median_ape": round(report.baseline_median_ape, 4),
        "trained_on": len(known),
        "chosen": model.chosen,
    }
    return proposals, quality


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
            product.id: proposal
            for product, proposal in zip(batch, predictions[start : start + step], strict=True)
        }
        async with ctx.session() as session:
            await pricing.record_suggestions(
                session, ctx.job_id, batch, prices, PriceSource.LOCAL, model, _max_change(ctx)
            )
        done = already + start + len(batch)
        await ctx.progress(done, total, f"suggested {done}/{total}")
    return {"source": PriceSource.LOCAL.value, "model": model, **quality}


PRICE_PRODUCTS = JobKind(
    "price_products",
    "Suggests a fair price per product (LLM or local model) for admins to review.",
    PriceArgs,
    price_products,
)
