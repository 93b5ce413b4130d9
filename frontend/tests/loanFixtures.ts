// Loan-domain answers as the API shapes them, for the loan page's tests.
export const scheduleLine = (number: number, balance: string) => ({
  number, dueDate: `2027-0${number}-15`, payment: '678.38', principal: '660.86', interest: '17.52', balance,
})

export const offer = (id: string, termMonths: number, status = 'AVAILABLE') => ({
  id, termMonths, approvalProbability: 0.85, aprPercent: '10.50', monthlyInstallment: '678.38', totalRepayable: '2035.14', totalInterest: '35.14', status,
  schedule: [scheduleLine(1, '1339.14'), scheduleLine(2, '672.49'), scheduleLine(3, '0.00')],
})

export const quote = () => ({
  id: 'Q1', amount: '2000.00', termMonths: 3, purpose: 'A fridge', approvalProbability: 0.85, decision: 'APPROVED', maxAmount: '16610.00',
  creditScore: 580, creditHistoryFromScore: true, expiresAt: '2027-01-01T12:00:00+00:00',
  offers: [offer('O3', 3), offer('O24', 24, 'UNAFFORDABLE')],
  creditLimit: { amount: '6500.00', bindingRule: 'earned' },
})

export const profile = () => ({
  applicantIncome: '5000.00', coapplicantIncome: '0.00', dependents: 'NONE', education: 'GRADUATE', selfEmployed: false, propertyArea: 'URBAN',
  monthlyDebt: '200.00', meetsCreditGuideline: null, version: 1, changedAt: '2026-11-01T10:00:00+00:00',
})

export const credit = () => ({
  score: 640, band: 'GOOD', base: 580, thinFile: false, guidelineScore: 620, usedAsCreditHistory: true, creditHistory: true,
  factors: [
    { name: 'on_time_share', value: 1, points: 50, explanation: 'Every instalment paid on time.' },
    { name: 'cancelled_orders', value: 2, points: -10, explanation: 'Two cancelled orders.' },
  ],
  creditLimit: {
    amount: '1000.00',
    bindingRule: 'account_age',
    lines: [
      { rule: 'earned', amount: '6500.00', explanation: '500 to start, 1 delivered orders worth 2000.00' },
      { rule: 'account_age', amount: '1000.00', explanation: 'new account (10 days; the cap lifts at 90)' },
      { rule: 'mall_maximum', amount: '50000.00', explanation: 'the most the mall lends anyone' },
    ],
  },
})

export const loan = (overrides: Record<string, unknown> = {}) => ({
  id: 'L1', purpose: 'A fridge', principal: '2000.00', aprPercent: '10.50', termMonths: 3, totalDue: '2035.14', amountRepaid: '0.00',
  outstanding: '2035.14', status: 'ACTIVE', couponCode: null, disbursedAt: '2026-11-01T10:00:00+00:00', repaidAt: null,
  installments: [
    { number: 1, dueDate: '2026-12-01', principal: '660.86', interest: '17.52', amountDue: '678.38', amountPaid: '0.00', status: 'DUE', paidAt: null },
    { number: 2, dueDate: '2027-01-01', principal: '666.65', interest: '11.73', amountDue: '678.38', amountPaid: '0.00', status: 'DUE', paidAt: null },
  ],
  ...overrides,
})

export const loanPage = (overrides: Record<string, unknown> = {}) => ({
  financialProfile: profile(),
  creditScore: credit(),
  myWallet: { balance: '25.00' },
  myLoans: { edges: [] as unknown[] },
  ...overrides,
})
