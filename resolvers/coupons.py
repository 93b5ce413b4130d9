"""Coupons: templates admins define, coupons granted to users, and what a coupon takes off an order.

grant_coupon commits on its own (the admin's mutation); issue_coupon does the same work inside
a caller's transaction without committing (the loans feature grants coupons that way).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from sqlalchemy import func, update
from sqlmodel import and_, col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from db.tables import Category, CouponKind, CouponStatus, CouponTemplate, User, UserCoupon
from db.transaction import transaction
from db.types import CENT, utcnow
from resolvers.catalog import categories_by_ids
from resolvers.errors import Collector, DomainError
from resolvers.paging import Page, PageRequest

MAX_VALUE = Decimal("99999999.99")
MAX_QUANTITY = 1_000_000
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 12


class CouponErrorCode(StrEnum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    SOLD_OUT = "sold_out"
    LIMIT_REACHED = "limit_reached"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    USED = "used"
    MIN_SPEND_NOT_MET = "min_spend_not_met"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class TemplateFields:
    name: str
    kind: CouponKind
    value: Decimal
    valid_from: datetime
    valid_until: datetime
    total_quantity: int
    min_spend: Decimal = Decimal("0.00")
    per_user_limit: int = 1
    category_id: int | None = None


@dataclass(frozen=True)
class PricedLine:
    """One order or cart line as a coupon sees it."""

    category_id: int
    line_total: Decimal


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def effective_status(coupon: UserCoupon, template: CouponTemplate, now: datetime) -> CouponStatus:
    """An available coupon past its template's window reads as expired; nothing rewrites the row."""
    if coupon.status == CouponStatus.AVAILABLE and now > template.valid_until:
        return CouponStatus.EXPIRED
    return CouponStatus(coupon.status)


async def create_template(session: AsyncSession, fields: TemplateFields) -> CouponTemplate:
    errors = Collector()
    if not 1 <= len(fields.name.strip()) <= 100:
        errors.add(CouponErrorCode.INVALID, "a name of 1 to 100 characters", "name")
    if fields.value != fields.value.quantize(CENT) or fields.value <= 0 or fields.value > MAX_VALUE:
        errors.add(CouponErrorCode.INVALID, "a positive value with at most two decimals", "value")
    elif fields.kind == CouponKind.PERCENT and fields.value > 100:
        errors.add(CouponErrorCode.INVALID, "a percentage is at most 100", "value")
    if fields.min_spend < 0 or fields.min_spend != fields.min_spend.quantize(CENT):
        errors.add(CouponErrorCode.INVALID, "a minimum spend of 0 or more, in cents", "minSpend")
    if fields.valid_from.tzinfo is None or fields.valid_until.tzinfo is None:
        errors.add(CouponErrorCode.INVALID, "times need a time zone", "validUntil")
    elif fields.valid_until <= fields.valid_from:
        errors.add(CouponErrorCode.INVALID, "the window must end after it starts", "validUntil")
    if not 1 <= fields.total_quantity <= MAX_QUANTITY:
        errors.add(CouponErrorCode.INVALID, f"a quantity from 1 to {MAX_QUANTITY}", "totalQuantity")
    if not 1 <= fields.per_user_limit <= fields.total_quantity:
        errors.add(CouponErrorCode.INVALID, "a per-user limit from 1 to the quantity", "perUserLimit")
    errors.raise_if_any()
    if fields.category_id is not None and await session.get(Category, fields.category_id) is None:
        raise DomainError.of(CouponErrorCode.NOT_FOUND, "no such category", "categoryId")
    template = CouponTemplate(
        name=fields.name.strip(),
        kind=fields.kind,
        value=fields.value,
        min_spend=fields.min_spend,
        valid_from=fields.valid_from,
        valid_until=fields.valid_until,
        total_quantity=fields.total_quantity,
        per_user_limit=fields.per_user_limit,
        category_id=fields.category_id,
    )
    async with transaction(session):
        session.add(template)
    return template


async def issue_coupon(
    session: AsyncSession, template_id: int, user_id: int, *, now: datetime | None = None
) -> UserCoupon:
    """Grants one coupon inside the caller's transaction (no commit); a raise means roll back."""
    now = now or utcnow()
    template = await session.get(CouponTemplate, template_id)
    if template is None:
        raise DomainError.of(CouponErrorCode.NOT_FOUND, "no such coupon template", "templateId")
    if now > template.valid_until:
        raise DomainError.of(CouponErrorCode.EXPIRED, "this coupon template has expired", "templateId")
    if await session.get(User, user_id) is None:
        raise DomainError.of(CouponErrorCode.NOT_FOUND, "no such user", "userId")
    # one conditional UPDATE: never more granted than exist; on MySQL it also locks the template
    # row, so the per-user count below cannot race another grant of the same template
    taken = await session.exec(
        update(CouponTemplate)
        .where(
            col(CouponTemplate.id) == template_id,
            col(CouponTemplate.granted) < col(CouponTemplate.total_quantity),
        )
        .values(granted=col(CouponTemplate.granted) + 1)
    )
    if taken.rowcount != 1:
        raise DomainError.of(
            CouponErrorCode.SOLD_OUT, "every coupon of this template is granted", "templateId"
        )
    held = await session.exec(
        select(func.count())
        .select_from(UserCoupon)
        .where(UserCoupon.user_id == user_id, UserCoupon.template_id == template_id)
    )
    if held.one() >= template.per_user_limit:
        raise DomainError.of(
            CouponErrorCode.LIMIT_REACHED, "the user holds as many of these as allowed", "userId"
        )
    coupon = UserCoupon(code=_new_code(), template_id=template_id, user_id=user_id, granted_at=now)
    session.add(coupon)
    await session.flush()
    return coupon


async def grant_coupon(
    session: AsyncSession, template_id: int, user_id: int, *, now: datetime | None = None
) -> UserCoupon:
    """Grants one coupon and commits (an admin's grant)."""
    async with transaction(session):
        return await issue_coupon(session, template_id, user_id, now=now)


async def list_templates(session: AsyncSession, page: PageRequest) -> Page[CouponTemplate]:
    rows = await session.exec(
        select(CouponTemplate)
        .order_by(col(CouponTemplate.id).desc())
        .offset(page.offset)
        .limit(page.limit + 1)
    )
    return Page.from_overfetch(list(rows), page)


async def templates_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[CouponTemplate | None]:
    rows = await session.exec(select(CouponTemplate).where(col(CouponTemplate.id).in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(key) for key in ids]


async def list_user_coupons(
    session: AsyncSession, user_id: int, status: CouponStatus | None = None, now: datetime | None = None
) -> list[UserCoupon]:
    """The user's coupons, newest first; status filters by what the user sees (expired included)."""
    now = now or utcnow()
    query = (
        select(UserCoupon)
        .join(CouponTemplate, col(CouponTemplate.id) == UserCoupon.template_id)
        .where(UserCoupon.user_id == user_id)
    )
    if status == CouponStatus.AVAILABLE:
        query = query.where(
            UserCoupon.status == CouponStatus.AVAILABLE, col(CouponTemplate.valid_until) >= now
        )
    elif status == CouponStatus.EXPIRED:
        query = query.where(
            or_(
                UserCoupon.status == CouponStatus.EXPIRED,
                and_(col(UserCoupon.status) == CouponStatus.AVAILABLE, col(CouponTemplate.valid_until) < now),
            )
        )
    elif status == CouponStatus.USED:
        query = query.where(UserCoupon.status == CouponStatus.USED)
    rows = await session.exec(query.order_by(col(UserCoupon.id).desc()).limit(200))
    return list(rows)


async def find_usable_coupon(
    session: AsyncSession, user_id: int, code: str, now: datetime
) -> tuple[UserCoupon, CouponTemplate]:
    """The user's own available coupon in its validity window; someone else's code is not found."""
    row = (
        await session.exec(
            select(UserCoupon, CouponTemplate)
            .join(CouponTemplate, col(CouponTemplate.id) == UserCoupon.template_id)
            .where(UserCoupon.code == code.strip().upper())
        )
    ).first()
    if row is None or row[0].user_id != user_id:
        raise DomainError.of(CouponErrorCode.NOT_FOUND, "you hold no coupon with this code", "couponCode")
    coupon, template = row
    if coupon.status == CouponStatus.USED:
        raise DomainError.of(CouponErrorCode.USED, "this coupon has been used", "couponCode")
    if effective_status(coupon, template, now) == CouponStatus.EXPIRED:
        raise DomainError.of(CouponErrorCode.EXPIRED, "this coupon has expired", "couponCode")
    if now < template.valid_from:
        raise DomainError.of(CouponErrorCode.NOT_YET_VALID, "this coupon is not valid yet", "couponCode")
    return coupon, template


async def discount_for(
    session: AsyncSession, template: CouponTemplate, lines: Sequence[PricedLine]
) -> Decimal:
    """What the coupon takes off: only lines in its category subtree count, never more than they cost."""
    eligible = list(lines)
    if template.category_id is not None:
        scope, *_ = await categories_by_ids(session, [template.category_id])
        categories = await categories_by_ids(session, sorted({line.category_id for line in lines}))
        inside = {c.id for c in categories if c is not None and scope and c.path.startswith(scope.path)}
        eligible = [line for line in lines if line.category_id in inside]
    eligible_total = sum((line.line_total for line in eligible), Decimal("0.00"))
    if eligible_total <= 0:
        raise DomainError.of(
            CouponErrorCode.NOT_APPLICABLE, "nothing in this order is covered by the coupon", "couponCode"
        )
    if eligible_total < template.min_spend:
        raise DomainError.of(
            CouponErrorCode.MIN_SPEND_NOT_MET,
            f"the coupon needs a spend of at least {template.min_spend}",
            "couponCode",
        )
    if template.kind == CouponKind.FIXED:
        discount = template.value
    else:
        # never rounded up: 99.99% off 0.50 is 0.49 off, not the whole price
        discount = (eligible_total * template.value / 100).quantize(CENT, rounding=ROUND_DOWN)
    return min(discount, eligible_total).quantize(CENT)
