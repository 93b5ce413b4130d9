// A product listing that grows with "Load more" (cursor paging), refetched when filter or sort change.
import { ref, watch } from 'vue'
import { graphql } from '@/gql'
import type { ProductCardFragment, ProductFilterInput, ProductListQuery, ProductSort } from '@/gql/graphql'
import { useCurrentClient } from '@/graphql/useClient'
import { pageOrFailure, useCursorPages } from '@/lib/cursorPages'

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
  const totalCount = ref<number | null>(null)
  const pages = useCursorPages<ProductCardFragment, ProductListQuery['products']>(
    async (after) => {
      const current = args()
      if (!current) return null
      const result = await client.value
        .query(ProductListDocument, { first: pageSize, after, filter: current.filter, sort: current.sort }, { requestPolicy: 'network-only' })
        .toPromise()
      return pageOrFailure(result.data?.products, result.error, 'No answer from the mall.')
    },
    (page) => {
      totalCount.value = page.totalCount
    },
  )
  const { rows: products, hasNextPage, loading, error } = pages
  // no arguments yet (a page still reading its route): keep what is shown
  const load = (reset: boolean) => (args() ? pages.load(reset) : Promise.resolve())

  watch(() => JSON.stringify(args()), () => load(true), { immediate: true })
  watch(client, () => load(true))

  return { products, totalCount, hasNextPage, loading, error, loadMore: () => load(false), reload: () => load(true) }
}
