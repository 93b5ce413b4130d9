"""Granting coupons: never more than the template's quantity, nor more per user than its limit."""

from __future__ import annotations

from typing import Any

import pytest

from resolvers import coupons
from resolvers.coupons import CouponErrorCode
from resolvers.errors import DomainError
from tests.factories import make_coupon_template, make_user, pk


async def test_grants_stop_at_the_per_user_limit_and_the_total(session: Any) -> None:
    template_id = pk(await make_coupon_template(session, total_quantity=3, per_user_limit=2))
    first, second = pk(await make_user(session)), pk(await make_user(session))
    await coupons.grant_coupon(session, template_id, first)
    await coupons.grant_coupon(session, template_id, first)
    with pytest.raises(DomainError) as limit:
        await coupons.grant_coupon(session, template_id, first)
    assert limit.value.errors[0].code == CouponErrorCode.LIMIT_REACHED
    await coupons.grant_coupon(session, template_id, second)
    with pytest.raises(DomainError) as sold_out:
        await coupons.grant_coupon(session, template_id, second)
    assert sold_out.value.errors[0].code == CouponErrorCode.SOLD_OUT
    template = (await coupons.templates_by_ids(session, [template_id]))[0]
    assert template is not None
    await session.refresh(template)
    assert template.granted == 3  # the refused grant rolled its count back
