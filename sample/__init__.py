"""Sample data the project generates itself for `mall demo`: products, shoppers, reviews, covers."""

from __future__ import annotations

from dataclasses import dataclass

from sample.catalog import SampleProduct, generate_products
from sample.images import render_cover_svg, write_covers
from sample.people import SampleReview, SampleUser, generate_reviews, generate_users

__all__ = [
    "SampleData",
    "SampleProduct",
    "SampleReview",
    "SampleUser",
    "generate_products",
    "generate_reviews",
    "generate_sample",
    "generate_users",
    "render_cover_svg",
    "write_covers",
]


@dataclass(frozen=True)
class SampleData:
    """A whole sample store: its products, its shoppers and their reviews."""

    products: list[SampleProduct]
    users: list[SampleUser]
    reviews: list[SampleReview]


def generate_sample(seed: int = 7, products: int = 400, users: int = 30) -> SampleData:
    """The same store for the same seed; covers are rendered separately by write_covers."""
    catalog = generate_products(products, seed)
    shoppers = generate_users(users, seed)
    return SampleData(catalog, shoppers, generate_reviews(catalog, shoppers, seed))
