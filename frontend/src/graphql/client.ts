// One urql client per session: a new token (login, logout, password change) gets a fresh client,
// so nothing cached for one user is ever shown to the next.
import { shallowRef, watch } from 'vue'
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/vue'
import { session, signOut } from '@/lib/session'
import { createSubscriptionTransport, type SubscriptionTransport } from './subscriptions'

export const GRAPHQL_URL = '/graphql'

// the socket of the current client; closed when the token changes
let sockets: SubscriptionTransport | null = null

export function createMallClient(token: string | null): Client {
  sockets?.close()
  sockets = createSubscriptionTransport(GRAPHQL_URL, token)
  return new Client({
    url: GRAPHQL_URL,
    // money and stock change under the shopper's feet: show the cache, then confirm with the API
    requestPolicy: 'cache-and-network',
    // POST even for queries: answers carry the user's own data and must never sit in an HTTP cache
    preferGetMethod: false,
    fetchOptions: () => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      mapExchange({
        onError(error) {
          // a token that expired or was revoked (password changed elsewhere): log out cleanly
          if (token && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) signOut()
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({ forwardSubscription: sockets.forward }),
    ],
  })
}

export const client = shallowRef<Client>(createMallClient(session.token))

watch(
  () => session.token,
  (token) => {
    client.value = createMallClient(token)
  },
)
