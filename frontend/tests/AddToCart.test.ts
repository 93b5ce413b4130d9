import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AddToCart from '@/pages/cart/AddToCart.vue'
import { cartCount } from '@/pages/cart/cartDocuments'
import { signIn, signOut } from '@/lib/session'
import { fakeClient } from './fakeClient'
import { mountAt } from './testApp'
import { buyingRoutes } from './buyingFixtures'

const shopper = { id: 'U1', username: 'sam', nickname: 'Sam', signature: '', role: 'CUSTOMER' as const, avatarUrl: null }
const props = { productId: 'P1', stock: 3 }

describe('AddToCart', () => {
  afterEach(() => signOut())

  it('sends a visitor to log in first', async () => {
    const { client, calls } = fakeClient(() => ({}))
    const { wrapper, router } = await mountAt(AddToCart, '/products/P1', client, { props, routes: buyingRoutes })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(calls).toHaveLength(0)
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/products/P1')
  })

  it('checks the quantity range, then shows the API\'s stock error under the quantity', async () => {
    signIn('jwt', shopper)
    const { client, calls } = fakeClient(() => ({
      addToCart: { cart: null, errors: [{ field: 'quantity', code: 'OUT_OF_STOCK', message: 'only 3 left in stock', __typename: 'CartError' }] },
    }))
    const { wrapper } = await mountAt(AddToCart, '/products/P1', client, { props, routes: buyingRoutes })
    await wrapper.get('[data-testid="add-quantity"]').setValue('100')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(calls).toHaveLength(0)
    expect(wrapper.get('[data-field="quantity"]').text()).toBe('A quantity from 1 to 99.')

    await wrapper.get('[data-testid="add-quantity"]').setValue('5')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(calls[0].variables).toEqual({ input: { productId: 'P1', quantity: 5 } })
    expect(wrapper.get('[data-field="quantity"]').text()).toBe('Only 3 left in stock.')
    expect(wrapper.get('[data-testid="add-quantity"]').attributes('aria-invalid')).toBe('true')
  })

  it('updates the header\'s cart count when the product is added', async () => {
    signIn('jwt', shopper)
    const { client } = fakeClient(() => ({ addToCart: { cart: { itemCount: 7 }, errors: [] } }))
    const { wrapper } = await mountAt(AddToCart, '/products/P1', client, { props, routes: buyingRoutes })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(cartCount.value).toBe(7)
    expect(wrapper.get('[data-testid="added-to-cart"]').text()).toContain('View cart')
  })
})
