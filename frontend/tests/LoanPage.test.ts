import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import LoanPage from '@/pages/loans/LoanPage.vue'
import RepaymentSchedule from '@/pages/loans/RepaymentSchedule.vue'
import { factorName } from '@/pages/loans/loanDocuments'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'
import { buyingRoutes } from './buyingFixtures'
import { credit, loan, loanPage, offer, quote } from './loanFixtures'

const shopper = { id: 'U1', username: 'sam', nickname: 'Sam', signature: '', role: 'CUSTOMER' as const, avatarUrl: null }
const routes = [...buyingRoutes, { path: '/account/loans', name: 'loans', component: LoanPage }, { path: '/account/favourites', name: 'favourites', component: LoanPage }]
const loanError = (field: string | null, code: string, message: string) => ({ field, code, message })

describe('RepaymentSchedule', () => {
  it('lists every month with its payment, principal, interest and what is left, as money', () => {
    const wrapper = mount(RepaymentSchedule, { props: { lines: offer('O3', 3).schedule } })
    const rows = wrapper.findAll('tbody tr')
    expect(rows).toHaveLength(3)
    expect(rows[0].findAll('td').map((td) => td.text())).toEqual(['1', 'Jan 15, 2027', '$678.38', '$660.86', '$17.52', '$1,339.14'])
    expect(rows[2].findAll('td').at(-1)?.text()).toBe('$0.00')
  })
})

describe('LoanPage', () => {
  afterEach(() => signOut())

  it('shows the wallet, the credit score with each factor\'s points, and asks for a profile first', async () => {
    signIn('jwt', shopper)
    const { client } = fakeClient(() => loanPage({ financialProfile: null }))
    const { wrapper } = await mountAt(LoanPage, '/account/loans', client, { routes })
    expect(wrapper.get('[data-testid="loan-wallet-balance"]').text()).toBe('$25.00')
    expect(wrapper.get('[data-testid="credit-score-value"]').text()).toBe('640')
    const factors = wrapper.findAll('[data-testid="credit-factor"]')
    expect(factors[0].text()).toContain('On time share')
    expect(factors[0].get('.up').text()).toBe('+50')
    expect(factors[1].get('.down').text()).toBe('−10')
    expect(wrapper.get('[data-testid="quote-disabled"]').text()).toContain('Save your finances first')
    expect(wrapper.find('[data-testid="loan-quote-form"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('No loans yet')
  })

  it('puts the profile\'s errors next to their fields, ours and the API\'s', async () => {
    signIn('jwt', shopper)
    const { client, calls } = fakeClient((operation) =>
      operationName(operation) === 'UpdateFinancialProfile'
        ? { updateFinancialProfile: { profile: null, errors: [loanError('applicantIncome', 'INVALID', 'a monthly amount from 0 to 1000000.00, in cents')] } }
        : loanPage({ financialProfile: null }),
    )
    const { wrapper } = await mountAt(LoanPage, '/account/loans', client, { routes })
    await wrapper.get('#fp-income').setValue('lots')
    await wrapper.get('[data-testid="financial-profile-form"]').trigger('submit')
    await flushPromises()
    expect(calls.some((c) => operationName(c) === 'UpdateFinancialProfile')).toBe(false)
    expect(wrapper.get('[data-field="fp-income"]').text()).toBe('A monthly amount such as 4200 or 350.50.')

    await wrapper.get('#fp-income').setValue('99999999')
    await wrapper.get('#fp-guideline').setValue('yes')
    await wrapper.get('[data-testid="financial-profile-form"]').trigger('submit')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'UpdateFinancialProfile')).input).toEqual({
      applicantIncome: '99999999', coapplicantIncome: '0', dependents: 'NONE', education: 'GRADUATE', selfEmployed: false, propertyArea: 'URBAN', monthlyDebt: '0', meetsCreditGuideline: true,
    })
    expect(wrapper.get('[data-field="fp-income"]').text()).toBe('A monthly amount from 0 to 1000000.00, in cents.')
  })

  it('quotes a loan with an offer per term and its schedule, and takes the offer', async () => {
    signIn('jwt', shopper)
    let accepted = false
    const { client, calls } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'LoanQuote': return { loanQuote: { quote: quote(), errors: [] } }
        case 'AcceptLoanOffer':
          accepted = true
          return { acceptLoanOffer: { loan: loan(), errors: [] } }
        default: return accepted ? loanPage({ myWallet: { balance: '2025.00' }, myLoans: { edges: [{ node: loan() }] } }) : loanPage()
      }
    })
    const { wrapper } = await mountAt(LoanPage, '/account/loans', client, { routes })
    await wrapper.get('#lq-amount').setValue('2000')
    await wrapper.get('#lq-term').setValue('3')
    await wrapper.get('#lq-purpose').setValue('A fridge')
    await wrapper.get('[data-testid="loan-quote-form"]').trigger('submit')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'LoanQuote')).input).toEqual({ amount: '2000', termMonths: 3, purpose: 'A fridge' })
    expect(wrapper.get('[data-testid="quote-decision"]').text()).toContain('Approved for $2,000.00 over 3 months')
    expect(wrapper.get('[data-testid="quote-max"]').text()).toBe('$16,610.00')
    const offers = wrapper.findAll('[data-testid="loan-offer"]')
    expect(offers).toHaveLength(2)
    expect(offers[0].get('[data-testid="offer-monthly"]').text()).toBe('$678.38')
    expect(wrapper.get('[data-testid="offer-schedule"]').attributes('data-term')).toBe('3')
    expect(wrapper.findAll('[data-testid="repayment-schedule"] tbody tr')).toHaveLength(3)
    expect(offers[0].get('[data-testid="show-schedule"]').attributes('aria-pressed')).toBe('true')
    await offers[1].get('[data-testid="show-schedule"]').trigger('click')
    expect(wrapper.get('[data-testid="offer-schedule"]').attributes('data-term')).toBe('24')
    expect(offers[1].get('[data-testid="offer-status"]').text()).toBe('Over the 40% rule')
    expect(offers[1].find('[data-testid="accept-offer"]').exists()).toBe(false)

    await offers[0].get('[data-testid="accept-offer"]').trigger('click')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'AcceptLoanOffer'))).toEqual({ offerId: 'O3' })
    expect(wrapper.findAll('[data-testid="loan"]')).toHaveLength(1)
    expect(wrapper.get('[data-testid="loan-wallet-balance"]').text()).toBe('$2,025.00')
    expect(wrapper.find('[data-testid="loan-quote"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="quote-disabled"]').text()).toContain('Repay your active loan')
  })

  it('shows the credit limit and its rules, and an over-limit quote with no offer to take', async () => {
    signIn('jwt', shopper)
    const overLimit = {
      ...quote(),
      decision: 'OVER_LIMIT',
      maxAmount: '1000.00',
      offers: [offer('O3', 3, 'OVER_LIMIT')],
      creditLimit: { amount: '1000.00', bindingRule: 'account_age' },
    }
    const { client } = fakeClient((operation) =>
      operationName(operation) === 'LoanQuote' ? { loanQuote: { quote: overLimit, errors: [] } } : loanPage(),
    )
    const { wrapper } = await mountAt(LoanPage, '/account/loans', client, { routes })
    expect(wrapper.get('[data-testid="credit-limit"]').text()).toBe('$1,000.00')
    const lines = wrapper.findAll('[data-testid="credit-limit-lines"] tbody tr')
    expect(lines).toHaveLength(3)
    expect(lines[1].classes()).toContain('binding')
    expect(lines[1].text()).toContain('Cap for the age of your account')

    await wrapper.get('#lq-amount').setValue('2000')
    await wrapper.get('#lq-purpose').setValue('A fridge')
    await wrapper.get('[data-testid="loan-quote-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="quote-decision"]').text()).toContain('Over your credit limit for $2,000.00')
    expect(wrapper.get('[data-testid="quote-limit"]').text()).toContain('$1,000.00')
    expect(wrapper.get('[data-testid="offer-status"]').text()).toBe('Over your credit limit')
    expect(wrapper.find('[data-testid="accept-offer"]').exists()).toBe(false)
  })

  it('shows the quote\'s errors by field, and an offer that cannot be taken on that offer', async () => {
    signIn('jwt', shopper)
    let asked = 0
    const { client } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'LoanQuote':
          asked += 1
          return asked === 1
            ? { loanQuote: { quote: null, errors: [loanError('amount', 'AMOUNT_OUT_OF_RANGE', 'loans run from 500.00 to 50000.00'), loanError('termMonths', 'TERM_NOT_OFFERED', 'terms offered: 3, 6, 12, 24 months')] } }
            : { loanQuote: { quote: quote(), errors: [] } }
        case 'AcceptLoanOffer': return { acceptLoanOffer: { loan: null, errors: [loanError(null, 'QUOTE_EXPIRED', 'the quote has expired; ask again')] } }
        default: return loanPage()
      }
    })
    const { wrapper } = await mountAt(LoanPage, '/account/loans', client, { routes })
    await wrapper.get('#lq-amount').setValue('10')
    await wrapper.get('#lq-purpose').setValue('Gum')
    await wrapper.get('[data-testid="loan-quote-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-field="lq-amount"]').text()).toBe('Loans run from 500.00 to 50000.00.')
    expect(wrapper.get('[data-field="lq-term"]').text()).toBe('Terms offered: 3, 6, 12, 24 months.')

    await wrapper.get('#lq-amount').setValue('2000')
    await wrapper.get('[data-testid="loan-quote-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-field="lq-amount"]').exists()).toBe(false)
    await wrapper.get('[data-testid="accept-offer"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="loan-offer"] [data-field="offerId"]').text()).toBe('The quote has expired; ask again.')
  })

  it('repays a loan from the wallet, the next instalment suggested, a refusal under the amount', async () => {
    signIn('jwt', shopper)
    const { client, calls } = fakeClient((operation) =>
      operationName(operation) === 'RepayLoan'
        ? { repayLoan: { loan: null, errors: [loanError('amount', 'INSUFFICIENT_BALANCE', 'your wallet holds 25.00')] } }
        : loanPage({ myLoans: { edges: [{ node: loan() }] } }),
    )
    const { wrapper } = await mountAt(LoanPage, '/account/loans', client, { routes })
    expect((wrapper.get('[data-testid="repay-amount"]').element as HTMLInputElement).value).toBe('678.38')
    await wrapper.get('[data-testid="repay-form"]').trigger('submit')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'RepayLoan'))).toEqual({ loanId: 'L1', amount: '678.38' })
    expect(wrapper.get('[data-testid="repay-form"] [data-field="amount"]').text()).toBe('Your wallet holds 25.00.')
    expect(wrapper.get('[data-testid="repay-amount"]').attributes('aria-invalid')).toBe('true')
  })

  it('names a score factor in words', () => {
    expect(factorName('on_time_share')).toBe('On time share')
    expect(credit().factors.map((f) => factorName(f.name))).toEqual(['On time share', 'Cancelled orders'])
  })
})
