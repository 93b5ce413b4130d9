// A list read a page at a time over a GraphQL connection: "Load more" appends, a new filter
// starts again. Every paged list uses it, so each gets the same guard against late answers.
import { ref, type Ref } from 'vue'
import type { CombinedError } from '@urql/vue'
import { describeError } from '@/lib/errors'

export interface Connection<Row> {
  edges: ReadonlyArray<{ node: Row }>
  pageInfo: { hasNextPage: boolean; endCursor?: string | null }
}

/** What fetching a page gave: the page, a sentence to show instead, or `null` for nothing to list. */
export type PageAnswer<P> = P | { failure: string } | null

/** A query's page, or why there is none: the transport's error, else `fallback`. */
export function pageOrFailure<P>(page: P | null | undefined, error: CombinedError | undefined, fallback: string): PageAnswer<P> {
  if (page) return page
  return { failure: error ? describeError(error) : fallback }
}

/**
 * `fetchPage(after, isCurrent)` asks for the page after the cursor (`null`: the first page);
 * `isCurrent()` turns false once a newer reset has started, so a page may skip side effects of
 * its own. Only the newest reset's answers land: one that comes back late is dropped.
 * `onPage` runs after each page that landed.
 */
export function useCursorPages<Row, P extends Connection<Row> = Connection<Row>>(
  fetchPage: (after: string | null, isCurrent: () => boolean) => Promise<PageAnswer<P>>,
  onPage?: (page: P, reset: boolean) => void,
) {
  const rows = ref([]) as Ref<Row[]>
  const hasNextPage = ref(false)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let endCursor: string | null = null
  let generation = 0

  async function load(reset: boolean): Promise<void> {
    const mine = reset ? ++generation : generation
    const isCurrent = () => mine === generation
    loading.value = true
    error.value = null
    const answer = await fetchPage(reset ? null : endCursor, isCurrent)
    if (!isCurrent()) return
    loading.value = false
    if (answer === null) {
      rows.value = []
      hasNextPage.value = false
      endCursor = null
      return
    }
    if ('failure' in answer) {
      error.value = answer.failure
      return
    }
    const nodes = answer.edges.map((edge) => edge.node)
    rows.value = reset ? nodes : [...rows.value, ...nodes]
    hasNextPage.value = answer.pageInfo.hasNextPage
    endCursor = answer.pageInfo.endCursor ?? null
    loaded.value = true
    onPage?.(answer, reset)
  }

  return { rows, hasNextPage, loading, loaded, error, load }
}
