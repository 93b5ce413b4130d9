// Hybrid search (words and meaning, fused by rank) a page at a time, with why each result ranks.
import { ref, watch, type Ref } from 'vue'
import { graphql } from '@/gql'
import type { SearchResultFragment } from '@/gql/graphql'
import { useCurrentClient } from '@/graphql/useClient'
import { describeError } from '@/lib/errors'

graphql(`
  fragment SearchResult on ProductSearchEdge {
    cursor
    score
    keywordRank
    semanticRank
    matchedWords
    node { ...ProductCard }
  }
`)

export const SearchProductsDocument = graphql(`
  query SearchProducts($query: String!, $first: Int!, $after: String) {
    searchProducts(query: $query, first: $first, after: $after) {
      edges { ...SearchResult }
      pageInfo { hasNextPage endCursor }
      semanticAvailable
    }
  }
`)

/** A few words for a shopper on why a result is there (words matched, close in meaning, or both). */
export function whyFound(result: Pick<SearchResultFragment, 'keywordRank' | 'semanticRank' | 'matchedWords'>): string {
  const words = result.matchedWords.length ? `Matches “${result.matchedWords.join('”, “')}”` : ''
  const meaning = result.semanticRank !== null ? 'close in meaning' : ''
  if (words && meaning) return `${words}; ${meaning}`
  if (words) return words
  return meaning ? 'Close in meaning' : ''
}

export function useSearchResults(query: () => string, pageSize = 24) {
  const client = useCurrentClient()
  const results: Ref<SearchResultFragment[]> = ref([])
  const semanticAvailable = ref(true)
  const hasNextPage = ref(false)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let endCursor: string | null = null
  let generation = 0

  async function load(reset: boolean): Promise<void> {
    const text = query()
    if (!text) return
    const mine = reset ? ++generation : generation
    loading.value = true
    error.value = null
    if (reset) loaded.value = false
    const result = await client.value
      .query(SearchProductsDocument, { query: text, first: pageSize, after: reset ? null : endCursor }, { requestPolicy: 'network-only' })
      .toPromise()
    if (mine !== generation) return // a newer query won the race
    loading.value = false
    const page = result.data?.searchProducts
    if (!page) {
      error.value = result.error ? describeError(result.error) : 'No answer from the mall.'
      return
    }
    results.value = reset ? page.edges : [...results.value, ...page.edges]
    semanticAvailable.value = page.semanticAvailable
    hasNextPage.value = page.pageInfo.hasNextPage
    endCursor = page.pageInfo.endCursor ?? null
    loaded.value = true
  }

  watch(query, () => load(true), { immediate: true })
  watch(client, () => load(true))

  return { results, semanticAvailable, hasNextPage, loading, loaded, error, loadMore: () => load(false), reload: () => load(true) }
}
