import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { Client, makeErrorResult, makeResult, type Exchange, type Operation } from '@urql/vue'
import { fromArray, fromPromise, mergeMap, pipe, filter } from 'wonka'
import AdminJobsPage from '@/pages/admin/AdminJobsPage.vue'
import { watchJob } from '@/pages/admin/jobWatch'
import { defaultArgs } from '@/pages/admin/jobArgs'
import { socketUrl } from '@/graphql/subscriptions'
import { signIn, signOut } from '@/lib/session'
import { operationName, vars } from './fakeClient'
import { mountAt } from './testApp'

const admin = { id: 'U2', username: 'admin', nickname: 'Admin', signature: '', role: 'ADMIN' as const, avatarUrl: null }
const job = (state: string, progress: number, message = '') => ({
  id: 'J1', kind: 'sleep', args: { seconds: 3 }, state, progress, message, attempts: 1, cancelRequested: false, result: null, error: null,
  createdAt: '2026-11-01T10:00:00+00:00', startedAt: null, finishedAt: null, updatedAt: '2026-11-01T10:00:00+00:00',
})

/** A client whose subscriptions answer with a list of results (or fail), and queries from a handler. */
function streamingClient(stream: (operation: Operation) => unknown[] | Error, handler: (operation: Operation) => unknown) {
  const calls: Operation[] = []
  const exchange: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== 'teardown'),
      mergeMap((operation) => {
        calls.push(operation)
        if (operation.kind === 'subscription') {
          const answer = stream(operation)
          return answer instanceof Error
            ? fromArray([makeErrorResult(operation, answer)])
            : fromArray(answer.map((data) => makeResult(operation, { data: data as Record<string, unknown> })))
        }
        return fromPromise(Promise.resolve(handler(operation)).then((data) => makeResult(operation, { data: data as Record<string, unknown> })))
      }),
    )
  return { client: new Client({ url: '/graphql', exchanges: [exchange] }), calls }
}

describe('watchJob', () => {
  afterEach(() => vi.useRealTimers())

  it('follows the jobProgress subscription', async () => {
    const seen: number[] = []
    const modes: string[] = []
    const { client, calls } = streamingClient(() => [{ jobProgress: job('RUNNING', 0.5) }, { jobProgress: job('SUCCEEDED', 1) }], () => ({}))
    const stop = watchJob(client, 'J1', (j) => seen.push(j.progress), (m) => modes.push(m))
    await flushPromises()
    expect(seen).toEqual([0.5, 1])
    expect(modes).toEqual(['live'])
    expect(calls.every((c) => c.kind === 'subscription')).toBe(true)
    stop()
  })

  it('polls job(id) every second when the socket fails, until the job ends', async () => {
    vi.useFakeTimers()
    const states = [job('RUNNING', 0.2), job('RUNNING', 0.6), job('SUCCEEDED', 1)]
    const seen: string[] = []
    const modes: string[] = []
    const { client, calls } = streamingClient(() => new Error('socket refused'), () => ({ job: states.shift() }))
    watchJob(client, 'J1', (j) => seen.push(`${j.state} ${j.progress}`), (m) => modes.push(m))
    await vi.advanceTimersByTimeAsync(0)
    expect(modes).toEqual(['live', 'polling'])
    expect(seen).toEqual(['RUNNING 0.2'])
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(3000)
    expect(seen).toEqual(['RUNNING 0.2', 'RUNNING 0.6', 'SUCCEEDED 1'])
    expect(calls.filter((c) => operationName(c) === 'Job')).toHaveLength(3)
  })
})

describe('AdminJobsPage', () => {
  afterEach(() => signOut())

  it('starts a job with its default arguments, puts argument errors under them, and shows live progress', async () => {
    signIn('jwt', admin)
    let starts = 0
    const { client, calls } = streamingClient(
      () => [{ jobProgress: job('RUNNING', 0.5, 'slept 5/10') }],
      (operation) => {
        switch (operationName(operation)) {
          case 'JobKinds': return { jobKinds: [{ name: 'sleep', description: 'Sleeps.', argsSchema: { properties: { seconds: { default: 1 }, steps: { default: 10 } } } }] }
          case 'Jobs': return { jobs: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }
          case 'StartJob':
            starts += 1
            return starts === 1
              ? { startJob: { job: null, errors: [{ field: 'args.seconds', code: 'INVALID_ARGUMENT', message: 'seconds: Input should be greater than or equal to 0' }] } }
              : { startJob: { job: job('QUEUED', 0, 'queued'), errors: [] } }
          default: return {}
        }
      },
    )
    const { wrapper } = await mountAt(AdminJobsPage, '/', client)
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('No jobs yet')
    expect(JSON.parse((wrapper.get('[data-testid="job-args"]').element as HTMLTextAreaElement).value)).toEqual({ seconds: 1, steps: 10 })

    await wrapper.get('[data-testid="job-args"]').setValue('{seconds: }')
    await wrapper.get('[data-testid="start-job-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-field="job-args"]').text()).toContain('Arguments as a JSON object')

    await wrapper.get('[data-testid="job-args"]').setValue('{"seconds": -1}')
    await wrapper.get('[data-testid="start-job-form"]').trigger('submit')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'StartJob'))).toEqual({ kind: 'sleep', args: { seconds: -1 } })
    expect(wrapper.get('[data-field="job-args"]').text()).toBe('Seconds: Input should be greater than or equal to 0.')

    await wrapper.get('[data-testid="job-args"]').setValue('{"seconds": 3}')
    await wrapper.get('[data-testid="start-job-form"]').trigger('submit')
    await flushPromises()
    const row = wrapper.get('[data-testid="job-row"]')
    expect(row.get('[data-testid="job-state"]').text()).toBe('Running')
    expect(row.get('[data-testid="job-progress"]').text()).toBe('50%')
    expect(row.get('[data-testid="job-message"]').text()).toBe('slept 5/10')
    expect(row.text()).toContain('live')
    expect(vars(calls.find((c) => c.kind === 'subscription'))).toEqual({ id: 'J1' })
    wrapper.unmount()
  })

  it('cancels a running job', async () => {
    signIn('jwt', admin)
    const { client, calls } = streamingClient(
      () => [],
      (operation) => {
        switch (operationName(operation)) {
          case 'JobKinds': return { jobKinds: [] }
          case 'Jobs': return { jobs: { edges: [{ node: job('RUNNING', 0.1) }], pageInfo: { hasNextPage: false, endCursor: null } } }
          case 'CancelJob': return { cancelJob: { job: { ...job('RUNNING', 0.1), cancelRequested: true }, errors: [] } }
          default: return {}
        }
      },
    )
    const { wrapper } = await mountAt(AdminJobsPage, '/', client)
    await wrapper.get('[data-testid="cancel-job"]').trigger('click')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'CancelJob'))).toEqual({ id: 'J1' })
    expect(wrapper.get('[data-testid="job-row"]').text()).toContain('cancelling')
    expect(wrapper.get('[data-testid="cancel-job"]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })
})

describe('AdminJobsPage model reports', () => {
  afterEach(() => signOut())

  it('lists the reports again when a job succeeds, since it may have written one', async () => {
    signIn('jwt', admin)
    const { client, calls } = streamingClient(
      () => [{ jobProgress: job('RUNNING', 0.5) }, { jobProgress: job('SUCCEEDED', 1) }],
      (operation) => {
        switch (operationName(operation)) {
          case 'JobKinds': return { jobKinds: [] }
          case 'Jobs': return { jobs: { edges: [{ node: job('QUEUED', 0) }], pageInfo: { hasNextPage: false, endCursor: null } } }
          case 'ModelReports': return { modelReports: [] }
          default: return {}
        }
      },
    )
    const { wrapper } = await mountAt(AdminJobsPage, '/', client)
    await flushPromises()
    expect(wrapper.get('[data-testid="job-state"]').text()).toBe('Succeeded')
    expect(calls.filter((c) => operationName(c) === 'ModelReports')).toHaveLength(2)
    expect(wrapper.get('[data-testid="model-reports"] [data-testid="empty-state"]').text()).toContain('No model reports yet')
    wrapper.unmount()
  })
})

describe('job helpers', () => {
  it('starts a kind\'s arguments from its JSON Schema defaults', () => {
    expect(JSON.parse(defaultArgs({ properties: { source: { default: 'auto' }, product_ids: { default: null }, batch_size: { default: 20 } } }))).toEqual({ source: 'auto', batch_size: 20 })
    expect(defaultArgs(null)).toBe('{}')
  })

  it('turns the GraphQL path into a WebSocket address on the same host', () => {
    expect(socketUrl('/graphql', 'http://127.0.0.1:8000/admin/jobs')).toBe('ws://127.0.0.1:8000/graphql')
    expect(socketUrl('/graphql', 'https://mall.example/')).toBe('wss://mall.example/graphql')
  })
})
