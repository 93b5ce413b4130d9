import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import FavouriteButton from '@/pages/favourites/FavouriteButton.vue'
import FavouritesPage from '@/pages/favourites/FavouritesPage.vue'
import { favouriteIds } from '@/pages/favourites/favouriteDocuments'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'
import { buyingRoutes } from './buyingFixtures'

const shopper = { id: 'U1', username: 'sam', nickname: 'Sam', signature: '', role: 'CUSTOMER' as const, avatarUrl: null }
const routes = [...buyingRoutes, { path: '/account/favourites', name: 'favourites', component: FavouritesPage }, { path: '/account/loans', name: 'loans', component: FavouritesPage }]
const product = (id: string) => ({ id, name: `Product ${id}`, coverImage: null, price: '3.00', originalPrice: '3.00', rating: null, ratingCount: 0, stock: 4 })

describe('FavouriteButton', () => {
  afterEach(() => signOut())

  it('sends a visitor to log in first', async () => {
    const { client, calls } = fakeClient(() => ({}))
    const { wrapper, router } = await mountAt(FavouriteButton, '/products/P1', client, { props: { productId: 'P1' } })
    await wrapper.get('[data-testid="favourite-toggle"]').trigger('click')
    await flushPromises()
    expect(calls).toHaveLength(0)
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/products/P1')
  })

  it('knows the product is a favourite, takes it out, and shows a refusal', async () => {
    signIn('jwt', shopper)
    let removed = false
    const { client, calls } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'FavouriteIds': return { favourites: { edges: [{ node: { id: 'P1' } }] } }
        case 'RemoveFavourite':
          removed = true
          return { removeFavourite: { product: { id: 'P1' }, errors: [] } }
        case 'AddFavourite': return { addFavourite: { product: null, errors: [{ field: 'productId', code: 'NOT_FOUND', message: 'no such product' }] } }
        default: return {}
      }
    })
    const { wrapper } = await mountAt(FavouriteButton, '/products/P1', client, { props: { productId: 'P1' } })
    const button = wrapper.get('[data-testid="favourite-toggle"]')
    expect(button.attributes('aria-pressed')).toBe('true')
    expect(button.text()).toContain('In your favourites')
    await button.trigger('click')
    await flushPromises()
    expect(removed).toBe(true)
    expect(button.attributes('aria-pressed')).toBe('false')
    expect(favouriteIds.value?.has('P1')).toBe(false)

    await button.trigger('click')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'AddFavourite'))).toEqual({ productId: 'P1' })
    expect(wrapper.get('[role="alert"]').text()).toBe('No such product.')
    expect(button.attributes('aria-pressed')).toBe('false')
  })
})

describe('FavouritesPage', () => {
  afterEach(() => signOut())

  it('lists the favourites and takes one out', async () => {
    signIn('jwt', shopper)
    const { client } = fakeClient((operation) =>
      operationName(operation) === 'RemoveFavourite'
        ? { removeFavourite: { product: { id: 'P1' }, errors: [] } }
        : { favourites: { edges: [{ node: product('P1') }, { node: product('P2') }], pageInfo: { hasNextPage: false, endCursor: null } } },
    )
    const { wrapper } = await mountAt(FavouritesPage, '/account/favourites', client, { routes })
    expect(wrapper.findAll('[data-testid="product-card"]')).toHaveLength(2)
    await wrapper.get('.remove').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="product-card"]').map((c) => c.text())).toEqual([expect.stringContaining('Product P2')])
  })

  it('says so when there are none', async () => {
    signIn('jwt', shopper)
    const { client } = fakeClient(() => ({ favourites: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }))
    const { wrapper } = await mountAt(FavouritesPage, '/account/favourites', client, { routes })
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('No favourites yet')
  })
})
