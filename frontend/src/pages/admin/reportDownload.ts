// Model reports sit behind the admin's bearer token (`GET /admin/files/{name}`). An <img src> or a
// plain link cannot send that header, so the file is fetched with it and handed to the page as a
// blob URL; whoever takes the URL must revoke it (URL.revokeObjectURL) when it is no longer shown.
import { sentence } from '@/lib/errors'

export type ReportDownload = { blobUrl: string; error?: undefined } | { blobUrl?: undefined; error: string }

const IMAGE = /\.(png|jpe?g|gif|webp)$/i

export const isImageReport = (name: string): boolean => IMAGE.test(name)

/** The file at `url` as a blob URL, or a sentence saying why not (the API's own when it gives one). */
export async function downloadReport(url: string, token: string | null, fetcher: typeof fetch = fetch): Promise<ReportDownload> {
  let response: Response
  try {
    // reports change whenever their job reruns: never let the HTTP cache answer
    response = await fetcher(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' })
  } catch {
    return { error: 'The mall cannot be reached. Check your connection and try again.' }
  }
  if (!response.ok) return { error: await refusal(response) }
  return { blobUrl: URL.createObjectURL(await response.blob()) }
}

// the route answers {"error": {"code", "message"}} when it refuses
async function refusal(response: Response): Promise<string> {
  if (response.status === 401) return 'Please log in again to see this.'
  if (response.status === 403) return 'You are not allowed to do this.'
  try {
    const body = (await response.json()) as { error?: { message?: unknown } }
    if (typeof body.error?.message === 'string') return sentence(body.error.message)
  } catch {
    /* not JSON: fall through to the status */
  }
  return `The file could not be downloaded (HTTP ${response.status}).`
}
