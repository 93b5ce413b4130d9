"""Loans: profile and history, the purchase-based score, quotes, accepting, repaying, overdue, the ledger."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from db.relational import RelationalStore
from db.tables import (
    CouponStatus,
    Education,
    InstallmentStatus,
    LedgerKind,
    Loan,
    LoanDecision,
    LoanInstallment,
    LoanStatus,
    OfferStatus,
    OrderStatus,
    PropertyArea,
    User,
    Wallet,
    WalletEntry,
)
from db.transaction import transaction
from db.types import utcnow
from ml.loans.credit_limit import LimitPolicy
from ml.loans.offers import repayment_schedule
from resolvers import coupons, loans, wallet
from resolvers.errors import DomainError
from resolvers.loans import LoanErrorCode, LoanModelProvider, LoanPolicy, QuoteRequest
from tests.factories import (
    make_coupon_template,
    make_established,
    make_order,
    make_profile,
    make_user,
    pk,
    trained_loan_model,
)


@pytest.fixture
def provider(tmp_path: Path) -> LoanModelProvider:
    return LoanModelProvider(tmp_path / "unused", model=trained_loan_model())


@pytest.fixture
def policy() -> LoanPolicy:
    """The default policy with the credit limit lifted: the limit has its own tests below."""
    lifted = Decimal("50000.00")
    return LoanPolicy(limit=LimitPolicy(starting_limit=lifted, new_account_cap=lifted))


def codes(exc: pytest.ExceptionInfo[DomainError]) -> set[str]:
    return {str(error.code) for error in exc.value.errors}


async def quote(
    session: Any,
    provider: LoanModelProvider,
    policy: LoanPolicy,
    user: User,
    amount: str = "2000.00",
    term: int = 12,
) -> loans.Quote:
    return await loans.quote_loan(
        session, provider, policy, user, QuoteRequest(Decimal(amount), term, "a new fridge")
    )


async def borrow(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy, user: User, **kw: Any
) -> Loan:
    result = await quote(session, provider, policy, user, **kw)
    offer = next(o for o in result.offers if o.term_months == result.quote.term_months)
    return await loans.accept_offer(session, policy, pk(user), pk(offer))


async def balance(session: Any, user: User | int) -> Decimal:
    """By id after a refused operation: its rollback expired every loaded row."""
    return (await wallet.get_wallet(session, user if isinstance(user, int) else pk(user))).balance


# ---- profile ----


async def test_profile_rejects_negative_and_absurd_amounts_all_at_once(session: Any) -> None:
    user = await make_user(session)
    with pytest.raises(DomainError) as caught:
        await make_profile(
            session,
            user,
            applicant_income=Decimal("-1.00"),
            coapplicant_income=Decimal("5000000.00"),
            monthly_debt=Decimal("0.001"),
            dependents=4,
        )
    fields = {error.field for error in caught.value.errors}
    assert fields == {"applicantIncome", "coapplicantIncome", "monthlyDebt", "dependents"}
    assert await loans.get_profile(session, pk(user)) is None


async def test_profile_changes_are_kept_in_history(session: Any) -> None:
    user = await make_user(session)
    await make_profile(session, user, applicant_income=Decimal("3000.00"))
    profile = await make_profile(
        session, user, applicant_income=Decimal("3500.00"), property_area=PropertyArea.RURAL
    )
    assert profile.version == 2
    assert profile.applicant_income == Decimal("3500.00")
    history = await loans.profile_history(session, pk(user))
    assert [(h.version, h.applicant_income) for h in history] == [
        (2, Decimal("3500.00")),
        (1, Decimal("3000.00")),
    ]
    assert history[0].property_area == PropertyArea.RURAL
    assert history[1].education == Education.GRADUATE


# ---- credit score ----


async def test_score_rises_with_completed_orders_and_falls_with_cancellations(session: Any) -> None:
    user = await make_user(session)
    thin = await loans.credit_for(session, user)
    assert thin.result.thin_file
    assert thin.credit_history is None  # unknown, not assumed "meets the guidelines"
    for days in (5, 40, 70, 100):
        await make_order(session, user, OrderStatus.COMPLETED, days_ago=days)
    buyer = await loans.credit_for(session, user)
    await make_order(session, user, OrderStatus.CANCELLED)
    await make_order(session, user, OrderStatus.CLOSED)
    canceller = await loans.credit_for(session, user)
    assert buyer.score != thin.score
    assert canceller.score < buyer.score
    assert canceller.history.cancellations == 2
    factors = {f.name: f.points for f in canceller.result.factors}
    assert factors["cancellation_rate"] < 0
    assert sum(factors.values()) == canceller.score - canceller.result.base


async def test_score_is_credit_history_only_when_not_stated(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user, meets_credit_guideline=False)
    stated = await quote(session, provider, policy, user)
    assert stated.quote.credit_history is False
    assert not stated.quote.credit_history_from_score
    await make_profile(session, user, meets_credit_guideline=None)
    derived = await quote(session, provider, policy, user)
    assert derived.quote.credit_history_from_score
    assert derived.quote.credit_history is None  # a thin file is unknown to the model


async def test_on_time_repayments_raise_the_score_and_missed_ones_lower_it(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    await make_order(session, user, OrderStatus.COMPLETED)  # a history to compare with
    loan = await borrow(session, provider, policy, user, amount="600.00", term=3)
    before = await loans.credit_for(session, user)
    first = (await loans.installments_by_loan_ids(session, [pk(loan)]))[0][0]
    await loans.repay_loan(session, pk(user), pk(loan), first.amount_due)
    after = await loans.credit_for(session, user)
    assert after.history.instalments_on_time == 1
    assert after.score > before.score
    await loans.mark_overdue_installments(session, utcnow() + timedelta(days=200))
    missed = await loans.credit_for(session, user)
    assert missed.history.instalments_missed == 2
    assert missed.score < after.score


# ---- quotes ----


async def test_quote_offers_every_term_with_amortised_instalments(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    result = await quote(session, provider, policy, user, amount="2000.00", term=12)
    assert result.quote.decision == LoanDecision.APPROVED
    assert [o.term_months for o in result.offers] == [3, 6, 12, 24]
    for offer in result.offers:
        # the last instalment absorbs rounding: total is within a cent per instalment of level x term
        assert (
            abs(offer.monthly_installment * offer.term_months - offer.total_repayable)
            <= Decimal("0.01") * offer.term_months
        )
        assert offer.total_repayable - offer.total_interest == Decimal("2000.00")
        schedule = repayment_schedule(Decimal("2000.00"), offer.apr_percent, offer.term_months)
        assert sum(line.principal for line in schedule) == Decimal("2000.00")
        assert sum(line.payment for line in schedule) == offer.total_repayable
    assert result.quote.expires_at == result.quote.created_at + timedelta(minutes=policy.quote_minutes)


async def test_affordability_rule_excludes_offers(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    # 40% of 2,000 is 800, less 500 of debt: 300 a month is left for an instalment
    await make_profile(session, user, applicant_income=Decimal("2000.00"), monthly_debt=Decimal("500.00"))
    result = await quote(session, provider, policy, user, amount="1500.00", term=3)
    by_term = {o.term_months: o for o in result.offers}
    assert by_term[3].status == OfferStatus.UNAFFORDABLE  # about 512 a month
    assert result.quote.decision == LoanDecision.UNAFFORDABLE
    assert by_term[24].monthly_installment + Decimal("500.00") <= Decimal("800.00")
    assert by_term[24].status == OfferStatus.AVAILABLE


async def test_max_amount_is_approved_affordable_and_within_limits(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user, applicant_income=Decimal("3000.00"))
    result = await quote(session, provider, policy, user, amount="1000.00", term=12)
    top = result.quote.max_amount
    assert top is not None
    assert policy.min_amount <= top <= policy.max_amount
    at_top = await quote(session, provider, policy, user, amount=str(top), term=12)
    requested = next(o for o in at_top.offers if o.term_months == 12)
    assert requested.status == OfferStatus.AVAILABLE
    beyond = await quote(session, provider, policy, user, amount=str(policy.max_amount), term=12)
    assert beyond.quote.decision != LoanDecision.APPROVED


async def test_amounts_and_terms_outside_the_policy_are_refused(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    for amount, term, code in (
        ("0.00", 12, LoanErrorCode.AMOUNT_OUT_OF_RANGE),
        ("50000.01", 12, LoanErrorCode.AMOUNT_OUT_OF_RANGE),
        ("1000.005", 12, LoanErrorCode.INVALID),
        ("1000.00", 7, LoanErrorCode.TERM_NOT_OFFERED),
    ):
        with pytest.raises(DomainError) as caught:
            await quote(session, provider, policy, user, amount=amount, term=term)
        assert codes(caught) == {code}


async def test_a_quote_needs_a_financial_profile(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    with pytest.raises(DomainError) as caught:
        await quote(session, provider, policy, user)
    assert codes(caught) == {LoanErrorCode.PROFILE_REQUIRED}


async def test_missing_or_corrupt_model_file_is_model_unavailable(
    session: Any, policy: LoanPolicy, tmp_path: Path
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    missing = LoanModelProvider(tmp_path / "nothing-here")
    with pytest.raises(DomainError) as caught:
        await quote(session, missing, policy, user)
    assert codes(caught) == {LoanErrorCode.MODEL_UNAVAILABLE}
    assert "mall loan train" in caught.value.errors[0].message
    saved = trained_loan_model().save(tmp_path / "model")
    (saved / "loan_model.pkl").write_bytes(b"not a pickle")
    with pytest.raises(DomainError) as corrupt:
        await quote(session, LoanModelProvider(saved), policy, user)
    assert codes(corrupt) == {LoanErrorCode.MODEL_UNAVAILABLE}


# ---- credit limit (the default policy, not the lifted fixture) ----


async def test_a_new_account_with_one_small_order_is_offered_a_small_limit(
    session: Any, provider: LoanModelProvider
) -> None:
    # given: the account the audit found, opened today with one $56 delivered order
    policy = LoanPolicy()
    user = await make_user(session)
    await make_profile(session, user, applicant_income=Decimal("9000.00"))
    await make_order(session, user, OrderStatus.COMPLETED, "56.00", days_ago=0)
    # when
    result = await quote(session, provider, policy, user, amount="2000.00", term=12)
    # then: 500 + 3 x 56 = 668, a round 660; the model and the 40% rule alone would allow far more
    assert result.limit.amount == Decimal("660.00")
    assert result.limit.binding == "earned"
    assert result.quote.decision == LoanDecision.OVER_LIMIT
    assert {o.status for o in result.offers} == {OfferStatus.OVER_LIMIT}
    assert result.quote.max_amount is not None
    assert result.quote.max_amount <= Decimal("660.00")
    offer = next(o for o in result.offers if o.term_months == 12)
    with pytest.raises(DomainError) as refused:
        await loans.accept_offer(session, policy, pk(user), pk(offer))
    assert codes(refused) == {LoanErrorCode.OFFER_NOT_AVAILABLE}
    assert "credit limit" in refused.value.errors[0].message
    assert await balance(session, user) == Decimal("0.00")


async def test_a_new_account_is_capped_however_much_it_bought(
    session: Any, provider: LoanModelProvider
) -> None:
    user = await make_user(session)
    await make_profile(session, user, applicant_income=Decimal("20000.00"))
    await make_order(session, user, OrderStatus.COMPLETED, "3000.00", days_ago=5)
    result = await quote(session, provider, LoanPolicy(), user, amount="900.00", term=12)
    assert result.limit.amount == Decimal("1000.00")
    assert result.limit.binding == "account_age"
    assert result.quote.decision == LoanDecision.APPROVED
    assert result.quote.max_amount == Decimal("1000.00")


async def test_only_delivered_orders_earn_limit(session: Any, provider: LoanModelProvider) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    for status in (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED):
        await make_order(session, user, status, "800.00")
    result = await quote(session, provider, LoanPolicy(), user, amount="500.00", term=12)
    assert result.limit.amount == Decimal("500.00")  # the starting limit: nothing delivered yet
    assert result.credit.history.delivered_orders == 0


async def test_the_limit_grows_with_age_and_delivered_history(
    session: Any, provider: LoanModelProvider
) -> None:
    user = await make_user(session)
    await make_profile(session, user, applicant_income=Decimal("9000.00"))
    await make_established(session, user, days=800, delivered="2000.00")
    result = await quote(session, provider, LoanPolicy(), user, amount="6000.00", term=24)
    assert result.limit.amount == Decimal("6500.00")
    assert result.quote.decision != LoanDecision.OVER_LIMIT
    assert result.quote.max_amount is not None
    assert result.quote.max_amount <= Decimal("6500.00")


async def test_stated_income_bounds_the_amount_below_the_limit(
    session: Any, provider: LoanModelProvider
) -> None:
    user = await make_user(session)
    await make_profile(session, user, applicant_income=Decimal("600.00"), monthly_debt=Decimal("150.00"))
    await make_established(session, user, days=800, delivered="5000.00")
    result = await quote(session, provider, LoanPolicy(), user, amount="1000.00", term=6)
    assert result.limit.amount == Decimal("15500.00")
    # 40% of 600 is 240 a month, 150 of it taken: about 90 a month over 6 months
    assert result.quote.max_amount is None or result.quote.max_amount < Decimal("600.00")


# ---- accepting ----


async def test_accepting_disburses_the_principal_and_grants_the_coupon(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    template = await make_coupon_template(session, name="Welcome back, borrower")
    policy = replace(policy, coupon_template_id=pk(template))
    user = await make_user(session)
    await make_profile(session, user)
    loan = await borrow(session, provider, policy, user, amount="2000.00", term=6)
    assert loan.status == LoanStatus.ACTIVE
    assert loan.principal == Decimal("2000.00")
    assert await balance(session, user) == Decimal("2000.00")
    installments = (await loans.installments_by_loan_ids(session, [pk(loan)]))[0]
    assert [i.number for i in installments] == [1, 2, 3, 4, 5, 6]
    assert sum(i.principal for i in installments) == Decimal("2000.00")
    assert sum(i.amount_due for i in installments) == loan.total_due
    held = await coupons.list_user_coupons(session, pk(user), CouponStatus.AVAILABLE)
    assert [c.code for c in held] == [loan.coupon_code]


async def test_a_sold_out_coupon_does_not_block_the_loan(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    template = await make_coupon_template(session, total_quantity=1, per_user_limit=1)
    policy = replace(policy, coupon_template_id=pk(template), max_active_loans=2)
    user = await make_user(session)
    await make_profile(session, user)
    first = await borrow(session, provider, policy, user, amount="1000.00")
    second = await borrow(session, provider, policy, user, amount="1000.00")
    assert first.coupon_code is not None
    assert second.coupon_code is None
    assert await balance(session, user) == Decimal("2000.00")


async def test_an_expired_offer_cannot_be_accepted(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    result = await quote(session, provider, policy, user)
    offer = next(o for o in result.offers if o.status == OfferStatus.AVAILABLE)
    later = utcnow() + timedelta(minutes=policy.quote_minutes + 1)
    with pytest.raises(DomainError) as caught:
        await loans.accept_offer(session, policy, pk(user), pk(offer), now=later)
    assert codes(caught) == {LoanErrorCode.QUOTE_EXPIRED}
    assert await balance(session, user) == Decimal("0.00")


async def test_someone_elses_offer_is_not_found(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    owner, thief = await make_user(session), await make_user(session)
    await make_profile(session, owner)
    await make_profile(session, thief)
    result = await quote(session, provider, policy, owner)
    with pytest.raises(DomainError) as caught:
        await loans.accept_offer(session, policy, pk(thief), pk(result.offers[0]))
    assert codes(caught) == {LoanErrorCode.NOT_FOUND}
    assert await balance(session, thief) == Decimal("0.00")


async def test_a_declined_or_unaffordable_offer_cannot_be_accepted(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user, applicant_income=Decimal("2000.00"), monthly_debt=Decimal("500.00"))
    result = await quote(session, provider, policy, user, amount="1500.00", term=3)
    unaffordable = next(o for o in result.offers if o.status == OfferStatus.UNAFFORDABLE)
    with pytest.raises(DomainError) as caught:
        await loans.accept_offer(session, policy, pk(user), pk(unaffordable))
    assert codes(caught) == {LoanErrorCode.OFFER_NOT_AVAILABLE}


async def test_racing_acceptances_of_one_quote_make_one_loan(
    session: Any, store: RelationalStore, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    result = await quote(session, provider, policy, user, amount="1000.00", term=24)
    available = [pk(o) for o in result.offers if o.status == OfferStatus.AVAILABLE]
    assert len(available) >= 2

    async def accept(offer_id: int) -> bool:
        async with store.session() as own:
            try:
                await loans.accept_offer(own, policy, pk(user), offer_id)
            except DomainError:
                return False
        return True

    outcomes = await asyncio.gather(*(accept(offer_id) for offer_id in available * 2))
    assert outcomes.count(True) == 1
    assert await balance(session, user) == Decimal("1000.00")


async def test_a_second_loan_while_one_is_active_is_refused(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    user_id = pk(user)
    await make_profile(session, user)
    spare = await quote(session, provider, policy, user, amount="800.00")  # asked before borrowing
    spare_offer = next(pk(o) for o in spare.offers if o.status == OfferStatus.AVAILABLE)
    await borrow(session, provider, policy, user, amount="1000.00")
    with pytest.raises(DomainError) as asked:
        await quote(session, provider, policy, user)
    assert codes(asked) == {LoanErrorCode.ACTIVE_LOAN_EXISTS}
    with pytest.raises(DomainError) as accepted:
        await loans.accept_offer(session, policy, user_id, spare_offer)
    assert codes(accepted) == {LoanErrorCode.ACTIVE_LOAN_EXISTS}
    assert await balance(session, user_id) == Decimal("1000.00")


# ---- repaying ----


async def test_repayment_pays_the_oldest_instalments_first(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    loan = await borrow(session, provider, policy, user, amount="1200.00", term=6)
    first, second, third, *_ = (await loans.installments_by_loan_ids(session, [pk(loan)]))[0]
    part = first.amount_due + second.amount_due + Decimal("10.00")
    repaid = await loans.repay_loan(session, pk(user), pk(loan), part)
    assert repaid.amount_repaid == part
    after = (await loans.installments_by_loan_ids(session, [pk(loan)]))[0]
    assert [i.status for i in after[:3]] == [
        InstallmentStatus.PAID,
        InstallmentStatus.PAID,
        InstallmentStatus.DUE,
    ]
    assert after[2].amount_paid == Decimal("10.00")
    assert await balance(session, user) == Decimal("1200.00") - part


async def test_overpayment_is_refused_and_changes_nothing(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    loan = await borrow(session, provider, policy, user, amount="1000.00", term=3)
    async with transaction(session):  # enough money to pay more than is owed
        await wallet.credit_wallet(session, pk(user), Decimal("500.00"), LedgerKind.DEPOSIT, "test")
    with pytest.raises(DomainError) as caught:
        await loans.repay_loan(session, pk(user), pk(loan), loan.total_due + Decimal("0.01"))
    assert codes(caught) == {LoanErrorCode.OVERPAYMENT}
    assert await balance(session, user) == Decimal("1500.00")
    unchanged = await loans.get_loan_for(session, user, pk(loan))
    assert unchanged is not None
    assert unchanged.amount_repaid == Decimal("0.00")


async def test_repaying_in_full_closes_the_loan_and_allows_another(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    loan = await borrow(session, provider, policy, user, amount="1000.00", term=3)
    async with transaction(session):
        await wallet.credit_wallet(
            session, pk(user), loan.total_due - loan.principal, LedgerKind.DEPOSIT, "test"
        )
    done = await loans.repay_loan(session, pk(user), pk(loan), loan.total_due)
    assert done.status == LoanStatus.REPAID
    assert done.repaid_at is not None
    assert await balance(session, user) == Decimal("0.00")
    with pytest.raises(DomainError) as caught:
        await loans.repay_loan(session, pk(user), pk(loan), Decimal("1.00"))
    assert codes(caught) == {LoanErrorCode.NOT_ACTIVE}
    assert (await borrow(session, provider, policy, user, amount="700.00")).status == LoanStatus.ACTIVE


async def test_repaying_more_than_the_wallet_holds_is_refused(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    loan = await borrow(session, provider, policy, user, amount="1000.00", term=3)
    user_id, loan_id, owed = pk(user), pk(loan), loan.total_due  # the refusal's rollback expires rows
    with pytest.raises(DomainError) as caught:
        await loans.repay_loan(session, user_id, loan_id, owed)  # principal + interest > 1,000
    assert codes(caught) == {LoanErrorCode.INSUFFICIENT_BALANCE}
    fresh = await session.get(Loan, loan_id, populate_existing=True)
    assert fresh is not None
    assert fresh.amount_repaid == Decimal("0.00")
    assert await balance(session, user_id) == Decimal("1000.00")


async def test_concurrent_repayments_never_pay_more_than_is_owed(
    session: Any, store: RelationalStore, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    loan = await borrow(session, provider, policy, user, amount="1000.00", term=3)
    async with transaction(session):
        await wallet.credit_wallet(session, pk(user), Decimal("5000.00"), LedgerKind.DEPOSIT, "test")
    share = (loan.total_due / 2).quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    async def repay() -> bool:
        async with store.session() as own:
            try:
                await loans.repay_loan(own, pk(user), pk(loan), share)
            except DomainError:
                return False
        return True

    outcomes = await asyncio.gather(*(repay() for _ in range(4)))
    assert outcomes.count(True) == 2
    fresh = await loans.get_loan_for(session, user, pk(loan))
    assert fresh is not None
    assert fresh.amount_repaid == share * 2 <= fresh.total_due


# ---- overdue ----


async def test_overdue_marking_marks_unpaid_past_due_instalments_once(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    user = await make_user(session)
    await make_profile(session, user)
    loan = await borrow(session, provider, policy, user, amount="900.00", term=3)
    first = (await loans.installments_by_loan_ids(session, [pk(loan)]))[0][0]
    await loans.repay_loan(session, pk(user), pk(loan), first.amount_due)
    assert await loans.mark_overdue_installments(session, utcnow()) == 0
    in_two_months = utcnow() + timedelta(days=70)
    assert await loans.mark_overdue_installments(session, in_two_months) == 1
    assert await loans.mark_overdue_installments(session, in_two_months) == 0
    statuses = [i.status for i in (await loans.installments_by_loan_ids(session, [pk(loan)]))[0]]
    assert statuses == [InstallmentStatus.PAID, InstallmentStatus.OVERDUE, InstallmentStatus.DUE]


# ---- the ledger ----


async def test_no_money_is_created_or_lost(
    session: Any, provider: LoanModelProvider, policy: LoanPolicy
) -> None:
    # given borrowers who borrow, repay, overpay, and try someone else's loan and offer
    users = [await make_user(session) for _ in range(3)]
    ids = [pk(user) for user in users]
    for user in users:
        await make_profile(session, user)
    made = [
        await borrow(session, provider, policy, user, amount=amount)
        for user, amount in zip(users, ("900.00", "1500.00", "2500.00"), strict=True)
    ]
    loan_ids = [pk(loan) for loan in made]
    disbursed = sum((loan.principal for loan in made), Decimal("0.00"))
    overpay, foreign_offer = made[1].total_due + 1, made[1].offer_id
    await loans.repay_loan(session, ids[0], loan_ids[0], Decimal("123.45"))
    for attempt in (
        loans.repay_loan(session, ids[1], loan_ids[1], overpay),
        loans.repay_loan(session, ids[2], loan_ids[0], Decimal("10.00")),
        loans.accept_offer(session, policy, ids[0], foreign_offer),
    ):
        with pytest.raises(DomainError):
            await attempt
    # then every balance is its ledger's sum, and all balances are disbursements minus repayments
    wallets = list(await session.exec(select(Wallet).execution_options(populate_existing=True)))
    sums = dict(
        (
            await session.exec(
                select(col(WalletEntry.wallet_id), func.sum(WalletEntry.amount)).group_by(
                    col(WalletEntry.wallet_id)
                )
            )
        ).all()
    )
    cents = Decimal("0.01")
    for row in wallets:
        assert Decimal(str(sums[row.id])).quantize(cents) == row.balance
    repaid = (await session.exec(select(func.sum(Loan.amount_repaid)))).one()
    paid_in = (await session.exec(select(func.sum(LoanInstallment.amount_paid)))).one()
    assert Decimal(str(repaid)).quantize(cents) == Decimal(str(paid_in)).quantize(cents) == Decimal("123.45")
    assert sum((row.balance for row in wallets), Decimal("0.00")) == disbursed - Decimal("123.45")
