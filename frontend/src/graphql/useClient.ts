// The urql client of this component tree, for operations run by hand (load more, mutations in loops).
import { inject, isRef, shallowRef, type Ref } from 'vue'
import type { Client } from '@urql/vue'

// '$urql' is the key @urql/vue's install()/provideClient() provide the client under
const URQL_KEY = '$urql'

export function useCurrentClient(): Ref<Client> {
  const provided = inject<Ref<Client> | Client | null>(URQL_KEY, null)
  if (!provided) throw new Error('no urql client provided')
  return isRef(provided) ? provided : shallowRef(provided)
}
