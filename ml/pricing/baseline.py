"""The price to beat: the median known price of the product's deepest known category."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from decimal import Decimal

from ml.pricing.product import CENT, PricedProduct


class CategoryMedianBaseline:
    """Median of the level-3 category, falling back to level 2, level 1, then all products.

    A level falls back when its category has fewer than `min_products` training products.
    """

    def __init__(self, min_products: int = 1) -> None:
        self.min_products = min_products
        self._counts: list[dict[str, int]] = [{}, {}, {}]
        self._medians: list[dict[str, Decimal]] = [{}, {}, {}]
        self._global: Decimal | None = None

    def fit(self, products: Sequence[PricedProduct]) -> CategoryMedianBaseline:
        priced = [(p.category_levels, p.price) for p in products if p.price is not None]
        if not priced:
            raise ValueError("no priced products to take medians from")
        for level in range(3):
            groups: dict[str, list[Decimal]] = {}
            for levels, price in priced:
                groups.setdefault(levels[level], []).append(price)
            self._medians[level] = {
                key: statistics.median(prices).quantize(CENT) for key, prices in groups.items()
            }
            self._counts[level] = {key: len(prices) for key, prices in groups.items()}
        self._global = statistics.median(price for _, price in priced).quantize(CENT)
        return self

    def predict_one(self, product: PricedProduct) -> Decimal:
        if self._global is None:
            raise RuntimeError("the baseline is not fitted")
        for level in (2, 1, 0):
            key = product.category_levels[level]
            median = self._medians[level].get(key)
            if median is not None and self._counts[level][key] >= self.min_products:
                return median
        return self._global

    def predict(self, products: Sequence[PricedProduct]) -> list[Decimal]:
        return [self.predict_one(p) for p in products]
