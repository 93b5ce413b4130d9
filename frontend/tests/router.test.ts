import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMallRouter } from '@/router'
import { markReady, signIn, signOut } from '@/lib/session'

// the guard runs before any page loads, so the lazy pages are never imported here
vi.mock('@/pages/admin/AdminLayout.vue', () => ({ default: { render: () => null } }))
vi.mock('@/pages/admin/AdminProductsPage.vue', () => ({ default: { render: () => null } }))
vi.mock('@/pages/NotFoundPage.vue', () => ({ default: { render: () => null } }))
vi.mock('@/pages/account/LoginPage.vue', () => ({ default: { render: () => null } }))

const user = (role: 'ADMIN' | 'CUSTOMER') => ({ id: 'U', username: 'u', nickname: 'U', signature: '', role, avatarUrl: null })

describe('route guards', () => {
  afterEach(() => signOut())

  it('sends a visitor to the login page and back after', async () => {
    markReady()
    const router = createMallRouter()
    await router.push('/admin/products')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/admin/products')
  })

  it('hides the admin from customers', async () => {
    signIn('t', user('CUSTOMER'))
    const router = createMallRouter()
    await router.push('/admin/products')
    expect(router.currentRoute.value.name).toBe('not-found')
  })

  it('lets an admin in', async () => {
    signIn('t', user('ADMIN'))
    const router = createMallRouter()
    await router.push('/admin/products')
    expect(router.currentRoute.value.name).toBe('admin-products')
  })
})
