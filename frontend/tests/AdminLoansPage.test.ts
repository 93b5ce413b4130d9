import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AdminLoansPage from '@/pages/admin/AdminLoansPage.vue'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'
import { loan } from './loanFixtures'

const admin = { id: 'U2', username: 'admin', nickname: 'Admin', signature: '', role: 'ADMIN' as const, avatarUrl: null }
const installment = (number: number, dueDate: string, status: string, amountPaid = '0.00') => ({
  number, dueDate, principal: '660.86', interest: '17.52', amountDue: '678.38', amountPaid, status, paidAt: status === 'PAID' ? '2026-12-01T09:00:00+00:00' : null,
})
const adminLoan = (overrides: Record<string, unknown> = {}) => ({ ...loan(), user: { id: 'U1', username: 'sam' }, ...overrides })
const page = (nodes: unknown[], hasNextPage = false) => ({ loans: { edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage, endCursor: hasNextPage ? 'c30' : null } } })

describe('AdminLoansPage', () => {
  afterEach(() => signOut())

  it('lists loans with their borrower and money, and opens a schedule with the overdue instalment marked', async () => {
    signIn('jwt', admin)
    const late = adminLoan({
      amountRepaid: '678.38',
      outstanding: '1356.76',
      installments: [installment(1, '2026-12-01', 'PAID', '678.38'), installment(2, '2027-01-01', 'OVERDUE'), installment(3, '2027-02-01', 'DUE')],
    })
    const { client, calls } = fakeClient(() => page([late, adminLoan({ id: 'L2', status: 'REPAID', outstanding: '0.00', user: null })]))
    const { wrapper } = await mountAt(AdminLoansPage, '/', client)
    expect(operationName(calls[0])).toBe('AdminLoans')
    expect(vars(calls[0])).toEqual({ first: 30, after: null, filter: { status: null, userId: null } })

    const rows = wrapper.findAll('[data-testid="admin-loan-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('sam')
    expect(rows[0].text()).toContain('$2,000.00')
    expect(rows[0].text()).toContain('3 months')
    expect(rows[0].text()).toContain('10.5% APR')
    expect(rows[0].get('[data-testid="admin-loan-outstanding"]').text()).toBe('$1,356.76')
    expect(rows[0].get('[data-testid="admin-loan-state"]').text()).toBe('Active')
    expect(rows[0].get('[data-testid="admin-loan-overdue"]').text()).toBe('1 overdue')
    expect(rows[1].text()).toContain('—')
    expect(rows[1].get('[data-testid="admin-loan-state"]').text()).toBe('Repaid')
    expect(rows[1].find('[data-testid="admin-loan-overdue"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="admin-loan-schedule"]').exists()).toBe(false)

    const toggle = rows[0].get('[data-testid="admin-loan-toggle"]')
    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    const lines = wrapper.get('[data-testid="admin-loan-schedule"]').findAll('[data-testid="admin-loan-installment"]')
    expect(lines).toHaveLength(3)
    expect(lines[1].classes()).toContain('overdue')
    expect(lines[1].findAll('td').map((td) => td.text())).toEqual(['2', 'Jan 1, 2027', '$678.38', '$0.00', 'Overdue'])
    expect(lines[0].classes()).not.toContain('overdue')
    expect(lines[0].text()).toContain('Paid')
    expect(lines[2].text()).toContain('Due')

    await toggle.trigger('click')
    expect(wrapper.find('[data-testid="admin-loan-schedule"]').exists()).toBe(false)
  })

  it('says so when no loan matches', async () => {
    signIn('jwt', admin)
    const { client } = fakeClient(() => page([]))
    const { wrapper } = await mountAt(AdminLoansPage, '/', client)
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('No loans match')
    expect(wrapper.find('[data-testid="admin-loans"]').exists()).toBe(false)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })

  it('asks for the status picked, and pages on from the last cursor with the same filter', async () => {
    signIn('jwt', admin)
    const { client, calls } = fakeClient((operation) => (vars(operation).after ? page([adminLoan({ id: 'L9' })]) : page([adminLoan()], true)))
    const { wrapper } = await mountAt(AdminLoansPage, '/', client)
    await wrapper.get('[data-testid="admin-loan-status"]').setValue('DEFAULTED')
    await flushPromises()
    expect(vars(calls.at(-1))).toEqual({ first: 30, after: null, filter: { status: 'DEFAULTED', userId: null } })

    await wrapper.get('[data-testid="admin-loans-more"]').trigger('click')
    await flushPromises()
    expect(vars(calls.at(-1))).toEqual({ first: 30, after: 'c30', filter: { status: 'DEFAULTED', userId: null } })
    expect(wrapper.findAll('[data-testid="admin-loan-row"]')).toHaveLength(2)
    expect(wrapper.find('[data-testid="admin-loans-more"]').exists()).toBe(false)
  })

  it('shows why the loans could not be loaded, and tries again', async () => {
    signIn('jwt', admin)
    let tries = 0
    const { client } = fakeClient(() => {
      tries += 1
      if (tries === 1) throw new Error('Failed to fetch')
      return page([adminLoan()])
    })
    const { wrapper } = await mountAt(AdminLoansPage, '/', client)
    expect(wrapper.get('[role="alert"]').text()).toMatch(/\S/)
    expect(wrapper.find('[data-testid="empty-state"]').exists()).toBe(false)
    await wrapper.get('[role="alert"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="admin-loan-row"]')).toHaveLength(1)
  })
})
