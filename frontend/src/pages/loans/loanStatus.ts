// Loan and instalment statuses in words, shared by the shopper's loan page and the admin's loan list
// (kept apart from loanDocuments.ts so the admin's chunk does not carry the shopper's documents).
import type { InstallmentStatus, LoanStatus } from '@/pages/loans/gql/graphql'

export const LOAN_STATUSES: LoanStatus[] = ['ACTIVE', 'REPAID', 'DEFAULTED']
export const LOAN_STATUS: Record<LoanStatus, string> = { ACTIVE: 'Active', REPAID: 'Repaid', DEFAULTED: 'Defaulted' }
export const INSTALLMENT_STATUS: Record<InstallmentStatus, string> = { DUE: 'Due', PAID: 'Paid', OVERDUE: 'Overdue' }

/** "12.50" -> "12.5% APR". */
export const apr = (value: string) => `${Number(value)}% APR`
