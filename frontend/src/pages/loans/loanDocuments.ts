// The loan page's documents and the words for the loan domain's enums.
import { graphql } from '@/pages/loans/gql'
import type { CreditScoreBand, Dependents, Education, LoanDecision, LoanOfferStatus, PropertyArea } from '@/pages/loans/gql/graphql'

export { INSTALLMENT_STATUS, LOAN_STATUS, apr } from './loanStatus'

export const FinancialProfileFragment = graphql(`
  fragment FinancialProfileFields on FinancialProfile {
    applicantIncome coapplicantIncome dependents education selfEmployed propertyArea monthlyDebt
    meetsCreditGuideline version changedAt
  }
`)

export const CreditScoreFragment = graphql(`
  fragment CreditScoreFields on CreditScore {
    score band base thinFile guidelineScore usedAsCreditHistory creditHistory
    factors { name value points explanation }
    creditLimit { amount bindingRule lines { rule amount explanation } }
  }
`)

export const LoanOfferFragment = graphql(`
  fragment LoanOfferFields on LoanOffer {
    id termMonths approvalProbability aprPercent monthlyInstallment totalRepayable totalInterest status
    schedule { number dueDate payment principal interest balance }
  }
`)

export const LoanFragment = graphql(`
  fragment LoanFields on Loan {
    id purpose principal aprPercent termMonths totalDue amountRepaid outstanding status couponCode disbursedAt repaidAt
    installments { number dueDate principal interest amountDue amountPaid status paidAt }
  }
`)

export const LoanPageDocument = graphql(`
  query LoanPage {
    financialProfile { ...FinancialProfileFields }
    creditScore { ...CreditScoreFields }
    myWallet { balance }
    myLoans(first: 10) { edges { node { ...LoanFields } } }
  }
`)

export const UpdateFinancialProfileDocument = graphql(`
  mutation UpdateFinancialProfile($input: FinancialProfileInput!) {
    updateFinancialProfile(input: $input) {
      profile { ...FinancialProfileFields }
      errors { field code message }
    }
  }
`)

// loanQuote, not its deprecated first name requestLoanQuote
export const LoanQuoteDocument = graphql(`
  mutation LoanQuote($input: LoanQuoteInput!) {
    loanQuote(input: $input) {
      quote {
        id amount termMonths purpose approvalProbability decision maxAmount creditScore creditHistoryFromScore
        expiresAt
        offers { ...LoanOfferFields }
        creditLimit { amount bindingRule }
      }
      errors { field code message }
    }
  }
`)

export const AcceptLoanOfferDocument = graphql(`
  mutation AcceptLoanOffer($offerId: ID!) {
    acceptLoanOffer(offerId: $offerId) {
      loan { ...LoanFields }
      errors { field code message }
    }
  }
`)

export const RepayLoanDocument = graphql(`
  mutation RepayLoan($loanId: ID!, $amount: Decimal!) {
    repayLoan(loanId: $loanId, amount: $amount) {
      loan { ...LoanFields }
      errors { field code message }
    }
  }
`)

/** The terms the API offers by default (MALL_LOAN_TERMS_MONTHS); the schema does not list them. */
export const LOAN_TERMS = [3, 6, 12, 24] as const

export const MONEY = /^\d+(\.\d{1,2})?$/

export const DEPENDENTS: Record<Dependents, string> = { NONE: 'None', ONE: 'One', TWO: 'Two', THREE_OR_MORE: 'Three or more' }
export const EDUCATION: Record<Education, string> = { GRADUATE: 'Graduate', NOT_GRADUATE: 'Not a graduate' }
export const PROPERTY_AREA: Record<PropertyArea, string> = { URBAN: 'Urban', SEMIURBAN: 'Semi-urban', RURAL: 'Rural' }
export const BAND: Record<CreditScoreBand, string> = { POOR: 'Poor', FAIR: 'Fair', GOOD: 'Good', VERY_GOOD: 'Very good', EXCEPTIONAL: 'Exceptional' }
export const DECISION: Record<LoanDecision, string> = {
  APPROVED: 'Approved',
  DECLINED: 'Declined',
  UNAFFORDABLE: 'Not affordable: the payments would be over 40% of your income',
  OVER_LIMIT: 'Over your credit limit',
}
export const OFFER_STATUS: Record<LoanOfferStatus, string> = {
  AVAILABLE: 'Available',
  DECLINED: 'Declined',
  UNAFFORDABLE: 'Over the 40% rule',
  OVER_LIMIT: 'Over your credit limit',
  ACCEPTED: 'Accepted',
}

/** What each rule of the credit limit means, for the table under the score. */
export const LIMIT_RULE: Record<string, string> = {
  earned: 'Earned by delivered orders and on-time repayments',
  missed_instalment: 'An instalment is overdue',
  account_age: 'Cap for the age of your account',
  mall_maximum: 'The most the mall lends anyone',
}

/** 0.8312 -> "83%". */
export const percent = (probability: number) => `${Math.round(probability * 100)}%`

/** A factor's machine name as words: "on_time_share" -> "On time share". */
export function factorName(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim()
  return words ? words[0].toUpperCase() + words.slice(1) : name
}
