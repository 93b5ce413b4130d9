import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import PaymentPage from '@/pages/orders/PaymentPage.vue'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'
import { buyingRoutes, order, orderError } from './buyingFixtures'

const shopper = { id: 'U1', username: 'sam', nickname: 'Sam', signature: '', role: 'CUSTOMER' as const, avatarUrl: null }

function answers(payOrder: Record<string, unknown>) {
  return fakeClient((operation) => {
    switch (operationName(operation)) {
      case 'Order': return { order: order() }
      case 'WalletBalance': return { myWallet: { balance: '3.50' } }
      case 'PayOrder': return { payOrder: payOrder }
      default: return {}
    }
  })
}

describe('PaymentPage', () => {
  beforeEach(() => signIn('jwt', shopper))
  afterEach(() => signOut())

  it('says plainly that the card was declined, under the card number, and stays to try again', async () => {
    const { client, calls } = answers({ order: null, errors: [orderError('cardNumber', 'PAYMENT_DECLINED', 'the card was declined')] })
    const { wrapper, router } = await mountAt(PaymentPage, '/orders/O1/pay', client, { routes: buyingRoutes, props: { id: 'O1' } })
    expect(wrapper.get('[data-testid="amount-due"]').text()).toBe('$25.00')
    expect(wrapper.text()).toContain('4000 0000 0000 0002 is always declined')

    await wrapper.get('[data-testid="card-number"]').setValue(' 4000 0000 0000 0002 ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(calls.find((c) => operationName(c) === 'PayOrder')?.variables).toEqual({
      input: { orderId: 'O1', method: 'MOCK_CARD', cardNumber: '4000 0000 0000 0002' },
    })
    expect(wrapper.get('[data-testid="payment-declined"]').text()).toContain('Payment declined.')
    expect(wrapper.get('[data-field="card-number"]').text()).toBe('The card was declined.')
    expect(router.currentRoute.value.path).toBe('/orders/O1/pay')
  })

  it('shows the wallet balance, and a low balance next to the method', async () => {
    const { client, calls } = answers({ order: null, errors: [orderError('method', 'INSUFFICIENT_BALANCE', 'your wallet balance is too low')] })
    const { wrapper } = await mountAt(PaymentPage, '/orders/O1/pay', client, { routes: buyingRoutes, props: { id: 'O1' } })
    expect(wrapper.get('[data-testid="wallet-balance"]').text()).toBe('(balance $3.50)')
    await wrapper.get('[data-testid="method-wallet"]').setValue(true)
    expect(wrapper.find('[data-testid="card-number"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="wallet-short"]').text()).toContain('lower than the total')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'PayOrder')).input).toEqual({ orderId: 'O1', method: 'WALLET', cardNumber: null })
    expect(wrapper.get('[data-field="method"]').text()).toBe('Your wallet balance is too low.')
    expect(wrapper.find('[data-testid="payment-declined"]').exists()).toBe(false)
  })

  it('goes to the paid order once the payment is through', async () => {
    const { client } = answers({ order: order({ status: 'PAID', paidAt: '2026-01-01T10:05:00+00:00', paymentMethod: 'MOCK_CARD' }), errors: [] })
    const { wrapper, router } = await mountAt(PaymentPage, '/orders/O1/pay', client, { routes: buyingRoutes, props: { id: 'O1' } })
    await wrapper.get('[data-testid="card-number"]').setValue('4242 4242 4242 4242')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/orders/O1?paid=1')
  })
})
