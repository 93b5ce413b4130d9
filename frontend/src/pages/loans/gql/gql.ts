/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment FinancialProfileFields on FinancialProfile {\n    applicantIncome coapplicantIncome dependents education selfEmployed propertyArea monthlyDebt\n    meetsCreditGuideline version changedAt\n  }\n": typeof types.FinancialProfileFieldsFragmentDoc,
    "\n  fragment CreditScoreFields on CreditScore {\n    score band base thinFile guidelineScore usedAsCreditHistory creditHistory\n    factors { name value points explanation }\n    creditLimit { amount bindingRule lines { rule amount explanation } }\n  }\n": typeof types.CreditScoreFieldsFragmentDoc,
    "\n  fragment LoanOfferFields on LoanOffer {\n    id termMonths approvalProbability aprPercent monthlyInstallment totalRepayable totalInterest status\n    schedule { number dueDate payment principal interest balance }\n  }\n": typeof types.LoanOfferFieldsFragmentDoc,
    "\n  fragment LoanFields on Loan {\n    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt\n    installments { number dueDate principal interest amountDue amountPaid status paidAt }\n  }\n": typeof types.LoanFieldsFragmentDoc,
    "\n  query LoanPage {\n    financialProfile { ...FinancialProfileFields }\n    creditScore { ...CreditScoreFields }\n    myWallet { balance }\n    myLoans(first: 10) { edges { node { ...LoanFields } } }\n  }\n": typeof types.LoanPageDocument,
    "\n  mutation UpdateFinancialProfile($input: FinancialProfileInput!) {\n    updateFinancialProfile(input: $input) {\n      profile { ...FinancialProfileFields }\n      errors { field code message }\n    }\n  }\n": typeof types.UpdateFinancialProfileDocument,
    "\n  mutation LoanQuote($input: LoanQuoteInput!) {\n    loanQuote(input: $input) {\n      quote {\n        id amount termMonths purpose approvalProbability decision maxAmount creditScore creditHistoryFromScore\n        expiresAt\n        offers { ...LoanOfferFields }\n        creditLimit { amount bindingRule }\n      }\n      errors { field code message }\n    }\n  }\n": typeof types.LoanQuoteDocument,
    "\n  mutation AcceptLoanOffer($offerId: ID!) {\n    acceptLoanOffer(offerId: $offerId) {\n      loan { ...LoanFields }\n      errors { field code message }\n    }\n  }\n": typeof types.AcceptLoanOfferDocument,
    "\n  mutation RepayLoan($loanId: ID!, $amount: Decimal!) {\n    repayLoan(loanId: $loanId, amount: $amount) {\n      loan { ...LoanFields }\n      errors { field code message }\n    }\n  }\n": typeof types.RepayLoanDocument,
};
const documents: Documents = {
    "\n  fragment FinancialProfileFields on FinancialProfile {\n    applicantIncome coapplicantIncome dependents education selfEmployed propertyArea monthlyDebt\n    meetsCreditGuideline version changedAt\n  }\n": types.FinancialProfileFieldsFragmentDoc,
    "\n  fragment CreditScoreFields on CreditScore {\n    score band base thinFile guidelineScore usedAsCreditHistory creditHistory\n    factors { name value points explanation }\n    creditLimit { amount bindingRule lines { rule amount explanation } }\n  }\n": types.CreditScoreFieldsFragmentDoc,
    "\n  fragment LoanOfferFields on LoanOffer {\n    id termMonths approvalProbability aprPercent monthlyInstallment totalRepayable totalInterest status\n    schedule { number dueDate payment principal interest balance }\n  }\n": types.LoanOfferFieldsFragmentDoc,
    "\n  fragment LoanFields on Loan {\n    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt\n    installments { number dueDate principal interest amountDue amountPaid status paidAt }\n  }\n": types.LoanFieldsFragmentDoc,
    "\n  query LoanPage {\n    financialProfile { ...FinancialProfileFields }\n    creditScore { ...CreditScoreFields }\n    myWallet { balance }\n    myLoans(first: 10) { edges { node { ...LoanFields } } }\n  }\n": types.LoanPageDocument,
    "\n  mutation UpdateFinancialProfile($input: FinancialProfileInput!) {\n    updateFinancialProfile(input: $input) {\n      profile { ...FinancialProfileFields }\n      errors { field code message }\n    }\n  }\n": types.UpdateFinancialProfileDocument,
    "\n  mutation LoanQuote($input: LoanQuoteInput!) {\n    loanQuote(input: $input) {\n      quote {\n        id amount termMonths purpose approvalProbability decision maxAmount creditScore creditHistoryFromScore\n        expiresAt\n        offers { ...LoanOfferFields }\n        creditLimit { amount bindingRule }\n      }\n      errors { field code message }\n    }\n  }\n": types.LoanQuoteDocument,
    "\n  mutation AcceptLoanOffer($offerId: ID!) {\n    acceptLoanOffer(offerId: $offerId) {\n      loan { ...LoanFields }\n      errors { field code message }\n    }\n  }\n": types.AcceptLoanOfferDocument,
    "\n  mutation RepayLoan($loanId: ID!, $amount: Decimal!) {\n    repayLoan(loanId: $loanId, amount: $amount) {\n      loan { ...LoanFields }\n      errors { field code message }\n    }\n  }\n": types.RepayLoanDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FinancialProfileFields on FinancialProfile {\n    applicantIncome coapplicantIncome dependents education selfEmployed propertyArea monthlyDebt\n    meetsCreditGuideline version changedAt\n  }\n"): (typeof documents)["\n  fragment FinancialProfileFields on FinancialProfile {\n    applicantIncome coapplicantIncome dependents education selfEmployed propertyArea monthlyDebt\n    meetsCreditGuideline version changedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CreditScoreFields on CreditScore {\n    score band base thinFile guidelineScore usedAsCreditHistory creditHistory\n    factors { name value points explanation }\n    creditLimit { amount bindingRule lines { rule amount explanation } }\n  }\n"): (typeof documents)["\n  fragment CreditScoreFields on CreditScore {\n    score band base thinFile guidelineScore usedAsCreditHistory creditHistory\n    factors { name value points explanation }\n    creditLimit { amount bindingRule lines { rule amount explanation } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LoanOfferFields on LoanOffer {\n    id termMonths approvalProbability aprPercent monthlyInstallment totalRepayable totalInterest status\n    schedule { number dueDate payment principal interest balance }\n  }\n"): (typeof documents)["\n  fragment LoanOfferFields on LoanOffer {\n    id termMonths approvalProbability aprPercent monthlyInstallment totalRepayable totalInterest status\n    schedule { number dueDate payment principal interest balance }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LoanFields on Loan {\n    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt\n    installments { number dueDate principal interest amountDue amountPaid status paidAt }\n  }\n"): (typeof documents)["\n  fragment LoanFields on Loan {\n    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt\n    installments { number dueDate principal interest amountDue amountPaid status paidAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LoanPage {\n    financialProfile { ...FinancialProfileFields }\n    creditScore { ...CreditScoreFields }\n    myWallet { balance }\n    myLoans(first: 10) { edges { node { ...LoanFields } } }\n  }\n"): (typeof documents)["\n  query LoanPage {\n    financialProfile { ...FinancialProfileFields }\n    creditScore { ...CreditScoreFields }\n    myWallet { balance }\n    myLoans(first: 10) { edges { node { ...LoanFields } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateFinancialProfile($input: FinancialProfileInput!) {\n    updateFinancialProfile(input: $input) {\n      profile { ...FinancialProfileFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateFinancialProfile($input: FinancialProfileInput!) {\n    updateFinancialProfile(input: $input) {\n      profile { ...FinancialProfileFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoanQuote($input: LoanQuoteInput!) {\n    loanQuote(input: $input) {\n      quote {\n        id amount termMonths purpose approvalProbability decision maxAmount creditScore creditHistoryFromScore\n        expiresAt\n        offers { ...LoanOfferFields }\n        creditLimit { amount bindingRule }\n      }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation LoanQuote($input: LoanQuoteInput!) {\n    loanQuote(input: $input) {\n      quote {\n        id amount termMonths purpose approvalProbability decision maxAmount creditScore creditHistoryFromScore\n        expiresAt\n        offers { ...LoanOfferFields }\n        creditLimit { amount bindingRule }\n      }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptLoanOffer($offerId: ID!) {\n    acceptLoanOffer(offerId: $offerId) {\n      loan { ...LoanFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptLoanOffer($offerId: ID!) {\n    acceptLoanOffer(offerId: $offerId) {\n      loan { ...LoanFields }\n      errors { field code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RepayLoan($loanId: ID!, $amount: Decimal!) {\n    repayLoan(loanId: $loanId, amount: $amount) {\n      loan { ...LoanFields }\n      errors { field code message }\n    }\n  }\n"): (typeof documents)["\n  mutation RepayLoan($loanId: ID!, $amount: Decimal!) {\n    repayLoan(loanId: $loanId, amount: $amount) {\n      loan { ...LoanFields }\n      errors { field code message }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;