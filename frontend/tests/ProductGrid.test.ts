import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ProductGrid from '@/pages/catalog/ProductGrid.vue'
import { fakeClient } from './fakeClient'
import { mountAt } from './testApp'

const product = (n: number) => ({
  id: `P${n}`, name: `Product ${n}`, coverImage: null, price: '2.50', originalPrice: '2.50', rating: null, ratingCount: 0, stock: 3, __typename: 'Product',
})
const page = (ids: number[], hasNextPage: boolean, total: number) => ({
  products: {
    totalCount: total,
    edges: ids.map((n) => ({ node: product(n), __typename: 'ProductEdge' })),
    pageInfo: { hasNextPage, endCursor: hasNextPage ? `c${ids.at(-1)}` : null, __typename: 'PageInfo' },
    __typename: 'ProductConnection',
  },
})

describe('ProductGrid', () => {
  it('says so when nothing matches', async () => {
    const { client } = fakeClient(() => page([], false, 0))
    const { wrapper } = await mountAt(ProductGrid, '/', client, { props: { filter: { keyword: 'zzz' }, emptyTitle: 'Nothing matches “zzz”' } })
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Nothing matches “zzz”')
    expect(wrapper.get('[data-testid="result-count"]').text()).toBe('0 products')
  })

  it('appends the next page after the end cursor on "Load more"', async () => {
    const { client, calls } = fakeClient((operation) => (operation.variables?.after === 'c2' ? page([3], false, 3) : page([1, 2], true, 3)))
    const { wrapper } = await mountAt(ProductGrid, '/', client, { props: { filter: { categoryId: 'Q2F0OjE=' } } })
    expect(wrapper.findAll('[data-testid="product-card"]')).toHaveLength(2)
    await wrapper.get('.more button').trigger('click')
    await flushPromises()
    expect(calls.at(-1)?.variables).toMatchObject({ after: 'c2', filter: { categoryId: 'Q2F0OjE=' }, sort: 'NEWEST' })
    expect(wrapper.findAll('[data-testid="product-card"]').map((c) => c.find('h3').text())).toEqual(['Product 1', 'Product 2', 'Product 3'])
    expect(wrapper.find('.more').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="price"]')[0].text()).toBe('$2.50')
  })

  it('starts over from the first page when the sort changes', async () => {
    const { client, calls } = fakeClient(() => page([1, 2], true, 3))
    const { wrapper } = await mountAt(ProductGrid, '/', client, { props: { filter: null } })
    await wrapper.get('[data-testid="sort"]').setValue('PRICE_ASC')
    await flushPromises()
    expect(calls.at(-1)?.variables).toMatchObject({ after: null, sort: 'PRICE_ASC' })
  })
})
