"""Loans in GraphQL: your financial profile and credit score, quotes, offers, loans and repayments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import relay

from db.tables import (
    Education,
    FinancialProfile,
    FinancialProfileHistory,
    InstallmentStatus,
    Loan,
    LoanDecision,
    LoanInstallment,
    LoanOffer,
    LoanQuote,
    LoanStatus,
    OfferStatus,
    PropertyArea,
    User,
)
from ml.credit_score import GUIDELINE_SCORE
from ml.loans.credit_limit import CreditLimit
from ml.loans.offers import due_date, repayment_schedule
from resolvers import loans
from resolvers.credit import ScoreBand, UserCredit
from resolvers.errors import DomainError
from resolvers.loans import LoanErrorCode, LoanFilter, ProfileFields, QuoteRequest
from resolvers.paging import Page
from resolvers.permissions import Perm, has_perm
from schema.accounts import UserNode
from schema.base import (
    PAGE_SIZE_DESCRIPTION,
    Info,
    PageInfo,
    edges,
    errors_of,
    node_pk,
    page_info,
    page_request,
    to_global_id,
)
from schema.permissions import login_required, requires
from schema.scalars import node_pks

strawberry.enum(LoanErrorCode, name="LoanErrorCode")
strawberry.enum(LoanDecision, name="LoanDecision", description="The model's answer for the requested term.")
strawberry.enum(OfferStatus, name="LoanOfferStatus")
strawberry.enum(LoanStatus, name="LoanStatus")
strawberry.enum(InstallmentStatus, name="InstallmentStatus")
strawberry.enum(Education, name="Education")
strawberry.enum(PropertyArea, name="PropertyArea")
strawberry.enum(ScoreBand, name="CreditScoreBand")


@strawberry.enum(description="Dependents, as the loan model counts them.")
class Dependents(Enum):
    NONE = 0
    ONE = 1
    TWO = 2
    THREE_OR_MORE = 3


@strawberry.type(description="A user mistake, or a loan in the wrong state, in a loan operation.")
class LoanError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: LoanErrorCode
    message: str


async def _user(info: Info) -> User:
    user = await info.context.user()
    assert user is not None
    assert user.id is not None
    return user


# ---- financial profile ----


@strawberry.type(
    name="FinancialProfile", description="What you told us about your finances (monthly amounts)."
)
class FinancialProfileType:
    applicant_income: Decimal = strawberry.field(description="Your income a month.")
    coapplicant_income: Decimal = strawberry.field(description="A co-applicant's income a month.")
    dependents: Dependents
    education: Education
    self_employed: bool
    property_area: PropertyArea
    monthly_debt: Decimal = strawberry.field(description="What you already pay on debts a month.")
    meets_credit_guideline: bool | None = strawberry.field(
        description="Whether you meet credit guidelines; null: unknown, your credit score stands in."
    )
    version: int = strawberry.field(description="Raised by every change; the history keeps each version.")
    changed_at: datetime

    @classmethod
    def from_row(cls, row: FinancialProfile | FinancialProfileHistory) -> FinancialProfileType:
        return cls(
            applicant_income=row.applicant_income,
            coapplicant_income=row.coapplicant_income,
            dependents=Dependents(row.dependents),
            education=row.education,
            self_employed=row.self_employed,
            property_area=row.property_area,
            monthly_debt=row.monthly_debt,
            meets_credit_guideline=row.meets_credit_guideline,
            version=row.version,
            changed_at=row.updated_at if isinstance(row, FinancialProfile) else row.recorded_at,
        )


@strawberry.input(
    description="Your finances, monthly; replaces the profile and keeps the old one in history."
)
class FinancialProfileInput:
    applicant_income: Decimal = strawberry.field(description="0 to 1,000,000 a month, in cents.")
    coapplicant_income: Decimal = strawberry.field(
        default=Decimal("0"), description="0 to 1,000,000 a month."
    )
    dependents: Dependents = Dependents.NONE
    education: Education = Education.GRADUATE
    self_employed: bool = False
    property_area: PropertyArea = PropertyArea.URBAN
    monthly_debt: Decimal = strawberry.field(
        default=Decimal("0"), description="Existing debt payments a month, 0 to 1,000,000."
    )
    meets_credit_guideline: bool | None = strawberry.field(
        default=None, description="Leave null if you do not know: your purchase-based score is used."
    )

    def to_fields(self) -> ProfileFields:
        return ProfileFields(
            applicant_income=self.applicant_income,
            coapplicant_income=self.coapplicant_income,
            dependents=Dependents(self.dependents).value,
            education=Education(self.education),
            self_employed=self.self_employed,
            property_area=PropertyArea(self.property_area),
            monthly_debt=self.monthly_debt,
            meets_credit_guideline=self.meets_credit_guideline,
        )


@strawberry.type(description="The profile as saved.")
class FinancialProfilePayload:
    profile: FinancialProfileType | None
    errors: list[LoanError]


# ---- credit score ----


@strawberry.type(description="One reason for the score.")
class CreditScoreFactor:
    name: str
    value: float = strawberry.field(description="The measured value (a count, a share, an amount).")
    points: int = strawberry.field(description="Points this factor adds to (or takes from) the base score.")
    explanation: str


@strawberry.type(description="One rule of the credit limit and the most it allows you.")
class CreditLimitLine:
    rule: str = strawberry.field(
        description="earned, missed_instalment, account_age or mall_maximum, in the order applied."
    )
    amount: Decimal = strawberry.field(description="The most this rule allows, in USD.")
    explanation: str


@strawberry.type(
    name="CreditLimit",
    description="The most the mall lends you: earned by delivered orders and on-time repayments, "
    "capped by the account's age and the mall's maximum; the 40% rule applies on top.",
)
class CreditLimitType:
    amount: Decimal = strawberry.field(description="Your limit in USD: the lowest of the lines.")
    binding_rule: str = strawberry.field(description="The rule that sets the limit.")
    lines: list[CreditLimitLine]

    @classmethod
    def from_limit(cls, limit: CreditLimit) -> CreditLimitType:
        return cls(
            amount=limit.amount,
            binding_rule=limit.binding,
            lines=[
                CreditLimitLine(rule=x.rule, amount=x.amount, explanation=x.explanation) for x in limit.lines
            ],
        )


@strawberry.type(name="CreditScore", description="Your purchase-based credit score, 300 to 850, explained.")
class CreditScoreType:
    score: int
    band: ScoreBand
    base: int = strawberry.field(description="Where every score starts; the factors' points add up from it.")
    thin_file: bool = strawberry.field(description="No orders or instalments yet.")
    factors: list[CreditScoreFactor] = strawberry.field(description="Largest effect first.")
    guideline_score: int = strawberry.field(description="From this score up, you meet the credit guideline.")
    used_as_credit_history: bool = strawberry.field(
        description="True when the loan model uses this score, because your profile does not state it."
    )
    credit_history: bool | None = strawberry.field(
        description="What the loan model is told: meets the guideline, or not; null: unknown (thin file)."
    )
    credit_limit: CreditLimitType = strawberry.field(description="The most the mall lends you now.")

    @classmethod
    def from_credit(cls, credit: UserCredit, limit: CreditLimit) -> CreditScoreType:
        result = credit.result
        return cls(
            score=result.score,
            band=credit.band,
            base=result.base,
            thin_file=result.thin_file,
            factors=[
                CreditScoreFactor(
                    name=f.name, value=float(f.value), points=f.points, explanation=f.explanation
                )
                for f in result.factors
            ],
            guideline_score=GUIDELINE_SCORE,
            used_as_credit_history=credit.used_as_credit_history,
            credit_history=credit.credit_history,
            credit_limit=CreditLimitType.from_limit(limit),
        )


# ---- quotes and offers ----


@strawberry.type(description="One month of a repayment schedule.")
class ScheduleLine:
    number: int
    due_date: date
    payment: Decimal
    principal: Decimal
    interest: Decimal
    balance: Decimal = strawberry.field(description="Still owed after this payment.")


@strawberry.type(
    name="LoanOffer", description="A term you may take, priced by risk; accept it before the quote expires."
)
class LoanOfferType:
    id: relay.GlobalID
    term_months: int
    approval_probability: float = strawberry.field(description="The calibrated probability for this term.")
    apr_percent: Decimal = strawberry.field(description="Annual rate in percent, priced by risk.")
    monthly_installment: Decimal = strawberry.field(description="The level monthly payment (amortised).")
    total_repayable: Decimal
    total_interest: Decimal
    status: OfferStatus = strawberry.field(
        description="AVAILABLE can be accepted; DECLINED by the model; UNAFFORDABLE breaks the 40% rule."
    )
    amount: strawberry.Private[Decimal]
    quoted_on: strawberry.Private[date]

    @strawberry.field(description="Month by month, as if paid out on the day of the quote.")
    def schedule(self) -> list[ScheduleLine]:
        return [
            ScheduleLine(
                number=line.number,
                due_date=due_date(self.quoted_on, line.due_in_months),
                payment=line.payment,
                principal=line.principal,
                interest=line.interest,
                balance=line.balance,
            )
            for line in repayment_schedule(self.amount, self.apr_percent, self.term_months)
        ]

    @classmethod
    def from_row(cls, row: LoanOffer, amount: Decimal, quoted_on: date) -> LoanOfferType:
        return cls(
            id=to_global_id("LoanOffer", row.id),
            term_months=row.term_months,
            approval_probability=float(row.approval_probability),
            apr_percent=row.apr_percent,
            monthly_installment=row.monthly_installment,
            total_repayable=row.total_repayable,
            total_interest=row.total_interest,
            status=row.status,
            amount=amount,
            quoted_on=quoted_on,
        )


@strawberry.type(
    name="LoanQuote", description="The model's answer to a loan request, with an offer per term."
)
class LoanQuoteType:
    id: relay.GlobalID
    amount: Decimal
    term_months: int
    purpose: str
    approval_probability: float = strawberry.field(description="Calibrated, for the requested term.")
    decision: LoanDecision
    max_amount: Decimal | None = strawberry.field(
        description="The most the model approves for you at this term within your credit limit and the "
        "40% rule."
    )
    credit_score: int = strawberry.field(description="Your purchase-based score when quoted.")
    credit_history_from_score: bool = strawberry.field(
        description="True when your score stood in for the credit guideline you did not state."
    )
    model_kind: str
    created_at: datetime
    expires_at: datetime = strawberry.field(description="Offers can be accepted until then.")
    offers: list[LoanOfferType] = strawberry.field(description="One per term offered, shortest first.")
    credit_limit: CreditLimitType = strawberry.field(description="Your credit limit when quoted.")

    @classmethod
    def from_rows(cls, quote: LoanQuote, offers: list[LoanOffer], limit: CreditLimit) -> LoanQuoteType:
        quoted_on = quote.created_at.date()
        return cls(
            id=to_global_id("LoanQuote", quote.id),
            amount=quote.amount,
            term_months=quote.term_months,
            purpose=quote.purpose,
            approval_probability=float(quote.approval_probability),
            decision=quote.decision,
            max_amount=quote.max_amount,
            credit_score=quote.credit_score,
            credit_history_from_score=quote.credit_history_from_score,
            model_kind=quote.model_kind,
            created_at=quote.created_at,
            expires_at=quote.expires_at,
            offers=[LoanOfferType.from_row(o, quote.amount, quoted_on) for o in offers],
            credit_limit=CreditLimitType.from_limit(limit),
        )


@strawberry.input(description="What you would like to borrow.")
class LoanQuoteInput:
    amount: Decimal = strawberry.field(description="Within the mall's loan limits, in cents.")
    term_months: int = strawberry.field(description="One of the terms offered (3, 6, 12 or 24 by default).")
    purpose: str = strawberry.field(description="1 to 200 characters.")


@strawberry.type(description="The quote, or why there is none (MODEL_UNAVAILABLE, PROFILE_REQUIRED, ...).")
class LoanQuotePayload:
    quote: LoanQuoteType | None
    errors: list[LoanError]


# ---- loans ----


@strawberry.type(name="LoanInstallment", description="One monthly instalment of a loan.")
class LoanInstallmentType:
    number: int
    due_date: date
    principal: Decimal
    interest: Decimal
    amount_due: Decimal
    amount_paid: Decimal
    status: InstallmentStatus
    paid_at: datetime | None

    @classmethod
    def from_row(cls, row: LoanInstallment) -> LoanInstallmentType:
        return cls(
            number=row.number,
            due_date=row.due_date,
            principal=row.principal,
            interest=row.interest,
            amount_due=row.amount_due,
            amount_paid=row.amount_paid,
            status=row.status,
            paid_at=row.paid_at,
        )


@strawberry.type(name="Loan", description="A loan: paid into your wallet, repaid from it in instalments.")
class LoanNode(relay.Node):
    id: relay.NodeID[int]
    purpose: str
    principal: Decimal
    apr_percent: Decimal
    term_months: int
    total_due: Decimal = strawberry.field(description="Principal plus interest.")
    amount_repaid: Decimal
    status: LoanStatus
    coupon_code: str | None = strawberry.field(description="The coupon granted with the loan, if any.")
    disbursed_at: datetime
    repaid_at: datetime | None
    user_pk: strawberry.Private[int]

    @strawberry.field(description="What is still owed.")
    def outstanding(self) -> Decimal:
        return self.total_due - self.amount_repaid

    @strawberry.field(description="The instalments, first due first.")
    async def installments(self, info: Info) -> list[LoanInstallmentType]:
        rows = await info.context.loaders.loan_installments.load(self.id)
        return [LoanInstallmentType.from_row(row) for row in rows]

    @strawberry.field(description="The borrower.")
    async def user(self, info: Info) -> UserNode | None:
        row = await info.context.loaders.user.load(self.user_pk)
        return UserNode.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: Loan) -> LoanNode:
        assert row.id is not None
        return cls(
            id=row.id,
            purpose=row.purpose,
            principal=row.principal,
            apr_percent=row.apr_percent,
            term_months=row.term_months,
            total_due=row.total_due,
            amount_repaid=row.amount_repaid,
            status=row.status,
            coupon_code=row.coupon_code,
            disbursed_at=row.disbursed_at,
            repaid_at=row.repaid_at,
            user_pk=row.user_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[Any], required: bool = False
    ) -> list[LoanNode | None]:
        # the borrower sees their loans; loan managers see all; anyone else sees nothing
        viewer = await info.context.user()
        if viewer is None:
            return [None for _ in node_ids]
        manager = has_perm(viewer.role, Perm.MANAGE_LOANS)
        rows = await info.context.loaders.loan.load_many(node_pks(node_ids))
        return [cls.from_row(row) if row and (manager or row.user_id == viewer.id) else None for row in rows]


@strawberry.type
class LoanEdge:
    cursor: str
    node: LoanNode


@strawberry.type(description="A page of loans, newest first.")
class LoanConnection:
    edges: list[LoanEdge]
    page_info: PageInfo


def loan_connection(page: Page[Loan]) -> LoanConnection:
    return LoanConnection(
        edges=edges(page, LoanNode.from_row, lambda c, n: LoanEdge(cursor=c, node=n)),
        page_info=page_info(page),
    )


@strawberry.input(description="Narrow the admin's loan list.")
class LoanFilterInput:
    status: LoanStatus | None = None
    user_id: relay.GlobalID | None = None

    def to_filter(self) -> LoanFilter:
        return LoanFilter(
            user_id=node_pk(self.user_id, "User") if self.user_id else None,
            status=LoanStatus(self.status) if self.status else None,
        )


@strawberry.type(description="The loan that was created or changed.")
class LoanPayload:
    loan: LoanNode | None
    errors: list[LoanError]


# ---- root fields ----


@strawberry.type
class LoanQuery:
    @strawberry.field(
        description="Your financial profile; null until you record one.", extensions=login_required()
    )
    async def financial_profile(self, info: Info) -> FinancialProfileType | None:
        user = await _user(info)
        assert user.id is not None
        row = await loans.get_profile(await info.context.session(), user.id)
        return FinancialProfileType.from_row(row) if row else None

    @strawberry.field(
        description="Every saved version of your financial profile, newest first (the last 100).",
        extensions=login_required(),
    )
    async def financial_profile_history(self, info: Info) -> list[FinancialProfileType]:
        user = await _user(info)
        assert user.id is not None
        rows = await loans.profile_history(await info.context.session(), user.id)
        return [FinancialProfileType.from_row(row) for row in rows]

    @strawberry.field(
        description="Your purchase-based credit score and its factors.", extensions=login_required()
    )
    async def credit_score(self, info: Info) -> CreditScoreType:
        credit = await loans.credit_for(await info.context.session(), await _user(info))
        return CreditScoreType.from_credit(credit, loans.limit_of(credit, info.context.services.loan_policy))

    @strawberry.field(description="Your loans, newest first.", extensions=login_required())
    async def my_loans(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 10,
        after: str | None = None,
        status: LoanStatus | None = None,
    ) -> LoanConnection:
        user = await _user(info)
        filter_ = LoanFilter(user_id=user.id, status=LoanStatus(status) if status else None)
        page = await loans.list_loans(await info.context.session(), filter_, page_request(first, after))
        return loan_connection(page)

    @strawberry.field(
        description="One of your loans (any loan, for loan managers); null if not yours.",
        extensions=login_required(),
    )
    async def loan(self, info: Info, id: relay.GlobalID) -> LoanNode | None:
        viewer = await info.context.user()
        assert viewer is not None
        row = await loans.get_loan_for(await info.context.session(), viewer, node_pk(id, "Loan"))
        return LoanNode.from_row(row) if row else None

    @strawberry.field(
        description="All loans, filtered, newest first.", extensions=requires(Perm.MANAGE_LOANS)
    )
    async def loans(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=PAGE_SIZE_DESCRIPTION)] = 20,
        after: str | None = None,
        filter: LoanFilterInput | None = None,
    ) -> LoanConnection:
        page = await loans.list_loans(
            await info.context.session(),
            (filter or LoanFilterInput()).to_filter(),
            page_request(first, after),
        )
        return loan_connection(page)


async def _quote(info: Info, input: LoanQuoteInput) -> LoanQuotePayload:
    services = info.context.services
    try:
        result = await loans.quote_loan(
            await info.context.session(),
            services.loan_model,
            services.loan_policy,
            await _user(info),
            QuoteRequest(amount=input.amount, term_months=input.term_months, purpose=input.purpose),
        )
    except DomainError as exc:
        return LoanQuotePayload(quote=None, errors=errors_of(LoanError, exc))
    return LoanQuotePayload(
        quote=LoanQuoteType.from_rows(result.quote, result.offers, result.limit), errors=[]
    )


@strawberry.type
class LoanMutation:
    @strawberry.mutation(
        description="Record your finances; each change is kept in the profile's history.",
        extensions=login_required(),
    )
    async def update_financial_profile(
        self, info: Info, input: FinancialProfileInput
    ) -> FinancialProfilePayload:
        user = await _user(info)
        assert user.id is not None
        try:
            row = await loans.update_profile(await info.context.session(), user.id, input.to_fields())
        except DomainError as exc:
            return FinancialProfilePayload(profile=None, errors=errors_of(LoanError, exc))
        return FinancialProfilePayload(profile=FinancialProfileType.from_row(row), errors=[])

    @strawberry.mutation(
        description="Ask for a loan: the decision, your maximum amount and an offer per term (recorded; "
        "offers expire).",
        extensions=login_required(),
    )
    async def loan_quote(self, info: Info, input: LoanQuoteInput) -> LoanQuotePayload:
        return await _quote(info, input)

    @strawberry.mutation(
        description="The first name of loanQuote; same arguments and answer.",
        deprecation_reason="Use loanQuote.",
        extensions=login_required(),
    )
    async def request_loan_quote(self, info: Info, input: LoanQuoteInput) -> LoanQuotePayload:
        return await _quote(info, input)

    @strawberry.mutation(
        description="Take an offer: the principal is paid into your wallet, and a coupon may come with it.",
        extensions=login_required(),
    )
    async def accept_loan_offer(self, info: Info, offer_id: relay.GlobalID) -> LoanPayload:
        user = await _user(info)
        assert user.id is not None
        try:
            row = await loans.accept_offer(
                await info.context.session(),
                info.context.services.loan_policy,
                user.id,
                node_pk(offer_id, "LoanOffer"),
            )
        except DomainError as exc:
            return LoanPayload(loan=None, errors=errors_of(LoanError, exc))
        return LoanPayload(loan=LoanNode.from_row(row), errors=[])

    @strawberry.mutation(
        description="Repay from your wallet, oldest instalment first; more than is owed is refused.",
        extensions=login_required(),
    )
    async def repay_loan(
        self,
        info: Info,
        loan_id: relay.GlobalID,
        amount: Annotated[Decimal, strawberry.argument(description="Up to what is outstanding, in cents.")],
    ) -> LoanPayload:
        user = await _user(info)
        assert user.id is not None
        try:
            row = await loans.repay_loan(
                await info.context.session(), user.id, node_pk(loan_id, "Loan"), amount
            )
        except DomainError as exc:
            return LoanPayload(loan=None, errors=errors_of(LoanError, exc))
        return LoanPayload(loan=LoanNode.from_row(row), errors=[])
