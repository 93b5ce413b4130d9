import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AdminCouponsPage from '@/pages/admin/AdminCouponsPage.vue'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'

const admin = { id: 'U2', username: 'admin', nickname: 'Admin', signature: '', role: 'ADMIN' as const, avatarUrl: null }
const template = {
  id: 'T1', name: 'Welcome', kind: 'FIXED', value: '5.00', minSpend: '20.00', validFrom: '2026-01-01T00:00:00+00:00',
  validUntil: '2027-01-01T00:00:00+00:00', totalQuantity: 100, granted: 0, perUserLimit: 1, categoryId: null,
}
const couponError = (field: string, message: string) => ({ field, code: 'INVALID', message, __typename: 'CouponError' })

describe('AdminCouponsPage', () => {
  afterEach(() => signOut())

  it('shows validation errors next to their fields, ours and the API\'s', async () => {
    signIn('jwt', admin)
    const { client, calls } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'CouponTemplates': return { couponTemplates: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }
        case 'CategoryTree': return { categories: [] }
        case 'CreateCouponTemplate':
          return { createCouponTemplate: { template: null, errors: [couponError('name', 'a name of 1 to 100 characters'), couponError('value', 'a percentage is at most 100'), couponError('perUserLimit', 'a per-user limit from 1 to the quantity')] } }
        default: return {}
      }
    })
    const { wrapper } = await mountAt(AdminCouponsPage, '/', client)
    await wrapper.get('#ct-value').setValue('ten')
    await wrapper.get('[data-testid="coupon-template-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-field="ct-value"]').text()).toBe('A number such as 5 or 4.50.')
    expect(calls.some((c) => operationName(c) === 'CreateCouponTemplate')).toBe(false)

    await wrapper.get('#ct-kind').setValue('PERCENT')
    await wrapper.get('#ct-value').setValue('150')
    await wrapper.get('#ct-per-user').setValue('500')
    await wrapper.get('[data-testid="coupon-template-form"]').trigger('submit')
    await flushPromises()
    const input = vars(calls.find((c) => operationName(c) === 'CreateCouponTemplate')).input
    expect(input).toMatchObject({ kind: 'PERCENT', value: '150', minSpend: '0', totalQuantity: 100, perUserLimit: 500, categoryId: null })
    expect(input.validUntil > input.validFrom).toBe(true)
    expect(wrapper.get('[data-field="ct-name"]').text()).toBe('A name of 1 to 100 characters.')
    expect(wrapper.get('[data-field="ct-value"]').text()).toBe('A percentage is at most 100.')
    expect(wrapper.get('[data-field="ct-per-user"]').text()).toBe('A per-user limit from 1 to the quantity.')
  })

  it('grants a template to a user found by exact username', async () => {
    signIn('jwt', admin)
    const { client, calls } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'CouponTemplates': return { couponTemplates: { edges: [{ node: template }], pageInfo: { hasNextPage: false, endCursor: null } } }
        case 'CategoryTree': return { categories: [] }
        case 'FindUser': return { users: { edges: [{ node: { id: 'U9', username: 'sam_long' } }, { node: { id: 'U1', username: 'sam' } }] } }
        case 'GrantCoupon': return { grantCoupon: { coupon: { code: 'ABC123', template: { id: 'T1', granted: 1 } }, errors: [] } }
        default: return {}
      }
    })
    const { wrapper } = await mountAt(AdminCouponsPage, '/', client)
    await wrapper.get('[data-testid="grant-username"]').setValue('sam')
    await wrapper.get('.grant form').trigger('submit')
    await flushPromises()
    expect(calls.find((c) => operationName(c) === 'GrantCoupon')?.variables).toEqual({ templateId: 'T1', userId: 'U1' })
    expect(wrapper.get('[data-testid="granted"]').text()).toBe('Granted to sam: code ABC123')
    expect(wrapper.get('[data-template="Welcome"]').text()).toContain('1 / 100')
  })
})
