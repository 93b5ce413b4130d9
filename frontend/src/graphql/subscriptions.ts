// Subscriptions (the admin's job progress) over graphql-transport-ws. graphql-ws is imported on
// the first subscription only, so a shopper's first load never carries it. Browsers cannot set
// headers on a WebSocket: the token travels in connection_init's payload, as the API expects.
import type { Client as SocketClient } from 'graphql-ws'
import type { SubscriptionForwarder } from '@urql/vue'

export interface SubscriptionTransport {
  forward: SubscriptionForwarder
  close(): void
}

export function socketUrl(path: string, base: string = globalThis.location?.href ?? 'http://localhost/'): string {
  const url = new URL(path, base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

export function createSubscriptionTransport(path: string, token: string | null): SubscriptionTransport {
  let socket: Promise<SocketClient> | null = null
  let closed = false
  const connect = () =>
    (socket ??= import('graphql-ws').then(({ createClient }) =>
      createClient({
        url: socketUrl(path),
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        // a dropped connection is retried a few times; the page falls back to polling after that
        retryAttempts: 3,
      }),
    ))

  const forward: SubscriptionForwarder = (request) => ({
    subscribe(sink) {
      let dispose: (() => void) | null = null
      let cancelled = false
      connect().then(
        (client) => {
          if (!cancelled && !closed) dispose = client.subscribe({ ...request, query: request.query ?? '' }, sink)
        },
        (error: unknown) => sink.error(error),
      )
      return {
        unsubscribe() {
          cancelled = true
          dispose?.()
        },
      }
    },
  })

  return {
    forward,
    close() {
      closed = true
      void socket?.then((client) => client.dispose())
    },
  }
}
