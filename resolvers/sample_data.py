"""Loading the project's own generated sample data (catalog, users, reviews) for `mall demo`."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Product, Review, Role, User
from db.transaction import transaction
from db.types import utcnow
from resolvers.imports import CatalogLine, import_lines
from resolvers.passwords import hash_password

DEMO_SHOPPER = "shopper"
DEMO_ADMIN = "admin"


@dataclass
class DemoReport:
    created: bool
    products: int = 0
    users: int = 0
    reviews: int = 0
    passwords: dict[str, str] = field(default_factory=dict)


async def load_sample(session: AsyncSession, media_dir: Path, seed: int = 7) -> DemoReport:
    """Idempotent: a store that already has the demo shopper is left as it is."""
    from sample import generate_sample, write_covers

    existing = await session.exec(select(User.id).where(User.username == DEMO_SHOPPER))
    if existing.first() is not None:
        return DemoReport(created=False)
    data = generate_sample(seed=seed)
    write_covers(data.products, media_dir / "sample")
    lines = [
        (
            number,
            CatalogLine(
                path=(p.c1, p.c2, p.c3),
                name=p.name,
                intro=p.intro,
                detail=p.detail,
                image=f"/media/sample/{p.image}",
                price=p.price,
                original_price=p.original_price,
                stock=p.stock,
                on_sale=p.on_sale,
                asin=p.asin,
            ),
        )
        for number, p in enumerate(data.products, start=1)
    ]
    imported = await import_lines(session, lines)

    passwords = {DEMO_SHOPPER: secrets.token_urlsafe(9), DEMO_ADMIN: secrets.token_urlsafe(12)}
    users = [
        User(
            username=DEMO_SHOPPER,
            password_hash=await hash_password(passwords[DEMO_SHOPPER]),
            nickname="Demo Shopper",
        ),
        User(
            username=DEMO_ADMIN,
            password_hash=await hash_password(passwords[DEMO_ADMIN]),
            nickname="Demo Admin",
            role=Role.ADMIN,
        ),
    ]
    # the generated reviewers never log in: one shared unusable hash keeps the demo start fast
    unusable = await hash_password(secrets.token_urlsafe(32))
    users += [
        User(username=u.username, password_hash=unusable, nickname=u.nickname, signature=u.signature)
        for u in data.users
    ]
    async with transaction(session):
        session.add_all(users)
    user_ids = {user.username: user.id for user in users}
    product_rows = await session.exec(select(Product.asin, Product.id).where(col(Product.asin).is_not(None)))
    product_ids = dict(product_rows.all())
    now = utcnow()
    ratings: dict[int, list[int]] = defaultdict(list)
    reviews = []
    for review in data.reviews:
        product_id = product_ids.get(review.product_asin)
        user_id = user_ids.get(review.username)
        if product_id is None or user_id is None:
            continue
        ratings[product_id].append(review.stars)
        reviews.append(
            Review(
                product_id=product_id,
                user_id=user_id,
                stars=review.stars,
                title=review.title,
                text=review.text,
                created_at=now - timedelta(days=review.days_ago),
            )
        )
    async with transaction(session):
        session.add_all(reviews)
        for product_id, stars in ratings.items():
            await session.exec(
                update(Product)
                .where(col(Product.id) == product_id)
                .values(rating_sum=sum(stars), rating_count=len(stars), sales=len(stars) * 3)
            )
    return DemoReport(
        created=True,
        products=imported.created,
        users=len(users),
        reviews=len(reviews),
        passwords=passwords,
    )
