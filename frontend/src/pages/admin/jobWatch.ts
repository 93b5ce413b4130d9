// Live progress of a job: the jobProgress subscription (graphql-transport-ws), or, when the socket
// cannot be had (a proxy without WebSockets, a refused connection), job(id) polled every second.
import type { Client } from '@urql/vue'
import { graphql } from '@/pages/admin/gql'
import type { AdminJobFragment, JobState } from '@/pages/admin/gql/graphql'

export const AdminJobFragmentDocument = graphql(`
  fragment AdminJob on Job {
    id kind args state progress message attempts cancelRequested result error createdAt startedAt finishedAt updatedAt
  }
`)

export const JobProgressDocument = graphql(`
  subscription JobProgress($id: ID!) {
    jobProgress(id: $id) { ...AdminJob }
  }
`)

export const JobDocument = graphql(`
  query Job($id: ID!) {
    job(id: $id) { ...AdminJob }
  }
`)

export const FINISHED: ReadonlySet<JobState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED'])
export const POLL_MS = 1000

export type WatchMode = 'live' | 'polling'

/** Calls onJob with every new state of the job until it ends or stop() is called; returns stop. */
export function watchJob(
  client: Client,
  id: string,
  onJob: (job: AdminJobFragment) => void,
  onMode: (mode: WatchMode) => void = () => {},
): () => void {
  let stopped = false
  let polling = false
  let timer: ReturnType<typeof setTimeout> | undefined

  async function poll(): Promise<void> {
    if (stopped) return
    const result = await client.query(JobDocument, { id }, { requestPolicy: 'network-only' }).toPromise()
    if (stopped) return
    const job = result.data?.job
    if (job) onJob(job)
    if (job && FINISHED.has(job.state)) return
    timer = setTimeout(() => void poll(), POLL_MS)
  }

  function fallBack(): void {
    if (polling || stopped) return
    polling = true
    subscription?.unsubscribe()
    onMode('polling')
    void poll()
  }

  onMode('live')
  let subscription: { unsubscribe(): void } | null = null
  subscription = client.subscription(JobProgressDocument, { id }).subscribe((result) => {
    if (stopped || polling) return
    if (result.error || !result.data) fallBack()
    else onJob(result.data.jobProgress)
  })
  if (polling) subscription.unsubscribe() // it failed before subscribe() returned

  return () => {
    stopped = true
    clearTimeout(timer)
    subscription?.unsubscribe()
  }
}
