// Who is logged in: the token from `login` (kept in localStorage) and the `me` user.
import { computed, reactive } from 'vue'
import type { Role } from '@/gql/graphql'

const TOKEN_KEY = 'mall.token'

export interface SessionUser {
  id: string
  username: string
  nickname: string
  signature: string
  role: Role
  avatarUrl: string | null
}

interface SessionState {
  token: string | null
  user: SessionUser | null
  /** true once `me` has answered (or there was no token to ask with) */
  ready: boolean
}

function storedToken(): string | null {
  try {
    return globalThis.localStorage?.getItem(TOKEN_KEY) ?? null
  } catch {
    return null
  }
}

export const session = reactive<SessionState>({ token: storedToken(), user: null, ready: false })

export const isLoggedIn = computed(() => session.user !== null)
export const isAdmin = computed(() => session.user?.role === 'ADMIN')

export function signIn(token: string, user: SessionUser): void {
  session.token = token
  session.user = user
  markReady()
  try {
    localStorage.setItem(TOKEN_KEY, token)
  } catch {
    /* private mode: the session lasts as long as the tab */
  }
}

export function setUser(user: SessionUser | null): void {
  session.user = user
  if (user === null) clearToken()
  markReady()
}

export function signOut(): void {
  session.user = null
  clearToken()
  markReady()
}

function clearToken(): void {
  session.token = null
  try {
    localStorage.removeItem(TOKEN_KEY)
  } catch {
    /* nothing stored */
  }
}

let waiting: Array<() => void> = []

/** Resolves once the session knows who is logged in (route guards wait on it). */
export function whenReady(): Promise<void> {
  if (session.ready) return Promise.resolve()
  return new Promise((resolve) => waiting.push(resolve))
}

export function markReady(): void {
  session.ready = true
  const callbacks = waiting
  waiting = []
  callbacks.forEach((callback) => callback())
}
