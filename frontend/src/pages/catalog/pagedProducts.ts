// A product listing that grows with "Load more" (cursor paging), refetched when filter or sort change.
import { ref, watch, type Ref } from 'vue'
import { graphql } from '@/gql'
import type { ProductCardFragment, ProductFilterInput, ProductSort } from '@/gql/graphql'
import { useCurrentClient } from '@/graphql/useClient'
import { describeError } from '@/lib/errors'

export const ProductListDocument = graphql(`
  query ProductList($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSort!) {
    products(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      edges { node { ...ProductCard } }
      pageInfo { hasNextPage endCursor }
    }
  }
`)

export interface ProductListArgs {
  filter: ProductFilterInput | null
  sort: ProductSort
}

export function usePagedProducts(args: () => ProductListArgs | null, pageSize = 24) {
  const client = useCurrentClient()
  const products: Ref<ProductCardFragment[]> = ref([])
  const totalCount = ref<number | null>(null)
  const hasNextPage = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let endCursor: string | null = null
  let generation = 0

  async function load(reset: boolean): Promise<void> {
    const current = args()
    if (!current) return
    const mine = reset ? ++generation : generation
    loading.value = true
    error.value = null
    const result = await client.value
      .query(
        ProductListDocument,
        { first: pageSize, after: reset ? null : endCursor, filter: current.filter, sort: current.sort },
        { requestPolicy: 'network-only' },
      )
      .toPromise()
    if (mine !== generation) return // a newer filter won the race
    loading.value = false
    if (result.error || !result.data) {
      error.value = result.error ? describeError(result.error) : 'No answer from the mall.'
      return
    }
    const page = result.data.products
    products.value = reset ? page.edges.map((e) => e.node) : [...products.value, ...page.edges.map((e) => e.node)]
    totalCount.value = page.totalCount
    hasNextPage.value = page.pageInfo.hasNextPage
    endCursor = page.pageInfo.endCursor ?? null
  }

  watch(() => JSON.stringify(args()), () => load(true), { immediate: true })
  watch(client, () => load(true))

  return { products, totalCount, hasNextPage, loading, error, loadMore: () => load(false), reload: () => load(true) }
}
