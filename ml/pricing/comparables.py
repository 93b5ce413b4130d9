"""The nearest comparable products: same category first, by text embedding, scaled by size.

A suggestion cites these (name, price, unit price) as its reason, and the price model uses
their size-scaled prices as features. A product is never its own comparable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from ml.pricing.product import CENT, PricedProduct
from ml.pricing.size import PackageSize, parse_size

Matrix = npt.NDArray[np.float64]
AnyVectors = npt.NDArray[np.floating[Any]]
UNIT_GRAMS = 100.0  # unit prices are per 100 g (or 100 ml)


@dataclass(frozen=True, slots=True)
class Comparable:
    """A training product that drove an estimate, as a reviewer sees it."""

    key: int | None
    name: str
    price: Decimal
    size: str | None
    unit_price: Decimal | None  # per 100 g / 100 ml, where the name gives a weight or volume
    similarity: float
    weight: float  # its share of the estimate, summing to 1 over a product's comparables


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """One product's comparables and their size-scaled log-price estimates."""

    comparables: tuple[Comparable, ...]
    log_estimate: float  # similarity-weighted, each comparable's price scaled to this size
    log_estimate_unscaled: float


def _unit_price(price: float, size: PackageSize) -> Decimal | None:
    total = size.total_grams
    if not total:
        return None
    return max(CENT, Decimal(repr(price / total * UNIT_GRAMS)).quantize(CENT))


class ComparableFinder:
    """Within the deepest category with enough products, the k most similar by embedding."""

    def __init__(self, neighbours: int = 10, size_elasticity: float = 0.3, temperature: float = 20.0) -> None:
        self.neighbours = neighbours
        # log price moves this much per log size: bigger packs cost more, less than in proportion
        self.size_elasticity = size_elasticity
        self.temperature = temperature
        self._vectors: Matrix = np.zeros((0, 0))
        self._log_prices: Matrix = np.zeros(0)
        self._log_sizes: Matrix = np.zeros(0)
        self._products: list[PricedProduct] = []
        self._sizes: list[PackageSize] = []
        self._groups: list[dict[str, npt.NDArray[np.intp]]] = [{}, {}, {}]
        self._rows_by_key: dict[int, int] = {}

    def fit(self, products: Sequence[PricedProduct], vectors: AnyVectors) -> ComparableFinder:
        if any(p.price is None or p.price <= 0 for p in products):
            raise ValueError("every comparable needs a positive price")
        self._products = list(products)
        self._vectors = np.asarray(vectors, dtype=np.float64)
        self._log_prices = np.log(np.asarray([float(p.price or 0) for p in products], dtype=np.float64))
        self._sizes = [parse_size(p.name) for p in products]
        totals = [s.total_grams for s in self._sizes]
        self._log_sizes = np.asarray([math.log(t) if t else np.nan for t in totals])
        for level in range(3):
            groups: dict[str, list[int]] = {}
            for row, product in enumerate(products):
                groups.setdefault(product.category_levels[level], []).append(row)
            self._groups[level] = {k: np.asarray(v, dtype=np.intp) for k, v in groups.items()}
        self._rows_by_key = {p.key: row for row, p in enumerate(products) if p.key is not None}
        return self

    def row_of(self, product: PricedProduct) -> int | None:
        """The training row holding this very product (by key), to be left out of its comparables."""
        return None if product.key is None else self._rows_by_key.get(product.key)

    def _candidates(self, product: PricedProduct, own: int | None) -> npt.NDArray[np.intp]:
        wanted = max(1, self.neighbours // 2)
        for level in (2, 1, 0):
            rows = self._groups[level].get(product.category_levels[level])
            if rows is None:
                continue
            if own is not None:
                rows = rows[rows != own]
            if len(rows) >= wanted:
                return rows
        everything = np.arange(len(self._products), dtype=np.intp)
        return everything if own is None else everything[everything != own]

    def find(self, products: Sequence[PricedProduct], vectors: AnyVectors) -> list[Neighbourhood]:
        """Each product's comparables; a product among the training ones is left out of its own."""
        if not self._products:
            raise RuntimeError("the comparable finder is not fitted")
        similarities = np.asarray(vectors, dtype=np.float64) @ self._vectors.T
        result = []
        for index, product in enumerate(products):
            size = parse_size(product.name)
            rows = self._candidates(product, self.row_of(product))
            if len(rows) == 0:
                raise ValueError("no comparable products: fit on at least two")
            scores = similarities[index, rows]
            top = rows[np.argsort(-scores, kind="stable")[: self.neighbours]]
            top_scores = similarities[index, top]
            weights = np.exp(self.temperature * (top_scores - top_scores.max()))
            weights /= weights.sum()
            logs = self._log_prices[top]
            scaled = logs.copy()
            if size.total_grams:
                known = ~np.isnan(self._log_sizes[top])
                ratio = math.log(size.total_grams) - self._log_sizes[top][known]
                scaled[known] += self.size_elasticity * ratio
            comparables = tuple(
                Comparable(
                    key=self._products[row].key,
                    name=self._products[row].name,
                    price=self._products[row].price or CENT,
                    size=self._sizes[row].label,
                    unit_price=_unit_price(float(self._products[row].price or 0), self._sizes[row]),
                    similarity=round(float(similarities[index, row]), 4),
                    weight=round(float(weight), 4),
                )
                for row, weight in zip(top, weights, strict=True)
            )
            result.append(
                Neighbourhood(comparables, float(np.dot(weights, scaled)), float(np.dot(weights, logs)))
            )
        return result
