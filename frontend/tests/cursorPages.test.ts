import { describe, expect, it } from 'vitest'
import { useCursorPages, type Connection, type PageAnswer } from '@/lib/cursorPages'

type Row = { id: string }

function page(ids: string[], endCursor: string | null): Connection<Row> {
  return { edges: ids.map((id) => ({ node: { id } })), pageInfo: { hasNextPage: endCursor !== null, endCursor } }
}

/** A fetch whose answers the test releases by hand, in any order. */
function controlledFetch() {
  const calls: Array<{ after: string | null; answer: (value: PageAnswer<Connection<Row>>) => void }> = []
  const fetchPage = (after: string | null) =>
    new Promise<PageAnswer<Connection<Row>>>((resolve) => calls.push({ after, answer: resolve }))
  return { calls, fetchPage }
}

const ids = (rows: Row[]) => rows.map((row) => row.id)

describe('cursor pages', () => {
  it('appends the next page after the last cursor and starts over on a reset', async () => {
    const { calls, fetchPage } = controlledFetch()
    const list = useCursorPages<Row>(fetchPage)

    const first = list.load(true)
    expect(list.loading.value).toBe(true)
    calls[0]!.answer(page(['a', 'b'], 'c2'))
    await first
    const more = list.load(false)
    expect(calls[1]!.after).toBe('c2')
    calls[1]!.answer(page(['c'], null))
    await more

    expect(ids(list.rows.value)).toEqual(['a', 'b', 'c'])
    expect(list.hasNextPage.value).toBe(false)
    expect(list.loaded.value).toBe(true)
    expect(list.loading.value).toBe(false)

    const again = list.load(true)
    expect(calls[2]!.after).toBeNull()
    calls[2]!.answer(page(['z'], null))
    await again
    expect(ids(list.rows.value)).toEqual(['z'])
  })

  it('drops an answer that comes back after a newer reset started', async () => {
    const { calls, fetchPage } = controlledFetch()
    const list = useCursorPages<Row>(fetchPage)

    const old = list.load(true)
    const latest = list.load(true)
    calls[1]!.answer(page(['new'], null))
    await latest
    calls[0]!.answer(page(['stale'], 'x'))
    await old

    expect(ids(list.rows.value)).toEqual(['new'])
    expect(list.hasNextPage.value).toBe(false)
  })

  it('shows a failure without losing the rows, and empties the list on a null answer', async () => {
    const { calls, fetchPage } = controlledFetch()
    const seen: boolean[] = []
    const list = useCursorPages<Row>(fetchPage, (_page, reset) => seen.push(reset))

    const first = list.load(true)
    calls[0]!.answer(page(['a'], 'c1'))
    await first
    const failing = list.load(false)
    calls[1]!.answer({ failure: 'The mall is down.' })
    await failing
    expect(list.error.value).toBe('The mall is down.')
    expect(ids(list.rows.value)).toEqual(['a'])

    const nothing = list.load(true)
    expect(list.error.value).toBeNull()
    calls[2]!.answer(null)
    await nothing
    expect(list.rows.value).toEqual([])
    expect(list.hasNextPage.value).toBe(false)
    expect(seen).toEqual([true]) // onPage runs for pages that landed, not failures
  })
})
