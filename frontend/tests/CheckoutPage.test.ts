import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Operation } from '@urql/vue'
import CheckoutPage from '@/pages/orders/CheckoutPage.vue'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'
import { buyingRoutes, cart, deferred, homeAddress, line, orderError } from './buyingFixtures'

const shopper = { id: 'U1', username: 'sam', nickname: 'Sam', signature: '', role: 'CUSTOMER' as const, avatarUrl: null }
const twoLines = cart(
  [line('L1', 'Tea kettle', { quantity: 2, lineTotal: '20.00' }), line('L2', 'Green tea'), line('L3', 'Teapot', { orderable: false, issues: ['OFF_SALE'] })],
  { subtotal: '30.00', total: '30.00' },
)
const placed = { placeOrder: { order: { __typename: 'Order', id: 'O1', number: 'N1', status: 'PENDING_PAYMENT', total: '30.00' }, errors: [] } }

function answers(placeOrder: (operation: Operation) => Record<string, unknown> | Promise<Record<string, unknown>>) {
  return fakeClient((operation) => {
    switch (operationName(operation)) {
      case 'Cart': return { cart: twoLines }
      case 'MyAddresses': return { myAddresses: [homeAddress] }
      case 'AvailableCoupons': return { myCoupons: [] }
      case 'CartCount': return { cart: { itemCount: 1 } }
      case 'PlaceOrder': return placeOrder(operation)
      default: return {}
    }
  })
}
const placeOrders = (calls: Operation[]) => calls.filter((c) => operationName(c) === 'PlaceOrder')

describe('CheckoutPage', () => {
  beforeEach(() => signIn('jwt', shopper))
  afterEach(() => signOut())

  it('sends one order for a double click, for the orderable lines, to the default address', async () => {
    const wire = deferred<Record<string, unknown>>()
    const { client, calls } = answers(() => wire.promise)
    const { wrapper, router } = await mountAt(CheckoutPage, '/checkout', client, { routes: buyingRoutes })

    const button = wrapper.get('[data-testid="place-order"]')
    await button.trigger('click')
    await button.trigger('click')
    expect(placeOrders(calls)).toHaveLength(1)
    expect(button.attributes('disabled')).toBeDefined()

    wire.resolve(placed)
    await flushPromises()
    const input = vars(placeOrders(calls)[0]).input
    expect(input).toMatchObject({ cartItemIds: ['L1', 'L2'], addressId: 'A1', couponCode: null })
    expect(input.idempotencyKey).toMatch(/^[\w-]{16,64}$/)
    expect(placeOrders(calls)).toHaveLength(1)
    expect(router.currentRoute.value.fullPath).toBe('/orders/O1/pay')
  })

  it('retries a lost answer with the same key, so the API can answer with the order it made', async () => {
    let attempt = 0
    const { client, calls } = answers(() => {
      attempt += 1
      if (attempt === 1) throw new Error('connection reset') // the answer never arrives
      return placed
    })
    const { wrapper, router } = await mountAt(CheckoutPage, '/checkout', client, { routes: buyingRoutes })
    await wrapper.get('[data-testid="place-order"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/checkout')
    expect(wrapper.get('.form-errors').text()).toContain('cannot be reached')
    await wrapper.get('[data-testid="place-order"]').trigger('click')
    await flushPromises()

    const [first, second] = placeOrders(calls)
    expect(vars(second).input.idempotencyKey).toBe(vars(first).input.idempotencyKey)
    expect(router.currentRoute.value.fullPath).toBe('/orders/O1/pay')
  })

  it('puts each typed error next to what it is about: the line out of stock, the coupon, the address', async () => {
    const { client } = answers(() => ({
      placeOrder: {
        order: null,
        errors: [
          orderError('cartItemIds', 'OUT_OF_STOCK', 'only 1 of Tea kettle left'),
          orderError('couponCode', 'COUPON_EXPIRED', 'this coupon has expired'),
          orderError('addressId', 'NOT_FOUND', 'no such address'),
          orderError('idempotencyKey', 'INVALID', 'an idempotency key of 1 to 64 characters'),
        ],
      },
    }))
    const { wrapper } = await mountAt(CheckoutPage, '/checkout', client, { routes: buyingRoutes, props: { coupon: 'OLD' } })
    await wrapper.get('[data-testid="place-order"]').trigger('click')
    await flushPromises()

    const lines = wrapper.findAll('[data-testid="checkout-line"]')
    expect(lines[0].get('[data-field="cartItem"]').text()).toBe('Only 1 of Tea kettle left.')
    expect(lines[1].find('[data-field="cartItem"]').exists()).toBe(false)
    expect(wrapper.get('[data-field="cartItemIds"]').text()).toBe('Some items changed: see below.')
    expect(wrapper.get('[data-field="checkout-coupon"]').text()).toBe('This coupon has expired.')
    expect(wrapper.get('[data-field="addressId"]').text()).toBe('No such address.')
    expect(wrapper.get('.form-errors').text()).toBe('An idempotency key of 1 to 64 characters.')
  })

  it('asks for an address first when the shopper has none', async () => {
    const { client, calls } = fakeClient((operation) => {
      if (operationName(operation) === 'Cart') return { cart: twoLines }
      if (operationName(operation) === 'MyAddresses') return { myAddresses: [] }
      return { myCoupons: [] }
    })
    const { wrapper } = await mountAt(CheckoutPage, '/checkout', client, { routes: buyingRoutes })
    expect(wrapper.find('[data-testid="address-form"]').exists()).toBe(true)
    await wrapper.get('[data-testid="place-order"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-field="addressId"]').text()).toBe('Choose or add an address.')
    expect(placeOrders(calls)).toHaveLength(0)
  })
})
