// Admin forms take a username; the API wants the user's ID: find the user whose name matches exactly.
import type { Client } from '@urql/vue'
import { graphql } from '@/pages/admin/gql'
import { sentence } from '@/lib/errors'

const FindUserDocument = graphql(`
  query FindUser($search: String!) {
    users(first: 20, search: $search) { edges { node { id username } } }
  }
`)

export async function findUserId(client: Client, username: string): Promise<string | null> {
  const name = username.trim()
  if (!name) return null
  const result = await client.query(FindUserDocument, { search: name }, { requestPolicy: 'network-only' }).toPromise()
  const users = result.data?.users.edges.map((e) => e.node) ?? []
  return users.find((u) => u.username.toLowerCase() === name.toLowerCase())?.id ?? null
}

/** A list filter's user: `userId` null for a blank filter, `unknown` (a sentence) when nobody has that name. */
export async function filterUser(client: Client, username: string): Promise<{ userId: string | null } | { unknown: string }> {
  const name = username.trim()
  if (!name) return { userId: null }
  const userId = await findUserId(client, name)
  return userId ? { userId } : { unknown: sentence(`no user is called ${name}`) }
}
