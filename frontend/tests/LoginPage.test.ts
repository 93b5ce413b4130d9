import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import LoginPage from '@/pages/account/LoginPage.vue'
import { session, signOut } from '@/lib/session'
import { fakeClient, operationName } from './fakeClient'
import { mountAt } from './testApp'

const admin = { id: 'VXNlcjoy', username: 'admin', nickname: 'Demo Admin', signature: '', role: 'ADMIN', avatarUrl: null, isLocked: false, createdAt: '2026-01-01T00:00:00+00:00', __typename: 'User' }

describe('LoginPage', () => {
  afterEach(() => signOut())

  it('shows a wrong password next to the password field and stays logged out', async () => {
    const { client, calls } = fakeClient(() => ({
      login: { token: null, user: null, errors: [{ field: 'password', code: 'INVALID_CREDENTIALS', message: 'wrong username or password', __typename: 'AccountError' }], __typename: 'AuthPayload' },
    }))
    const { wrapper, router } = await mountAt(LoginPage, '/login', client)
    await wrapper.get('#login-username').setValue(' admin ')
    await wrapper.get('#login-password').setValue('nope')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(operationName(calls[0])).toBe('Login')
    expect(calls[0].variables).toEqual({ username: 'admin', password: 'nope' })
    expect(wrapper.get('[data-field="login-password"]').text()).toBe('Wrong username or password.')
    expect(wrapper.find('[data-field="login-username"]').exists()).toBe(false)
    expect(session.token).toBeNull()
    expect(router.currentRoute.value.path).toBe('/login')
  })

  it('keeps the token, knows the user and goes where the shopper was headed', async () => {
    const { client } = fakeClient(() => ({ login: { token: 'jwt-1', user: admin, errors: [], __typename: 'AuthPayload' } }))
    const { wrapper, router } = await mountAt(LoginPage, '/login', client, { props: { redirect: '/products/UHJvZHVjdDox' } })
    await wrapper.get('#login-username').setValue('admin')
    await wrapper.get('#login-password').setValue('right password')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(session.token).toBe('jwt-1')
    expect(session.user?.role).toBe('ADMIN')
    expect(localStorage.getItem('mall.token')).toBe('jwt-1')
    expect(router.currentRoute.value.fullPath).toBe('/products/UHJvZHVjdDox')
  })

  it('never redirects to another site', async () => {
    const { client } = fakeClient(() => ({ login: { token: 'jwt-2', user: admin, errors: [], __typename: 'AuthPayload' } }))
    const { wrapper, router } = await mountAt(LoginPage, '/login', client, { props: { redirect: '//evil.example/steal' } })
    await wrapper.get('#login-username').setValue('admin')
    await wrapper.get('#login-password').setValue('right password')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/')
  })
})
