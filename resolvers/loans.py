"""Loans: the financial profile, quotes priced by the model, accepting, repaying, overdue marking.

Money never appears or vanishes: accepting an offer credits the wallet with exactly the
principal (a LOAN_DISBURSEMENT ledger row) in the same transaction that creates the loan and its
instalments; repaying debits the wallet (a LOAN_REPAYMENT row) in the same transaction that
raises the loan's amount_repaid, by one conditional UPDATE that refuses to go past total_due.
The one-active-loan policy is a counter on the financial profile raised by a conditional
UPDATE, so two acceptances racing each other cannot both pass it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from config.settings import Settings
from db.tables import (
    CouponTemplate,
    Education,
    FinancialProfile,
    FinancialProfileHistory,
    InstallmentStatus,
    LedgerKind,
    Loan,
    LoanDecision,
    LoanInstallment,
    LoanOffer,
    LoanQuote,
    LoanStatus,
    OfferStatus,
    PropertyArea,
    QuoteStatus,
    User,
    UserCoupon,
)
from db.transaction import transaction, with_lock_retries
from db.types import CENT, utcnow
from ml.loans import Applicant, LoanModel, ModelFileError
from ml.loans.applicant import PropertyArea as ModelPropertyArea
from ml.loans.credit_limit import CreditLimit, LimitPolicy, credit_limit
from ml.loans.offers import (
    OfferPolicy,
    build_offer,
    due_date,
    monthly_instalment,
    price_apr,
    repayment_schedule,
)
from resolvers import coupons, credit, wallet
from resolvers.errors import Collector, DomainError
from resolvers.paging import Page, PageRequest
from resolvers.permissions import Perm, has_perm

log = logging.getLogger(__name__)

# Above this a monthly income or debt is a typo (or a test of the validation), not a person.
MAX_MONTHLY_MONEY = Decimal("1000000.00")
MAX_DEPENDENTS = 3  # "3 or more", as the model's training data counts them
PURPOSE_MAX = 200
# The maximum amount is a round figure: the model's grid is rounded down to this step.
AMOUNT_STEP = Decimal(10)
HISTORY_LIMIT = 100
_MODEL_AREAS: dict[PropertyArea, ModelPropertyArea] = {
    PropertyArea.URBAN: "Urban",
    PropertyArea.SEMIURBAN: "Semiurban",
    PropertyArea.RURAL: "Rural",
}


class LoanErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PROFILE_REQUIRED = "profile_required"
    MODEL_UNAVAILABLE = "model_unavailable"
    TERM_NOT_OFFERED = "term_not_offered"
    AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
    QUOTE_EXPIRED = "quote_expired"
    OFFER_NOT_AVAILABLE = "offer_not_available"
    ALREADY_ACCEPTED = "already_accepted"
    ACTIVE_LOAN_EXISTS = "active_loan_exists"
    NOT_ACTIVE = "not_active"
    OVERPAYMENT = "overpayment"
    INSUFFICIENT_BALANCE = "insufficient_balance"


# ---- policy and model ----


@dataclass(frozen=True)
class LoanPolicy:
    """The operator's rules for quoting and lending (from Settings, or built by a test)."""

    min_amount: Decimal = Decimal("500.00")
    max_amount: Decimal = Decimal("50000.00")
    terms_months: tuple[int, ...] = (3, 6, 12, 24)
    quote_minutes: int = 30
    approval_threshold: float = 0.5
    max_active_loans: int = 1
    coupon_template_id: int | None = None
    offers: OfferPolicy = field(default_factory=OfferPolicy)
    limit: LimitPolicy = field(default_factory=LimitPolicy)

    @classmethod
    def from_settings(cls, settings: Settings) -> LoanPolicy:
        terms = tuple(sorted(set(settings.loan_terms_months)))
        return cls(
            min_amount=settings.loan_min_amount.quantize(CENT),
            max_amount=settings.loan_max_amount.quantize(CENT),
            terms_months=terms,
            quote_minutes=settings.loan_quote_minutes,
            approval_threshold=settings.loan_approval_threshold,
            max_active_loans=settings.loan_max_active,
            coupon_template_id=settings.loan_coupon_template_id,
            offers=OfferPolicy(terms_months=terms),
            limit=LimitPolicy(
                starting_limit=settings.loan_starting_limit.quantize(CENT),
                per_delivered_dollar=settings.loan_limit_per_delivered_dollar,
                new_account_cap=settings.loan_new_account_cap.quantize(CENT),
            ),
        )


class LoanModelProvider:
    """The loan model, loaded once per process on first use and shared by every request.

    A missing or corrupt file is not cached: the next quote tries again, so an operator who runs
    `mall loan train` does not have to restart. A model that loaded stays until the process
    restarts (restart after retraining).
    """

    def __init__(self, path: Path, model: LoanModel | None = None) -> None:
        self.path = path
        self._model = model
        self._lock = asyncio.Lock()

    def loaded_version(self) -> str | None:
        """kind@trained_at of the model in use; None until a quote loads it (scrapes never load)."""
        if self._model is None:
            return None
        return f"{self._model.kind}@{self._model.metadata.get('trained_at', 'unknown')}"

    async def get(self) -> LoanModel:
        if self._model is not None:
            return self._model
        async with self._lock:
            if self._model is None:
                try:
                    # unpickling and hashing the file is blocking work: off the event loop
                    self._model = await asyncio.to_thread(LoanModel.load, self.path)
                except ModelFileError as exc:
                    log.warning("loan model unavailable: %s", exc)
                    raise DomainError.of(
                        LoanErrorCode.MODEL_UNAVAILABLE,
                        "loan quotes are unavailable: the loan model is missing or unreadable; "
                        f"an operator must run `mall loan train --data FILE --out {self.path}`",
                    ) from exc
            return self._model


# ---- financial profile ----


@dataclass(frozen=True)
class ProfileFields:
    applicant_income: Decimal
    coapplicant_income: Decimal
    dependents: int
    education: Education
    self_employed: bool
    property_area: PropertyArea
    monthly_debt: Decimal
    meets_credit_guideline: bool | None = None


def _money_ok(value: Decimal) -> bool:
    return value.is_finite() and value == value.quantize(CENT) and Decimal(0) <= value <= MAX_MONTHLY_MONEY


def _validate_profile(fields: ProfileFields) -> None:
    errors = Collector()
    message = f"a monthly amount from 0 to {MAX_MONTHLY_MONEY}, in cents"
    for name, value in (
        ("applicantIncome", fields.applicant_income),
        ("coapplicantIncome", fields.coapplicant_income),
        ("monthlyDebt", fields.monthly_debt),
    ):
        if not _money_ok(value):
            errors.add(LoanErrorCode.INVALID, message, name)
    if not 0 <= fields.dependents <= MAX_DEPENDENTS:
        errors.add(LoanErrorCode.INVALID, "dependents from 0 to 3 (3 means 3 or more)", "dependents")
    if fields.education not in tuple(Education):
        errors.add(LoanErrorCode.INVALID, "graduate or not_graduate", "education")
    if fields.property_area not in tuple(PropertyArea):
        errors.add(LoanErrorCode.INVALID, "urban, semiurban or rural", "propertyArea")
    errors.raise_if_any()


async def get_profile(session: AsyncSession, user_id: int) -> FinancialProfile | None:
    result = await session.exec(
        select(FinancialProfile)
        .where(FinancialProfile.user_id == user_id)
        .execution_options(populate_existing=True)
    )
    return result.first()


def _values(fields: ProfileFields) -> dict[str, Any]:
    return {
        "applicant_income": fields.applicant_income.quantize(CENT),
        "coapplicant_income": fields.coapplicant_income.quantize(CENT),
        "dependents": fields.dependents,
        "education": Education(fields.education),
        "self_employed": fields.self_employed,
        "property_area": PropertyArea(fields.property_area),
        "monthly_debt": fields.monthly_debt.quantize(CENT),
        "meets_credit_guideline": fields.meets_credit_guideline,
    }


async def update_profile(
    session: AsyncSession, user_id: int, fields: ProfileFields, *, now: datetime | None = None
) -> FinancialProfile:
    """Creates or replaces the profile and appends a snapshot of it to the history."""
    _validate_profile(fields)
    now = now or utcnow()
    values = _values(fields)

    async def save() -> None:
        changed = await session.exec(
            update(FinancialProfile)
            .where(col(FinancialProfile.user_id) == user_id)
            .values(**values, version=col(FinancialProfile.version) + 1, updated_at=now)
        )
        if changed.rowcount != 1:
            session.add(FinancialProfile(user_id=user_id, created_at=now, updated_at=now, **values))
            await session.flush()
        # our UPDATE (or INSERT) holds the row, so this is the version we wrote
        version = (
            await session.exec(select(FinancialProfile.version).where(FinancialProfile.user_id == user_id))
        ).one()
        session.add(FinancialProfileHistory(user_id=user_id, version=version, recorded_at=now, **values))

    for attempt in (1, 2):
        try:
            async with transaction(session):
                await save()
            break
        except IntegrityError:
            # two first saves raced; the loser's UPDATE finds the winner's row on the retry
            if attempt == 2:
                raise
    profile = await get_profile(session, user_id)
    assert profile is not None
    return profile


async def profile_history(session: AsyncSession, user_id: int) -> list[FinancialProfileHistory]:
    """Snapshots after each change, newest first (the last 100)."""
    rows = await session.exec(
        select(FinancialProfileHistory)
        .where(FinancialProfileHistory.user_id == user_id)
        .order_by(col(FinancialProfileHistory.version).desc())
        .limit(HISTORY_LIMIT)
    )
    return list(rows)


async def credit_for(session: AsyncSession, user: User, *, now: datetime | None = None) -> credit.UserCredit:
    """The user's purchase-based score; it is the model's Credit_History unless the user stated it."""
    assert user.id is not None
    profile = await get_profile(session, user.id)
    stated = profile.meets_credit_guideline if profile is not None else None
    return await credit.user_credit(session, user, stated, now or utcnow())


# ---- quotes ----


@dataclass(frozen=True)
class QuoteRequest:
    amount: Decimal
    term_months: int
    purpose: str


@dataclass(frozen=True)
class Quote:
    quote: LoanQuote
    offers: list[LoanOffer]
    credit: credit.UserCredit
    limit: CreditLimit


def applicant_of(
    profile: FinancialProfile, amount: Decimal, term: int, credit_history: bool | None
) -> Applicant:
    """The model's view of the user; gender and marital status are not collected at all."""
    return Applicant(
        applicant_income=profile.applicant_income,
        coapplicant_income=profile.coapplicant_income,
        loan_amount=amount,
        loan_term_months=term,
        credit_history=credit_history,
        dependents=profile.dependents,
        graduate=profile.education == Education.GRADUATE,
        self_employed=profile.self_employed,
        property_area=_MODEL_AREAS[PropertyArea(profile.property_area)],
    )


def _validate_request(request: QuoteRequest, policy: LoanPolicy) -> None:
    errors = Collector()
    amount = request.amount
    if not amount.is_finite() or amount != amount.quantize(CENT):
        errors.add(LoanErrorCode.INVALID, "an amount in cents", "amount")
    elif not policy.min_amount <= amount <= policy.max_amount:
        errors.add(
            LoanErrorCode.AMOUNT_OUT_OF_RANGE,
            f"loans run from {policy.min_amount} to {policy.max_amount}",
            "amount",
        )
    if request.term_months not in policy.terms_months:
        terms = ", ".join(str(t) for t in policy.terms_months)
        errors.add(LoanErrorCode.TERM_NOT_OFFERED, f"terms offered: {terms} months", "termMonths")
    if not 1 <= len(request.purpose.strip()) <= PURPOSE_MAX:
        errors.add(LoanErrorCode.INVALID, f"a purpose of 1 to {PURPOSE_MAX} characters", "purpose")
    errors.raise_if_any()


def _affordable_ceiling(room: Decimal, apr: Decimal, term: int) -> Decimal:
    """The largest round principal whose level instalment fits in room (linear in the principal)."""
    unit = Decimal(10_000)
    per_unit = monthly_instalment(unit, apr, term) / unit
    return (room / per_unit / AMOUNT_STEP).to_integral_value(ROUND_FLOOR) * AMOUNT_STEP


def limit_of(user_credit: credit.UserCredit, policy: LoanPolicy) -> CreditLimit:
    """The shopper's credit limit under the policy (the rule's table is in ml.loans.credit_limit)."""
    return credit_limit(user_credit.history, policy.limit, policy.max_amount)


def max_amount(
    model: LoanModel,
    applicant: Applicant,
    profile: FinancialProfile,
    policy: LoanPolicy,
    limit: CreditLimit,
) -> Decimal | None:
    """The largest amount, for the applicant's term, that the model approves within the limits.

    Within the shopper's credit limit and the 40% rule.

    The model's grid search (one batch of predictions) runs under the affordability ceiling at
    the lowest APR; the winner's own risk-priced APR can lower the ceiling, so it runs again
    under the lowered one (at most three batches; the ceiling only falls).
    """
    term = applicant.loan_term_months
    assert term is not None
    income = profile.applicant_income + profile.coapplicant_income
    room = income * policy.offers.max_debt_to_income - profile.monthly_debt
    if room <= 0:
        return None
    hi = min(limit.amount, _affordable_ceiling(room, policy.offers.base_apr_percent, term))
    for _ in range(3):
        if hi < policy.min_amount:
            return None
        found = model.max_approved_amount(
            applicant, policy.approval_threshold, policy.min_amount, hi, step=AMOUNT_STEP
        )
        if found is None:
            return None
        apr = price_apr(found.probability, policy.offers)
        offer = build_offer(
            found.amount,
            apr,
            term,
            applicant_income=profile.applicant_income,
            coapplicant_income=profile.coapplicant_income,
            existing_monthly_debt=profile.monthly_debt,
            policy=policy.offers,
        )
        if offer.affordable:
            return found.amount
        hi = min(found.amount - AMOUNT_STEP, _affordable_ceiling(room, apr, term))
    return None


def _offer_status(
    probability: float, affordable: bool, within_limit: bool, policy: LoanPolicy
) -> OfferStatus:
    # the limit first: it is the rule a shopper can act on at once (ask for less)
    if not within_limit:
        return OfferStatus.OVER_LIMIT
    if probability < policy.approval_threshold:
        return OfferStatus.DECLINED
    return OfferStatus.AVAILABLE if affordable else OfferStatus.UNAFFORDABLE


_DECISIONS = {
    OfferStatus.AVAILABLE: LoanDecision.APPROVED,
    OfferStatus.DECLINED: LoanDecision.DECLINED,
    OfferStatus.UNAFFORDABLE: LoanDecision.UNAFFORDABLE,
    OfferStatus.OVER_LIMIT: LoanDecision.OVER_LIMIT,
}


async def quote_loan(
    session: AsyncSession,
    provider: LoanModelProvider,
    policy: LoanPolicy,
    user: User,
    request: QuoteRequest,
    *,
    now: datetime | None = None,
) -> Quote:
    """Scores the request at every offered term in one batch and records the quote and its offers.

    Each term's APR is priced from that term's own approval probability; the decision is the
    requested term's. Every offered term is returned, with a status saying why it cannot be
    accepted (over the shopper's credit limit, declined by the model, or breaking the 40%
    affordability rule).
    """
    _validate_request(request, policy)
    assert user.id is not None
    now = now or utcnow()
    profile = await get_profile(session, user.id)
    if profile is None:
        raise DomainError.of(
            LoanErrorCode.PROFILE_REQUIRED, "record your financial profile before asking for a loan"
        )
    if profile.active_loans >= policy.max_active_loans:
        raise DomainError.of(
            LoanErrorCode.ACTIVE_LOAN_EXISTS, "repay your active loan before asking for another"
        )
    model = await provider.get()
    user_credit = await credit.user_credit(session, user, profile.meets_credit_guideline, now)
    amount = request.amount.quantize(CENT)
    limit = limit_of(user_credit, policy)
    applicant = applicant_of(profile, amount, request.term_months, user_credit.credit_history)
    probabilities = model.approval_probabilities(
        [replace(applicant, loan_term_months=term) for term in policy.terms_months]
    )
    offers: list[LoanOffer] = []
    for term, probability in zip(policy.terms_months, probabilities, strict=True):
        offer = build_offer(
            amount,
            price_apr(probability, policy.offers),
            term,
            applicant_income=profile.applicant_income,
            coapplicant_income=profile.coapplicant_income,
            existing_monthly_debt=profile.monthly_debt,
            policy=policy.offers,
        )
        offers.append(
            LoanOffer(
                quote_id=0,
                term_months=term,
                approval_probability=round(probability, 6),
                apr_percent=offer.apr_percent,
                monthly_installment=offer.monthly_instalment,
                total_repayable=offer.total_repayable,
                total_interest=offer.total_interest,
                status=_offer_status(probability, offer.affordable, limit.allows(amount), policy),
            )
        )
    requested = next(o for o in offers if o.term_months == request.term_months)
    quote = LoanQuote(
        user_id=user.id,
        amount=amount,
        term_months=request.term_months,
        purpose=request.purpose.strip(),
        approval_probability=requested.approval_probability,
        decision=_DECISIONS[OfferStatus(requested.status)],
        max_amount=max_amount(model, applicant, profile, policy, limit),
        credit_score=user_credit.score,
        credit_history=user_credit.credit_history,
        credit_history_from_score=user_credit.used_as_credit_history,
        model_kind=model.kind,
        created_at=now,
        expires_at=now + timedelta(minutes=policy.quote_minutes),
    )
    async with transaction(session):
        session.add(quote)
        await session.flush()
        assert quote.id is not None
        for offer_row in offers:
            offer_row.quote_id = quote.id
        session.add_all(offers)
    return Quote(quote=quote, offers=offers, credit=user_credit, limit=limit)


async def offers_by_quote_ids(session: AsyncSession, ids: Sequence[int]) -> list[list[LoanOffer]]:
    rows = await session.exec(
        select(LoanOffer).where(col(LoanOffer.quote_id).in_(ids)).order_by(col(LoanOffer.term_months))
    )
    grouped: dict[int, list[LoanOffer]] = {key: [] for key in ids}
    for row in rows:
        grouped[row.quote_id].append(row)
    return [grouped[key] for key in ids]


# ---- accepting ----


async def _coupon_grantable(session: AsyncSession, template_id: int, user_id: int, now: datetime) -> bool:
    """Whether the borrower's coupon can be granted; a sold-out promotion must not block a loan.

    issue_coupon checks again under its lock; only a grant racing the last coupon fails there,
    and that rolls the acceptance back with a typed error the user can retry.
    """
    template = await session.get(CouponTemplate, template_id, populate_existing=True)
    if template is None or not template.valid_from <= now <= template.valid_until:
        return False
    if template.granted >= template.total_quantity:
        return False
    held = await session.exec(
        select(func.count())
        .select_from(UserCoupon)
        .where(UserCoupon.user_id == user_id, UserCoupon.template_id == template_id)
    )
    return held.one() < template.per_user_limit


async def _quote_of_offer(session: AsyncSession, user_id: int, offer_id: int) -> tuple[LoanOffer, LoanQuote]:
    row = (
        await session.exec(
            select(LoanOffer, LoanQuote)
            .join(LoanQuote, col(LoanQuote.id) == LoanOffer.quote_id)
            .where(LoanOffer.id == offer_id)
            .execution_options(populate_existing=True)
        )
    ).first()
    if row is None or row[1].user_id != user_id:
        raise DomainError.of(LoanErrorCode.NOT_FOUND, "no such offer", "offerId")
    return row


_UNAVAILABLE_BECAUSE = {
    OfferStatus.DECLINED: "the model declined it",
    OfferStatus.UNAFFORDABLE: "it is not affordable",
    OfferStatus.OVER_LIMIT: "it is over your credit limit",
}


def _not_acceptable(offer: LoanOffer, quote: LoanQuote, now: datetime) -> DomainError | None:
    if quote.status == QuoteStatus.ACCEPTED or offer.status == OfferStatus.ACCEPTED:
        return DomainError.of(
            LoanErrorCode.ALREADY_ACCEPTED, "an offer of this quote was accepted", "offerId"
        )
    if offer.status != OfferStatus.AVAILABLE:
        reason = _UNAVAILABLE_BECAUSE.get(OfferStatus(offer.status), "it is not available")
        return DomainError.of(
            LoanErrorCode.OFFER_NOT_AVAILABLE, f"this offer cannot be taken: {reason}", "offerId"
        )
    if quote.expires_at <= now:
        return DomainError.of(
            LoanErrorCode.QUOTE_EXPIRED, "this quote has expired; ask for a new one", "offerId"
        )
    return None


async def accept_offer(
    session: AsyncSession, policy: LoanPolicy, user_id: int, offer_id: int, *, now: datetime | None = None
) -> Loan:
    """Creates the loan and its instalments, pays the principal into the wallet, grants the coupon.

    One transaction: the quote turns accepted by a conditional UPDATE (open and unexpired), the
    profile's active-loan counter rises by another (below the policy's limit); any failure
    leaves no loan, no ledger row, no coupon.
    """
    now = now or utcnow()
    offer, quote = await _quote_of_offer(session, user_id, offer_id)
    problem = _not_acceptable(offer, quote, now)
    if problem is not None:
        raise problem
    # plain values: a rollback (a retried lock conflict) expires ORM objects
    quote_id, amount, purpose = quote.id, quote.amount, quote.purpose
    apr, term = offer.apr_percent, offer.term_months
    schedule = repayment_schedule(amount, apr, term)
    grant = policy.coupon_template_id is not None and await _coupon_grantable(
        session, policy.coupon_template_id, user_id, now
    )

    async def lend() -> int:
        taken = await session.exec(
            update(LoanQuote)
            .where(
                col(LoanQuote.id) == quote_id,
                col(LoanQuote.status) == QuoteStatus.OPEN,
                col(LoanQuote.expires_at) > now,
            )
            .values(status=QuoteStatus.ACCEPTED)
        )
        if taken.rowcount != 1:
            fresh_offer, fresh_quote = await _quote_of_offer(session, user_id, offer_id)
            raise _not_acceptable(fresh_offer, fresh_quote, now) or DomainError.of(
                LoanErrorCode.ALREADY_ACCEPTED, "an offer of this quote was accepted", "offerId"
            )
        await session.exec(
            update(LoanOffer).where(col(LoanOffer.id) == offer_id).values(status=OfferStatus.ACCEPTED)
        )
        slot = await session.exec(
            update(FinancialProfile)
            .where(
                col(FinancialProfile.user_id) == user_id,
                col(FinancialProfile.active_loans) < policy.max_active_loans,
            )
            .values(active_loans=col(FinancialProfile.active_loans) + 1)
        )
        if slot.rowcount != 1:
            raise DomainError.of(
                LoanErrorCode.ACTIVE_LOAN_EXISTS, "repay your active loan before taking another", "offerId"
            )
        loan = Loan(
            user_id=user_id,
            offer_id=offer_id,
            purpose=purpose,
            principal=amount,
            apr_percent=apr,
            term_months=term,
            total_due=sum((line.payment for line in schedule), Decimal("0.00")),
            disbursed_at=now,
        )
        session.add(loan)
        await session.flush()
        assert loan.id is not None
        session.add_all(
            LoanInstallment(
                loan_id=loan.id,
                number=line.number,
                due_date=due_date(now.date(), line.due_in_months),
                principal=line.principal,
                interest=line.interest,
                amount_due=line.payment,
            )
            for line in schedule
        )
        await wallet.credit_wallet(session, user_id, amount, LedgerKind.LOAN_DISBURSEMENT, f"loan:{loan.id}")
        if grant and policy.coupon_template_id is not None:
            coupon = await coupons.issue_coupon(session, policy.coupon_template_id, user_id, now=now)
            loan.coupon_code = coupon.code
        await session.flush()
        return loan.id

    try:
        loan_id = await with_lock_retries(session, lend)
    except DomainError as exc:
        if exc.errors[0].code in tuple(coupons.CouponErrorCode):
            raise DomainError.of(
                LoanErrorCode.INVALID, "the borrower's coupon ran out just now; please try again", "offerId"
            ) from exc
        raise
    return await _loan(session, loan_id)


# ---- repaying ----


async def _loan(session: AsyncSession, loan_id: int) -> Loan:
    loan = await session.get(Loan, loan_id, populate_existing=True)
    if loan is None:
        raise DomainError.of(LoanErrorCode.NOT_FOUND, "no such loan", "loanId")
    return loan


async def repay_loan(
    session: AsyncSession, user_id: int, loan_id: int, amount: Decimal, *, now: datetime | None = None
) -> Loan:
    """Pays from the wallet into the oldest unpaid instalments; more than is owed is refused."""
    now = now or utcnow()
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise DomainError.of(LoanErrorCode.INVALID, "a positive amount in cents", "amount")
    amount = amount.quantize(CENT)
    loan = await _loan(session, loan_id)
    if loan.user_id != user_id:
        raise DomainError.of(LoanErrorCode.NOT_FOUND, "no such loan", "loanId")
    if loan.status != LoanStatus.ACTIVE:
        raise DomainError.of(LoanErrorCode.NOT_ACTIVE, f"this loan is {loan.status}", "loanId")
    outstanding = loan.total_due - loan.amount_repaid
    if amount > outstanding:
        raise DomainError.of(LoanErrorCode.OVERPAYMENT, f"only {outstanding} is owed on this loan", "amount")

    async def repay() -> None:
        # one conditional UPDATE: concurrent repayments can never together pass total_due
        raised = await session.exec(
            update(Loan)
            .where(
                col(Loan.id) == loan_id,
                col(Loan.status) == LoanStatus.ACTIVE,
                func.round(col(Loan.amount_repaid) + amount, 2) <= col(Loan.total_due),
            )
            .values(amount_repaid=func.round(col(Loan.amount_repaid) + amount, 2))
        )
        if raised.rowcount != 1:
            raise DomainError.of(
                LoanErrorCode.OVERPAYMENT, "that is more than is owed on this loan now", "amount"
            )
        try:
            await wallet.debit_wallet(session, user_id, amount, LedgerKind.LOAN_REPAYMENT, f"loan:{loan_id}")
        except DomainError as exc:
            raise DomainError.of(
                LoanErrorCode.INSUFFICIENT_BALANCE, "your wallet balance is too low", "amount"
            ) from exc
        # the loan row is locked by our UPDATE, so no other repayment allocates meanwhile
        unpaid = await session.exec(
            select(LoanInstallment)
            .where(LoanInstallment.loan_id == loan_id, col(LoanInstallment.status) != InstallmentStatus.PAID)
            .order_by(col(LoanInstallment.number))
            .execution_options(populate_existing=True)
        )
        left = amount
        for installment in list(unpaid):
            if left <= 0:
                break
            part = min(left, installment.amount_due - installment.amount_paid)
            paid = installment.amount_paid + part
            done = paid == installment.amount_due
            await session.exec(
                update(LoanInstallment)
                .where(col(LoanInstallment.id) == installment.id)
                .values(
                    amount_paid=paid,
                    status=InstallmentStatus.PAID if done else installment.status,
                    paid_at=now if done else None,
                )
            )
            left -= part
        if left != 0:  # the loan's totals and its instalments disagree: a bug, not a user error
            raise RuntimeError(f"loan {loan_id}: {left} of a repayment found no instalment")
        fresh = await _loan(session, loan_id)
        if fresh.amount_repaid == fresh.total_due:
            await session.exec(
                update(Loan).where(col(Loan.id) == loan_id).values(status=LoanStatus.REPAID, repaid_at=now)
            )
            await session.exec(
                update(FinancialProfile)
                .where(col(FinancialProfile.user_id) == user_id, col(FinancialProfile.active_loans) > 0)
                .values(active_loans=col(FinancialProfile.active_loans) - 1)
            )

    await with_lock_retries(session, repay)
    return await _loan(session, loan_id)


async def mark_overdue_installments(session: AsyncSession, now: datetime) -> int:
    """Marks instalments past their due date and not fully paid as overdue; returns how many.

    Idempotent (one UPDATE of rows still 'due'); the embedded mall runs it on a timer, the job
    platform as a cron job.
    """
    async with transaction(session):
        result = await session.exec(
            update(LoanInstallment)
            .where(
                col(LoanInstallment.status) == InstallmentStatus.DUE,
                col(LoanInstallment.due_date) < now.date(),
            )
            .values(status=InstallmentStatus.OVERDUE)
        )
    return int(result.rowcount)


# ---- reading ----


@dataclass(frozen=True)
class LoanFilter:
    user_id: int | None = None
    status: LoanStatus | None = None


async def get_loan_for(session: AsyncSession, viewer: User, loan_id: int) -> Loan | None:
    """The loan if the viewer owns it or manages loans; None otherwise (no hint that it exists)."""
    loan = await session.get(Loan, loan_id, populate_existing=True)
    if loan is None or not (loan.user_id == viewer.id or has_perm(viewer.role, Perm.MANAGE_LOANS)):
        return None
    return loan


async def list_loans(session: AsyncSession, filter_: LoanFilter, page: PageRequest) -> Page[Loan]:
    """Newest first; a user's own list passes their id, admins filter as they like."""
    query = select(Loan)
    if filter_.user_id is not None:
        query = query.where(Loan.user_id == filter_.user_id)
    if filter_.status is not None:
        query = query.where(Loan.status == filter_.status)
    rows = await session.exec(
        query.order_by(col(Loan.id).desc())
        .offset(page.offset)
        .limit(page.limit + 1)
        .execution_options(populate_existing=True)
    )
    return Page.from_overfetch(list(rows), page)


async def loans_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Loan | None]:
    rows = await session.exec(select(Loan).where(col(Loan.id).in_(ids)))
    found = {row.id: row for row in rows}
    return [found.get(key) for key in ids]


async def installments_by_loan_ids(session: AsyncSession, ids: Sequence[int]) -> list[list[LoanInstallment]]:
    rows = await session.exec(
        select(LoanInstallment)
        .where(col(LoanInstallment.loan_id).in_(ids))
        .order_by(col(LoanInstallment.loan_id), col(LoanInstallment.number))
        .execution_options(populate_existing=True)
    )
    grouped: dict[int, list[LoanInstallment]] = {key: [] for key in ids}
    for row in rows:
        grouped[row.loan_id].append(row)
    return [grouped[key] for key in ids]
