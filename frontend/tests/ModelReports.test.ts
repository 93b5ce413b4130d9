import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ModelReports from '@/pages/admin/ModelReports.vue'
import { signIn, signOut } from '@/lib/session'
import { fakeClient } from './fakeClient'
import { mountAt } from './testApp'

const admin = { id: 'U2', username: 'admin', nickname: 'Admin', signature: '', role: 'ADMIN' as const, avatarUrl: null }
const report = (name: string, description: string) => ({
  name, description, url: `/admin/files/${name}`, sizeBytes: 20480, updatedAt: '2026-11-01T10:00:00+00:00',
})
const reports = [
  report('tagger-metrics.json', 'Seq2Label vs the retrieval baseline (JSON).'),
  report('tag-clusters.png', 'Review labels across the catalog.'),
  report('tagger-metrics.png', 'Loss curves.'),
]

describe('ModelReports', () => {
  let created: Blob[]
  let revoked: string[]

  beforeEach(() => {
    created = []
    revoked = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob)
      return `blob:report-${created.length}`
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url))
  })
  afterEach(() => {
    signOut()
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('says so when no job has written a report yet', async () => {
    signIn('jwt', admin)
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    const { client } = fakeClient(() => ({ modelReports: [] }))
    const { wrapper } = await mountAt(ModelReports, '/', client)
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('No model reports yet')
    expect(fetch).not.toHaveBeenCalled()
  })

  it('fetches each file with the bearer token: plots as images, the JSON as a download, a refusal as its message; revoked on unmount', async () => {
    signIn('jwt-admin', admin)
    const fetch = vi.fn(async (url: string) => {
      if (url.endsWith('tagger-metrics.png')) {
        return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'not produced yet: run the job that writes it' } }), { status: 404 })
      }
      const type = url.endsWith('.png') ? 'image/png' : 'application/json'
      return new Response(new Blob([url.endsWith('.png') ? 'PNG' : '{"rouge_l": 0.4}'], { type }), { status: 200 })
    })
    vi.stubGlobal('fetch', fetch)
    const { client } = fakeClient(() => ({ modelReports: reports }))
    const { wrapper } = await mountAt(ModelReports, '/', client)
    await flushPromises()

    expect(fetch.mock.calls.map(([url]) => url).sort()).toEqual(['/admin/files/tag-clusters.png', '/admin/files/tagger-metrics.json', '/admin/files/tagger-metrics.png'])
    for (const [, init] of fetch.mock.calls as unknown as [string, RequestInit][]) expect(init.headers).toEqual({ Authorization: 'Bearer jwt-admin' })

    const clusters = wrapper.get('[data-report="tag-clusters.png"]')
    const image = clusters.get('[data-testid="report-image"]')
    const imageUrl = image.attributes('src') ?? ''
    expect(imageUrl).toMatch(/^blob:report-/)
    expect(image.attributes('alt')).toBe('Review labels across the catalog.')
    expect(created[Number(imageUrl.split('-').pop()) - 1].type).toBe('image/png')
    expect(clusters.text()).toContain('20.0 KiB')

    const link = wrapper.get('[data-report="tagger-metrics.json"] [data-testid="report-download"]')
    expect(link.attributes('download')).toBe('tagger-metrics.json')
    expect(link.attributes('href')).toMatch(/^blob:report-/)

    expect(wrapper.get('[data-report="tagger-metrics.png"] [data-testid="report-error"]').text()).toBe('Not produced yet: run the job that writes it.')

    wrapper.unmount()
    expect(revoked.sort()).toEqual([imageUrl, link.attributes('href')].sort())
  })
})
