import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import SearchPage from '@/pages/catalog/SearchPage.vue'
import { whyFound } from '@/pages/catalog/searchResults'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'

const product = (n: number) => ({ id: `P${n}`, name: `Coffee ${n}`, coverImage: null, price: '12.50', originalPrice: '12.50', rating: null, ratingCount: 0, stock: 3 })
const edge = (n: number, extra: Record<string, unknown> = {}) => ({
  cursor: `c${n}`, score: 0.03, keywordRank: 1, semanticRank: null, matchedWords: ['coffee'], node: product(n), ...extra,
})
const page = (edges: unknown[], hasNextPage: boolean, semanticAvailable = true) => ({
  searchProducts: { edges, pageInfo: { hasNextPage, endCursor: hasNextPage ? 'c2' : null }, semanticAvailable },
})

describe('SearchPage', () => {
  it('runs a hybrid search and says why each result is there', async () => {
    const { client, calls } = fakeClient(() => page([edge(1), edge(2, { keywordRank: null, semanticRank: 3, matchedWords: [] })], false))
    const { wrapper } = await mountAt(SearchPage, '/', client, { props: { q: ' gift for a coffee lover ' } })
    expect(operationName(calls[0])).toBe('SearchProducts')
    expect(vars(calls[0])).toMatchObject({ query: 'gift for a coffee lover', after: null })
    expect(wrapper.findAll('[data-testid="product-card"]')).toHaveLength(2)
    expect(wrapper.findAll('[data-testid="search-why"]').map((w) => w.text())).toEqual(['Matches “coffee”', 'Close in meaning'])
    expect(wrapper.get('[data-testid="result-count"]').text()).toBe('2 products')
    expect(wrapper.find('[data-testid="semantic-unavailable"]').exists()).toBe(false)
  })

  it('shows a notice when only words could be matched, and loads the next page', async () => {
    const { client, calls } = fakeClient((operation) => (vars(operation).after === 'c2' ? page([edge(3)], false, false) : page([edge(1), edge(2)], true, false)))
    const { wrapper } = await mountAt(SearchPage, '/', client, { props: { q: 'coffee' } })
    expect(wrapper.get('[data-testid="semantic-unavailable"]').text()).toContain('match your words only')
    expect(wrapper.get('[data-testid="result-count"]').text()).toBe('2+ products')
    await wrapper.get('.more button').trigger('click')
    await flushPromises()
    expect(vars(calls[1]).after).toBe('c2')
    expect(wrapper.findAll('[data-testid="product-card"]')).toHaveLength(3)
  })

  it('says so when nothing matches, and asks nothing without a query', async () => {
    const { client } = fakeClient(() => page([], false))
    const { wrapper } = await mountAt(SearchPage, '/', client, { props: { q: 'zzz' } })
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Nothing matches “zzz”')

    const idle = fakeClient(() => page([], false))
    const blank = await mountAt(SearchPage, '/', idle.client, { props: {} })
    expect(idle.calls).toHaveLength(0)
    expect(blank.wrapper.get('[data-testid="empty-state"]').text()).toContain('What are you looking for?')
  })

  it('explains a match by words and meaning at once', () => {
    expect(whyFound({ keywordRank: 2, semanticRank: 1, matchedWords: ['tea', 'green'] })).toBe('Matches “tea”, “green”; close in meaning')
    expect(whyFound({ keywordRank: null, semanticRank: null, matchedWords: [] })).toBe('')
  })
})
