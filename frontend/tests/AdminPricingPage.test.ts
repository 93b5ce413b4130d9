import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AdminPricingPage from '@/pages/admin/AdminPricingPage.vue'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'

const admin = { id: 'U2', username: 'admin', nickname: 'Admin', signature: '', role: 'ADMIN' as const, avatarUrl: null }
const routes = [{ path: '/admin/products/:id', name: 'admin-product-edit', component: AdminPricingPage }]
const suggestion = (id: string, status = 'PENDING') => ({
  id, suggestedPrice: '11.00', previousPrice: '10.00', modelPrice: null as string | null, source: 'LOCAL', model: 'ridge-v1', status, createdAt: '2026-11-01T10:00:00+00:00', decidedAt: null,
  reason: { summary: '2 comparable products say 11.20', capped: false, comparablesPrice: '11.20', comparables: [{ productId: 'P9', name: 'Other sauce 12 oz', price: '10.50', size: '12 oz', unitPrice: '3.09' }] },
  product: { id: `P${id}`, name: `Product ${id}`, price: '10.00', coverImage: null },
})
const page = (nodes: unknown[]) => ({ priceSuggestions: { edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } } })

describe('AdminPricingPage', () => {
  afterEach(() => signOut())

  it('lists pending suggestions with the change, and accepts or rejects one', async () => {
    signIn('jwt', admin)
    const { client, calls } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'AcceptPriceSuggestion': return { acceptPriceSuggestion: { suggestion: suggestion('S1', 'ACCEPTED'), errors: [] } }
        case 'RejectPriceSuggestion': return { rejectPriceSuggestion: { suggestion: null, errors: [{ field: 'id', code: 'NOT_PENDING', message: 'already decided' }] } }
        default: return page([suggestion('S1'), suggestion('S2')])
      }
    })
    const { wrapper } = await mountAt(AdminPricingPage, '/', client, { routes })
    expect(vars(calls[0]).status).toBe('PENDING')
    const rows = wrapper.findAll('[data-testid="suggestion-row"]')
    expect(rows[0].text()).toContain('$11.00')
    expect(rows[0].text()).toContain('+10%')
    await rows[0].get('[data-testid="accept-suggestion"]').trigger('click')
    await rows[1].get('[data-testid="reject-suggestion"]').trigger('click')
    await flushPromises()
    expect(rows[0].text()).toContain('Accepted')
    expect(rows[0].find('[data-testid="accept-suggestion"]').exists()).toBe(false)
    expect(rows[1].get('[data-field="ids"]').text()).toBe('Already decided.')
  })

  it('accepts the ticked ones at once, and puts an error on the row it names', async () => {
    signIn('jwt', admin)
    let tries = 0
    const { client, calls } = fakeClient((operation) => {
      if (operationName(operation) !== 'AcceptPriceSuggestions') return page([suggestion('S1'), suggestion('S2'), suggestion('S3')])
      tries += 1
      return tries === 1
        ? { acceptPriceSuggestions: { suggestions: [], errors: [{ field: 'ids.1', code: 'NOT_PENDING', message: 'not pending any more' }] } }
        : { acceptPriceSuggestions: { suggestions: [suggestion('S1', 'ACCEPTED'), suggestion('S3', 'ACCEPTED')], errors: [] } }
    })
    const { wrapper } = await mountAt(AdminPricingPage, '/', client, { routes })
    await wrapper.get('[data-testid="select-all"]').setValue(true)
    expect(wrapper.get('[data-testid="accept-selected"]').text()).toBe('Accept selected (3)')
    await wrapper.get('[data-testid="accept-selected"]').trigger('click')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'AcceptPriceSuggestions'))).toEqual({ ids: ['S1', 'S2', 'S3'] })
    const rows = wrapper.findAll('[data-testid="suggestion-row"]')
    expect(rows[1].get('[data-field="ids"]').text()).toBe('Not pending any more.')
    expect(rows[0].find('[data-field="ids"]').exists()).toBe(false)

    await rows[1].get('input[type="checkbox"]').setValue(false)
    await wrapper.get('[data-testid="accept-selected"]').trigger('click')
    await flushPromises()
    expect(vars(calls.filter((c) => operationName(c) === 'AcceptPriceSuggestions')[1])).toEqual({ ids: ['S1', 'S3'] })
    expect(wrapper.get('[data-testid="bulk-done"]').text()).toBe('Accepted 2 prices.')
    expect(wrapper.findAll('[data-testid="suggestion-row"]').map((r) => r.text().includes('Accepted'))).toEqual([true, false, true])
  })

  it('shows the comparables, and applies the model price only after the admin confirms', async () => {
    signIn('jwt', admin)
    const capped = { ...suggestion('S1'), modelPrice: '16.00', reason: { ...suggestion('S1').reason, capped: true } }
    const { client, calls } = fakeClient((operation) => {
      if (operationName(operation) !== 'AcceptPriceSuggestion') return page([capped])
      return vars(operation).confirmLargerChange
        ? { acceptPriceSuggestion: { suggestion: { ...capped, status: 'ACCEPTED' }, errors: [] } }
        : { acceptPriceSuggestion: { suggestion: null, errors: [{ field: 'confirmLargerChange', code: 'CHANGE_TOO_LARGE', message: 'changes the price by 60%' }] } }
    })
    const { wrapper } = await mountAt(AdminPricingPage, '/', client, { routes })
    const row = wrapper.get('[data-testid="suggestion-row"]')
    expect(row.get('[data-testid="suggestion-reason"]').text()).toContain('Other sauce 12 oz: $10.50')
    expect(row.get('[data-testid="model-price"]').text()).toContain('$16.00')
    await row.get('[data-testid="apply-model-price"]').trigger('click')
    await flushPromises()
    expect(row.get('[data-field="ids"]').text()).toBe('Changes the price by 60%.')
    await row.get('[data-testid="confirm-larger-change"]').trigger('click')
    await flushPromises()
    const sent = calls.filter((c) => operationName(c) === 'AcceptPriceSuggestion').map(vars)
    expect(sent).toEqual([
      { id: 'S1', price: '16.00', confirmLargerChange: false },
      { id: 'S1', price: '16.00', confirmLargerChange: true },
    ])
    expect(wrapper.get('[data-testid="suggestion-row"]').text()).toContain('Accepted')
  })

  it('says so when there is nothing to review', async () => {
    signIn('jwt', admin)
    const { client } = fakeClient(() => page([]))
    const { wrapper } = await mountAt(AdminPricingPage, '/', client, { routes })
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Run the pricing job')
  })
})
