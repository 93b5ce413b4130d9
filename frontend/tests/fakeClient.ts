// A real urql Client whose only exchange answers from a test's handler: components use
// useQuery, useMutation and client.query().toPromise() exactly as in the app. A handler that
// throws stands for a lost connection (a network error, as fetchExchange reports it).
import { Client, makeErrorResult, makeResult, type Operation } from '@urql/vue'
import { filter, fromPromise, mergeMap, pipe } from 'wonka'
import type { Exchange } from '@urql/vue'

export type Handler = (operation: Operation) => Record<string, unknown> | Promise<Record<string, unknown>>

export function operationName(operation: Operation): string | undefined {
  const definition = operation.query.definitions.find((d) => d.kind === 'OperationDefinition')
  return definition && 'name' in definition ? definition.name?.value : undefined
}

export function fakeClient(handler: Handler): { client: Client; calls: Operation[] } {
  const calls: Operation[] = []
  const answer: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== 'teardown'),
      mergeMap((operation) => {
        calls.push(operation)
        return fromPromise(
          Promise.resolve()
            .then(() => handler(operation))
            .then(
              (data) => makeResult(operation, { data }),
              (error: Error) => makeErrorResult(operation, error),
            ),
        )
      }),
    )
  return { client: new Client({ url: '/graphql', exchanges: [answer] }), calls }
}

/** An operation's variables, for assertions (urql types them as possibly undefined). */
export const vars = (operation: Operation | undefined): Record<string, any> => (operation?.variables ?? {}) as Record<string, any>
