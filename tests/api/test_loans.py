"""Loans through GraphQL: profile, score, quotes, accepting, repaying, typed errors, who sees what."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings
from db.tables import OrderStatus, Role
from resolvers.loans import LoanModelProvider
from tests.factories import (
    login,
    make_coupon_template,
    make_established,
    make_order,
    make_user,
    pk,
    save_loan_model,
)

PROFILE_INPUT = {
    "applicantIncome": "4000.00",
    "coapplicantIncome": "500.00",
    "dependents": "ONE",
    "education": "GRADUATE",
    "selfEmployed": False,
    "propertyArea": "SEMIURBAN",
    "monthlyDebt": "200.00",
}
UPDATE_PROFILE = """
mutation($input: FinancialProfileInput!) {
  updateFinancialProfile(input: $input) {
    profile { applicantIncome dependents propertyArea meetsCreditGuideline version }
    errors { field code message }
  }
}
"""
PROFILE = (
    "{ financialProfile { applicantIncome version } financialProfileHistory { applicantIncome version } }"
)
CREDIT_SCORE = """
{ creditScore { score band base thinFile usedAsCreditHistory creditHistory factors { name value points explanation } } }
"""
QUOTE = """
mutation($input: LoanQuoteInput!) {
  loanQuote(input: $input) {
    quote {
      id amount termMonths approvalProbability decision maxAmount creditScore creditHistoryFromScore expiresAt
      offers { id termMonths aprPercent monthlyInstallment totalRepayable totalInterest status
               schedule { number dueDate payment principal interest balance } }
      creditLimit { amount bindingRule lines { rule amount explanation } }
    }
    errors { field code message }
  }
}
"""
ACCEPT = """
mutation($id: ID!) {
  acceptLoanOffer(offerId: $id) {
    loan { id principal status couponCode totalDue outstanding installments { number amountDue status } }
    errors { field code message }
  }
}
"""
REPAY = """
mutation($id: ID!, $amount: Decimal!) {
  repayLoan(loanId: $id, amount: $amount) {
    loan { amountRepaid outstanding status installments { number amountPaid status } }
    errors { field code message }
  }
}
"""
MY_LOANS = "{ myLoans(first: 10) { edges { node { id principal status } } } }"
LOAN = "query($id: ID!) { loan(id: $id) { id principal } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on Loan { principal } } }"
ADMIN_LOANS = """
query($filter: LoanFilterInput) {
  loans(first: 20, filter: $filter) { edges { node { principal status user { username } installments { status } } } }
}
"""
WALLET = "{ myWallet { balance entries(first: 10) { edges { node { amount kind reference } } } } }"
MY_COUPONS = "{ myCoupons { code } }"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The suite's settings, with a loan model trained on synthetic applications."""
    return Settings(
        database_url=database_url,
        data_dir=tmp_path / "var",
        secret_key="test-secret-key-that-is-long-enough-0123456789",
        loan_model_dir=save_loan_model(tmp_path / "loan-model"),
    )


async def borrower(
    gql: Any, session: Any, profile: dict[str, Any] | None = None, *, established: bool = True
) -> str:
    """A logged-in user with a profile; established: a long-standing customer whose limit is 6,500."""
    user = await make_user(session)
    if established:
        await make_established(session, user)
    token = await login(gql, user.username)
    data = await gql(UPDATE_PROFILE, {"input": profile or PROFILE_INPUT}, token=token)
    assert data["updateFinancialProfile"]["errors"] == []
    return token


async def ask(gql: Any, token: str, amount: str = "2000.00", term: int = 12) -> dict[str, Any]:
    data = await gql(
        QUOTE, {"input": {"amount": amount, "termMonths": term, "purpose": "a bike"}}, token=token
    )
    payload: dict[str, Any] = data["loanQuote"]
    return payload


async def take(gql: Any, token: str, amount: str = "2000.00", term: int = 12) -> dict[str, Any]:
    quote = (await ask(gql, token, amount, term))["quote"]
    offer = next(o for o in quote["offers"] if o["termMonths"] == term)
    data = await gql(ACCEPT, {"id": offer["id"]}, token=token)
    assert data["acceptLoanOffer"]["errors"] == [], data
    loan: dict[str, Any] = data["acceptLoanOffer"]["loan"]
    return loan


async def test_profile_is_validated_and_its_history_kept(gql: Any, session: Any) -> None:
    token = await borrower(gql, session)
    bad = {**PROFILE_INPUT, "applicantIncome": "-5.00", "monthlyDebt": "99999999.00"}
    refused = await gql(UPDATE_PROFILE, {"input": bad}, token=token)
    assert {e["field"] for e in refused["updateFinancialProfile"]["errors"]} == {
        "applicantIncome",
        "monthlyDebt",
    }
    assert {e["code"] for e in refused["updateFinancialProfile"]["errors"]} == {"INVALID"}
    await gql(UPDATE_PROFILE, {"input": {**PROFILE_INPUT, "applicantIncome": "4200.00"}}, token=token)
    data = await gql(PROFILE, token=token)
    assert data["financialProfile"] == {"applicantIncome": "4200.00", "version": 2}
    assert [h["version"] for h in data["financialProfileHistory"]] == [2, 1]


async def test_an_unknown_enum_value_is_refused_before_anything_runs(gql: Any, session: Any) -> None:
    token = await borrower(gql, session)
    response = await gql.post(
        UPDATE_PROFILE, {"input": {**PROFILE_INPUT, "propertyArea": "MOON"}}, token=token
    )
    assert "errors" in response.json()
    assert (await gql(PROFILE, token=token))["financialProfile"]["version"] == 1


async def test_credit_score_explains_itself(gql: Any, session: Any) -> None:
    token = await borrower(gql, session, established=False)
    score = (await gql(CREDIT_SCORE, token=token))["creditScore"]
    assert 300 <= score["score"] <= 850
    assert score["thinFile"] is True
    assert score["usedAsCreditHistory"] is True  # the profile does not state the guideline
    assert score["creditHistory"] is None
    assert sum(f["points"] for f in score["factors"]) == score["score"] - score["base"]
    assert all(f["explanation"] for f in score["factors"])


async def test_a_quote_has_an_offer_per_term_and_a_full_schedule(gql: Any, session: Any) -> None:
    token = await borrower(gql, session)
    payload = await ask(gql, token, "2000.00", 12)
    assert payload["errors"] == []
    quote = payload["quote"]
    assert quote["decision"] == "APPROVED"
    assert quote["creditHistoryFromScore"] is True
    assert Decimal(quote["maxAmount"]) >= Decimal("2000.00")
    assert [o["termMonths"] for o in quote["offers"]] == [3, 6, 12, 24]
    for offer in quote["offers"]:
        schedule = offer["schedule"]
        assert len(schedule) == offer["termMonths"]
        assert sum(Decimal(line["principal"]) for line in schedule) == Decimal("2000.00")
        assert sum(Decimal(line["payment"]) for line in schedule) == Decimal(offer["totalRepayable"])
        assert schedule[-1]["balance"] == "0.00"


CREDIT_LIMIT = "{ creditScore { creditLimit { amount bindingRule lines { rule amount explanation } } } }"


async def test_a_new_account_asking_for_much_is_over_its_limit_and_told_why(gql: Any, session: Any) -> None:
    # given: opened today, one $56 delivered order
    user = await make_user(session)
    await make_order(session, user, OrderStatus.COMPLETED, "56.00", days_ago=0)
    token = await login(gql, user.username)
    await gql(UPDATE_PROFILE, {"input": PROFILE_INPUT}, token=token)
    # when
    quote = (await ask(gql, token, "2000.00", 12))["quote"]
    # then
    assert quote["decision"] == "OVER_LIMIT"
    assert {o["status"] for o in quote["offers"]} == {"OVER_LIMIT"}
    limit = quote["creditLimit"]
    assert limit["amount"] == "660.00"
    assert [line["rule"] for line in limit["lines"]] == ["earned", "account_age", "mall_maximum"]
    assert Decimal(quote["maxAmount"]) <= Decimal("660.00")
    assert (await gql(CREDIT_LIMIT, token=token))["creditScore"]["creditLimit"] == limit
    offer = quote["offers"][2]
    refused = (await gql(ACCEPT, {"id": offer["id"]}, token=token))["acceptLoanOffer"]
    assert [e["code"] for e in refused["errors"]] == ["OFFER_NOT_AVAILABLE"]


async def test_bad_quote_requests_get_typed_errors(gql: Any, session: Any) -> None:
    token = await borrower(gql, session)
    for amount, term, field, code in (
        ("0", 12, "amount", "AMOUNT_OUT_OF_RANGE"),
        ("1000000.00", 12, "amount", "AMOUNT_OUT_OF_RANGE"),
        ("1000.00", 36, "termMonths", "TERM_NOT_OFFERED"),
    ):
        payload = await ask(gql, token, amount, term)
        assert payload["quote"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]


async def test_a_missing_model_is_a_typed_error_not_a_crash(
    gql: Any, session: Any, app: Any, tmp_path: Path
) -> None:
    app.state.services.loan_model = LoanModelProvider(tmp_path / "no-model-here")
    token = await borrower(gql, session)
    payload = await ask(gql, token)
    assert payload["quote"] is None
    (error,) = payload["errors"]
    assert error["code"] == "MODEL_UNAVAILABLE"
    assert "mall loan train" in error["message"]


async def test_accepting_pays_into_the_wallet_and_grants_the_coupon(gql: Any, session: Any, app: Any) -> None:
    template = await make_coupon_template(session, name="Borrower's treat")
    services = app.state.services
    services.loan_policy = replace(services.loan_policy, coupon_template_id=pk(template))
    token = await borrower(gql, session)
    loan = await take(gql, token, "1500.00", 6)
    assert loan["status"] == "ACTIVE"
    assert loan["outstanding"] == loan["totalDue"]
    assert len(loan["installments"]) == 6
    wallet = (await gql(WALLET, token=token))["myWallet"]
    assert wallet["balance"] == "1500.00"
    (entry,) = [edge["node"] for edge in wallet["entries"]["edges"]]
    assert entry["kind"] == "LOAN_DISBURSEMENT"
    assert (await gql(MY_COUPONS, token=token))["myCoupons"] == [{"code": loan["couponCode"]}]


async def test_accepting_twice_or_while_a_loan_is_active_is_refused(gql: Any, session: Any) -> None:
    token = await borrower(gql, session)
    spare = (await ask(gql, token, "900.00", 24))["quote"]
    loan = await take(gql, token, "1000.00", 12)
    again = await gql(ACCEPT, {"id": spare["offers"][-1]["id"]}, token=token)
    assert [e["code"] for e in again["acceptLoanOffer"]["errors"]] == ["ACTIVE_LOAN_EXISTS"]
    asked = await ask(gql, token)
    assert [e["code"] for e in asked["errors"]] == ["ACTIVE_LOAN_EXISTS"]
    assert (await gql(WALLET, token=token))["myWallet"]["balance"] == loan["principal"]


async def test_repaying_allocates_to_instalments_and_overpayment_is_refused(gql: Any, session: Any) -> None:
    token = await borrower(gql, session)
    loan = await take(gql, token, "1000.00", 3)
    first = loan["installments"][0]["amountDue"]
    paid = (await gql(REPAY, {"id": loan["id"], "amount": first}, token=token))["repayLoan"]
    assert paid["errors"] == []
    assert [i["status"] for i in paid["loan"]["installments"]] == ["PAID", "DUE", "DUE"]
    too_much = Decimal(paid["loan"]["outstanding"]) + Decimal("0.01")
    refused = (await gql(REPAY, {"id": loan["id"], "amount": str(too_much)}, token=token))["repayLoan"]
    assert [e["code"] for e in refused["errors"]] == ["OVERPAYMENT"]
    wallet = (await gql(WALLET, token=token))["myWallet"]
    assert Decimal(wallet["balance"]) == Decimal("1000.00") - Decimal(first)


async def test_another_users_loan_is_invisible_and_the_admin_list_is_for_admins(
    gql: Any, session: Any
) -> None:
    owner = await borrower(gql, session)
    loan = await take(gql, owner, "1000.00", 12)
    other = await borrower(gql, session)
    assert (await gql(LOAN, {"id": loan["id"]}, token=other))["loan"] is None
    assert (await gql(NODE, {"id": loan["id"]}, token=other))["node"] is None
    assert (await gql(MY_LOANS, token=other))["myLoans"]["edges"] == []
    stolen = await gql(REPAY, {"id": loan["id"], "amount": "1.00"}, token=other)
    assert [e["code"] for e in stolen["repayLoan"]["errors"]] == ["NOT_FOUND"]
    forbidden = (await gql.post(ADMIN_LOANS, token=other)).json()
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = await make_user(session, role=Role.ADMIN)
    admin_token = await login(gql, admin.username)
    listed = (await gql(ADMIN_LOANS, {"filter": {"status": "ACTIVE"}}, token=admin_token))["loans"]["edges"]
    assert [edge["node"]["principal"] for edge in listed] == ["1000.00"]
    assert (await gql(LOAN, {"id": loan["id"]}, token=admin_token))["loan"]["principal"] == "1000.00"


async def test_loan_mutations_need_a_login(gql: Any) -> None:
    body = (await gql.post(QUOTE, {"input": {"amount": "1000", "termMonths": 12, "purpose": "x"}})).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
