"""The pricing job (LLM through the fake OpenAI server, and the local model) and the review rules."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import col, select

from db.tables import JobState, PriceSuggestion, Product, Role, SuggestionStatus
from resolvers import jobs, pricing
from resolvers.errors import DomainError
from resolvers.pricing import PricingErrorCode
from tests.factories import make_leaf, make_product, make_user
from tests.fakes.openai_server import (  # noqa: F401  (fixtures re-exported for pytest)
    FAKE_API_KEY,
    FakeOpenAIServer,
    HttpError,
    Reply,
    fake_openai,
    fake_openai_server,
)
from tests.workers.conftest import read_job
from workers.context import Resources
from workers.runner import execute

CAP = Decimal("0.15")


def answer(*entries: tuple[int | None, str]) -> str:
    return json.dumps({"prices": [{"id": pid, "price": price} for pid, price in entries]})


async def start(resources: Resources, **args: Any) -> int:
    async with resources.store.session() as session:
        job = await jobs.create_job(session, "price_products", args)
    assert job.id is not None
    return job.id


async def suggestions(resources: Resources) -> list[PriceSuggestion]:
    async with resources.store.session() as session:
        return list(await session.exec(select(PriceSuggestion).order_by(col(PriceSuggestion.product_id))))


async def test_llm_prices_become_pending_suggestions_and_malformed_ones_are_reported(
    llm_resources: Resources,
    fake_openai: FakeOpenAIServer,  # noqa: F811
) -> None:
    # given: three products; the model never gives the third a clean price
    async with llm_resources.store.session() as session:
        leaf = await make_leaf(session, "Pantry", "Canned", "Beans")
        ids = [(await make_product(session, leaf, name=f"Beans {n}")).id or 0 for n in range(3)]
    fake_openai.push(
        Reply(answer((ids[0], "3.49"), (ids[1], "4.10"), (ids[2], "cheap"))),
        Reply("I would say about two dollars."),
    )
    job_id = await start(llm_resources)

    # when
    assert await execute(llm_resources, job_id) is None

    # then
    done = await read_job(llm_resources.store, job_id)
    assert done.state == JobState.SUCCEEDED, done.error
    assert done.result is not None
    assert done.result["source"] == "llm"
    assert (done.result["suggested"], done.result["unpriced_ids"]) == (2, [ids[2]])
    rows = await suggestions(llm_resources)
    # both are more than 15% below 9.50: capped, the model's price kept beside
    assert [(row.product_id, row.suggested_price, row.model_price, row.status) for row in rows] == [
        (ids[0], Decimal("8.08"), Decimal("3.49"), SuggestionStatus.PENDING),
        (ids[1], Decimal("8.08"), Decimal("4.10"), SuggestionStatus.PENDING),
    ]
    assert all(row.previous_price == Decimal("9.50") for row in rows)
    assert "Pantry > Canned > Beans" in fake_openai.chat_requests[0].prompt


async def test_llm_outage_retries_the_job_which_resumes_after_the_priced_batches(
    llm_resources: Resources,
    fake_openai: FakeOpenAIServer,  # noqa: F811
) -> None:
    async with llm_resources.store.session() as session:
        leaf = await make_leaf(session)
        first, second = [(await make_product(session, leaf)).id or 0 for _ in range(2)]
    fake_openai.push(Reply(answer((first, "1.25"))), HttpError(503), HttpError(503))
    job_id = await start(llm_resources, batch_size=1)

    delay = await execute(llm_resources, job_id)

    assert delay is not None
    assert (await read_job(llm_resources.store, job_id)).state == JobState.QUEUED
    fake_openai.push(Reply(answer((second, "2.50"))))
    assert await execute(llm_resources, job_id) is None
    done = await read_job(llm_resources.store, job_id)
    assert done.state == JobState.SUCCEEDED
    assert done.attempts == 2
    assert [(row.product_id, row.model_price) for row in await suggestions(llm_resources)] == [
        (first, Decimal("1.25")),
        (second, Decimal("2.50")),
    ]
    # the first product was asked about once: the second try started at the second batch
    assert sum(f'"id": {first},' in request.prompt for request in fake_openai.chat_requests) == 1


async def test_local_model_suggests_prices_and_reports_its_held_out_error(resources: Resources) -> None:
    async with resources.store.session() as session:
        cheap = await make_leaf(session, "Spices", "Salt", "Sea salt")
        dear = await make_leaf(session, "Oils", "Olive", "Extra virgin")
        for n in range(15):
            await make_product(session, cheap, name=f"Sea salt {n} oz", price=Decimal("3.00") + n)
            await make_product(session, dear, name=f"Olive oil {n} liters", price=Decimal("30.00") + n)
    job_id = await start(resources, source="local")

    assert await execute(resources, job_id) is None

    done = await read_job(resources.store, job_id)
    assert done.state == JobState.SUCCEEDED, done.error
    assert done.result is not None
    assert done.result["source"] == "local"
    assert done.result["suggested"] == 30
    assert done.result["trained_on"] == 30
    assert 0 <= done.result["holdout_mape"] < 1
    assert "holdout_baseline_mape" in done.result
    rows = await suggestions(resources)
    assert all(row.suggested_price > 0 for row in rows)
    assert all(row.model.startswith("local:") for row in rows)
    for row in rows:
        reason = pricing.reason_of(row)
        assert reason.comparables
        assert row.product_id not in {c.product_id for c in reason.comparables}
        assert pricing.change_share(row.previous_price, row.suggested_price) <= CAP


async def test_local_model_refuses_a_catalog_too_small_to_learn_from(resources: Resources) -> None:
    async with resources.store.session() as session:
        await make_product(session, await make_leaf(session))
    job_id = await start(resources, source="local")

    await execute(resources, job_id)

    done = await read_job(resources.store, job_id)
    assert done.state == JobState.FAILED
    assert done.error is not None
    assert "at least 20 priced products" in done.error


async def test_llm_pricing_without_a_configured_llm_fails_clearly(resources: Resources) -> None:
    async with resources.store.session() as session:
        await make_product(session, await make_leaf(session))
    job_id = await start(resources, source="llm")

    await execute(resources, job_id)

    done = await read_job(resources.store, job_id)
    assert done.state == JobState.FAILED
    assert done.error is not None
    assert "configured" in done.error


# ---- review ----


async def suggest(session: Any, product: Product, price: str) -> PriceSuggestion:
    from db.tables import PriceSource

    row = PriceSuggestion(
        product_id=product.id or 0,
        suggested_price=Decimal(price),
        previous_price=product.price,
        source=PriceSource.LLM,
        model="test",
    )
    session.add(row)
    await session.commit()
    return row


async def test_accepting_a_suggestion_sets_the_selling_price(session: Any) -> None:
    admin = await make_user(session, role=Role.ADMIN)
    product = await make_product(session, await make_leaf(session))
    row = await suggest(session, product, "10.00")

    [accepted] = await pricing.accept_suggestions(session, [row.id or 0], admin.id or 0, CAP)

    assert accepted.status == SuggestionStatus.ACCEPTED
    assert accepted.decided_by == admin.id
    await session.refresh(product)
    assert product.price == Decimal("10.00")


async def test_bulk_accept_is_all_or_nothing(session: Any) -> None:
    admin = await make_user(session, role=Role.ADMIN)
    leaf = await make_leaf(session)
    first = await make_product(session, leaf)
    second = await make_product(session, leaf)
    good = await suggest(session, first, "1.00")
    decided = await suggest(session, second, "2.00")
    await pricing.reject_suggestion(session, decided.id or 0, admin.id or 0)

    with pytest.raises(DomainError) as raised:
        await pricing.accept_suggestions(
            session, [good.id or 0, decided.id or 0], admin.id or 0, CAP, confirm_larger_change=True
        )

    assert [(e.code, e.field) for e in raised.value.errors] == [(PricingErrorCode.NOT_PENDING, "ids.1")]
    await session.refresh(first)
    assert first.price == Decimal("9.50")


async def test_bulk_accept_takes_at_most_100(session: Any) -> None:
    with pytest.raises(DomainError) as raised:
        await pricing.accept_suggestions(session, list(range(1, 102)), 1, CAP)
    assert raised.value.errors[0].code == PricingErrorCode.TOO_MANY


async def test_the_cap_applies_to_llm_suggestions_and_keeps_the_models_price(
    llm_resources: Resources,
    fake_openai: FakeOpenAIServer,  # noqa: F811
) -> None:
    async with llm_resources.store.session() as session:
        leaf = await make_leaf(session, "Pantry", "Canned", "Beans")
        ids = [(await make_product(session, leaf, name=f"Beans {n} 15 oz")).id or 0 for n in range(3)]
    fake_openai.push(Reply(answer((ids[0], "30.00"), (ids[1], "9.00"), (ids[2], "1.00"))))
    job_id = await start(llm_resources)

    assert await execute(llm_resources, job_id) is None

    rows = await suggestions(llm_resources)
    # 9.50 now; the cap is MALL_PRICING_MAX_CHANGE = 15%
    assert [(r.suggested_price, r.model_price) for r in rows] == [
        (Decimal("10.93"), Decimal("30.00")),
        (Decimal("9.00"), None),
        (Decimal("8.08"), Decimal("1.00")),
    ]
    for row in rows:
        reason = pricing.reason_of(row)
        assert reason.summary
        assert reason.capped == (row.model_price is not None)
        assert row.product_id not in {c.product_id for c in reason.comparables}
        assert len(reason.comparables) == 2


async def test_a_change_above_the_cap_is_refused_without_confirmation_and_applied_with_it(
    session: Any,
) -> None:
    admin = await make_user(session, role=Role.ADMIN)
    product = await make_product(session, await make_leaf(session))
    row = await suggest(session, product, "20.00")
    # ids read before the refusal: its rollback expires the loaded rows
    row_id, admin_id = row.id or 0, admin.id or 0

    with pytest.raises(DomainError) as raised:
        await pricing.accept_suggestions(session, [row_id], admin_id, CAP)
    assert [(e.code, e.field) for e in raised.value.errors] == [
        (PricingErrorCode.CHANGE_TOO_LARGE, "confirmLargerChange")
    ]
    await session.refresh(product)
    assert product.price == Decimal("9.50")

    await pricing.accept_suggestions(session, [row_id], admin_id, CAP, confirm_larger_change=True)
    await session.refresh(product)
    assert product.price == Decimal("20.00")


async def test_a_bad_price_is_a_typed_error(session: Any) -> None:
    admin = await make_user(session, role=Role.ADMIN)
    row = await suggest(session, await make_product(session, await make_leaf(session)), "10.00")
    row_id, admin_id = row.id or 0, admin.id or 0
    for bad in (Decimal("0"), Decimal("-1"), Decimal("1.234"), Decimal("1000000")):
        with pytest.raises(DomainError) as raised:
            await pricing.accept_suggestions(session, [row_id], admin_id, CAP, price=bad)
        assert [(e.code, e.field) for e in raised.value.errors] == [(PricingErrorCode.INVALID_PRICE, "price")]
