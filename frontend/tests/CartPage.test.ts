import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import CartPage from '@/pages/cart/CartPage.vue'
import { cartCount } from '@/pages/cart/cartDocuments'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'
import { buyingRoutes, cart, line } from './buyingFixtures'

const shopper = { id: 'U1', username: 'sam', nickname: 'Sam', signature: '', role: 'CUSTOMER' as const, avatarUrl: null }

const staleCart = cart(
  [
    line('L1', 'Tea kettle', { quantity: 2, unitPrice: '1234.50', seenPrice: '1234.50', lineTotal: '2469.00' }),
    line('L2', 'Green tea', { unitPrice: '12.00', seenPrice: '9.99', lineTotal: '12.00', issues: ['PRICE_CHANGED'] }),
    line('L3', 'Teapot', { orderable: false, issues: ['OFF_SALE'], product: { id: 'P3', name: 'Teapot', coverImage: null, stock: 5, onSale: false } }),
    line('L4', 'Tea cups', { quantity: 6, orderable: false, issues: ['STOCK_SHORT'], lineTotal: '60.00', product: { id: 'P4', name: 'Tea cups', coverImage: null, stock: 2, onSale: true } }),
  ],
  { subtotal: '2481.00', discount: '0.00', total: '2481.00', itemCount: 10 },
)

describe('CartPage', () => {
  beforeEach(() => signIn('jwt', shopper))
  afterEach(() => signOut())

  it('formats the totals the API priced and flags each stale line with its reason', async () => {
    const { client } = fakeClient(() => ({ cart: staleCart, myCoupons: [] }))
    const { wrapper } = await mountAt(CartPage, '/cart', client, { routes: buyingRoutes })

    expect(wrapper.get('[data-testid="subtotal"]').text()).toBe('$2,481.00')
    expect(wrapper.get('[data-testid="total"]').text()).toBe('$2,481.00')
    expect(wrapper.find('[data-testid="discount"]').exists()).toBe(false)
    expect(cartCount.value).toBe(10)

    const rows = wrapper.findAll('[data-testid="cart-line"]')
    expect(rows).toHaveLength(4)
    expect(rows[0].find('[data-testid="line-issues"]').exists()).toBe(false)
    expect(rows[0].get('[data-testid="line-total"]').text()).toBe('$2,469.00')
    expect(rows[1].get('[data-issue="PRICE_CHANGED"]').text()).toBe('Price changed from $9.99 to $12.00')
    expect(rows[1].text()).not.toContain('Not included')
    expect(rows[2].get('[data-issue="OFF_SALE"]').text()).toBe('No longer on sale')
    expect(rows[2].text()).toContain('Not included in the total.')
    expect(rows[3].get('[data-issue="STOCK_SHORT"]').text()).toBe('Only 2 left in stock')
    expect(wrapper.get('[data-testid="stale-note"]').text()).toContain('3 lines have changed')
  })

  it('previews a coupon: its discount in the totals, or its problem under the coupon field', async () => {
    const { client, calls } = fakeClient((operation) => {
      if (operationName(operation) === 'AvailableCoupons') return { myCoupons: [] }
      const code = vars(operation).couponCode
      if (code === 'SAVE5') return { cart: { ...staleCart, couponCode: 'SAVE5', discount: '5.00', total: '2476.00' } }
      if (code === 'BIG') return { cart: { ...staleCart, couponCode: 'BIG', couponProblem: { code: 'MIN_SPEND_NOT_MET', message: 'spend $5,000.00 or more to use this coupon' } } }
      return { cart: staleCart }
    })
    const { wrapper } = await mountAt(CartPage, '/cart', client, { routes: buyingRoutes })
    await wrapper.get('[data-testid="coupon-input"]').setValue('SAVE5')
    await wrapper.get('.coupon-picker').trigger('submit')
    await flushPromises()
    expect(calls.filter((c) => operationName(c) === 'Cart').at(-1)?.variables).toEqual({ couponCode: 'SAVE5' })
    expect(wrapper.get('[data-testid="discount"]').text()).toBe('−$5.00')
    expect(wrapper.get('[data-testid="total"]').text()).toBe('$2,476.00')

    await wrapper.get('[data-testid="coupon-input"]').setValue('BIG')
    await wrapper.get('.coupon-picker').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-field="coupon-code"]').text()).toBe('Spend $5,000.00 or more to use this coupon.')
    expect(wrapper.find('[data-testid="discount"]').exists()).toBe(false)
  })

  it('shows a quantity the API refuses next to that line, and keeps the others clean', async () => {
    const { client, calls } = fakeClient((operation) => {
      if (operationName(operation) === 'UpdateCartItem') {
        return { updateCartItem: { cart: null, errors: [{ field: 'quantity', code: 'OUT_OF_STOCK', message: 'only 20 left in stock', __typename: 'CartError' }] } }
      }
      return { cart: staleCart, myCoupons: [] }
    })
    const { wrapper } = await mountAt(CartPage, '/cart', client, { routes: buyingRoutes })
    const first = wrapper.findAll('[data-testid="cart-line"]')[0]
    await first.get('[data-testid="line-quantity"]').setValue('30')
    await first.get('[data-testid="line-quantity"]').trigger('change')
    await flushPromises()
    expect(calls.find((c) => operationName(c) === 'UpdateCartItem')?.variables).toEqual({ itemId: 'L1', quantity: 30 })
    const rows = wrapper.findAll('[data-testid="cart-line"]')
    expect(rows[0].get('[data-field="quantity"]').text()).toBe('Only 20 left in stock.')
    expect(rows[1].find('[data-field="quantity"]').exists()).toBe(false)
  })

  it('says so when the cart is empty', async () => {
    const { client } = fakeClient(() => ({ cart: cart([]), myCoupons: [] }))
    const { wrapper } = await mountAt(CartPage, '/cart', client, { routes: buyingRoutes })
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Your cart is empty')
  })
})
