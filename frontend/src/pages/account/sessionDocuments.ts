// Who is logged in: the user fields the session keeps, `me` at start-up, and `login`.
import type { Client } from '@urql/vue'
import { graphql } from '@/gql'
import { markReady, session, setUser } from '@/lib/session'

export const SessionUserFragment = graphql(`
  fragment SessionUser on User { id username nickname signature role avatarUrl isLocked createdAt }
`)

export const MeDocument = graphql(`
  query Me { me { ...SessionUser } }
`)

export const LoginDocument = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      user { ...SessionUser }
      errors { field code message }
    }
  }
`)

/** Resolve the stored token into a user; an expired token simply logs out. */
export async function loadSession(client: Client): Promise<void> {
  if (!session.token) {
    markReady()
    return
  }
  const result = await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise()
  if (result.error?.networkError) {
    markReady() // keep the token: the API may just be restarting
    return
  }
  setUser(result.data?.me ?? null)
}
