import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import AssistantPage from '@/pages/assistant/AssistantPage.vue'
import AssistantBasket from '@/pages/assistant/AssistantBasket.vue'
import { cartCount } from '@/pages/cart/cartDocuments'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'
import { buyingRoutes } from './buyingFixtures'
import { basket } from './assistantFixtures'

const shopper = { id: 'U1', username: 'sam', nickname: 'Sam', signature: '', role: 'CUSTOMER' as const, avatarUrl: null }
const routes = [...buyingRoutes, { path: '/assistant', name: 'assistant', component: AssistantPage }]
const assistantError = (field: string | null, message: string) => ({ field, code: 'INVALID', message })

describe('AssistantBasket', () => {
  it('lists each need with its choice, why, alternatives, and the total against the budget', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: AssistantBasket }, { path: '/products/:id', name: 'product', component: AssistantBasket }] })
    await router.push('/')
    const wrapper = mount(AssistantBasket, { props: { basket: basket() as never }, global: { plugins: [router] } })
    const needs = wrapper.findAll('[data-testid="assistant-need"]')
    expect(needs).toHaveLength(2)
    expect(needs[0].get('h3').text()).toBe('fresh fruit')
    expect(needs[0].text()).toContain('importance 60%')
    expect(needs[0].get('[data-testid="assistant-choice"]').text()).toContain('Apple box')
    expect(needs[0].get('[data-testid="assistant-choice-price"]').text()).toBe('$12.00')
    expect(needs[0].get('[data-testid="assistant-choice"]').text()).toContain('fits 80%')
    expect(needs[0].get('.chip.tag').text()).toBe('fresh')
    expect(needs[0].get('[data-testid="assistant-reason"]').text()).toContain('The best fit')
    expect(needs[0].findAll('[data-testid="assistant-alternative"]').map((a) => a.text())).toEqual(['Pear box$14.00fits 70%', 'Banana bunch$3.50fits 50%'])
    expect(needs[1].find('[data-testid="assistant-choice"]').exists()).toBe(false)
    expect(needs[1].text()).toContain('No product chosen.')
    expect(wrapper.get('[data-testid="assistant-total"]').text()).toBe('$12.00')
    expect(wrapper.get('[data-testid="assistant-budget"]').text()).toBe('of a $40.00 budget')
    expect(wrapper.find('[data-testid="assistant-words-only"]').exists()).toBe(false)
  })

  it('says when products were matched by words only', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: AssistantBasket }, { path: '/products/:id', name: 'product', component: AssistantBasket }] })
    await router.push('/')
    const wrapper = mount(AssistantBasket, { props: { basket: basket({ semanticAvailable: false, note: 'the local parser itemised the request', budget: null }) as never }, global: { plugins: [router] } })
    expect(wrapper.get('[data-testid="assistant-words-only"]').text()).toContain('words only')
    expect(wrapper.get('[data-testid="assistant-note"]').text()).toBe('the local parser itemised the request')
    expect(wrapper.find('[data-testid="assistant-budget"]').exists()).toBe(false)
  })
})

describe('AssistantPage', () => {
  afterEach(() => signOut())

  it('checks the budget, then shows the API\'s errors next to the request and the budget', async () => {
    const { client, calls } = fakeClient(() => ({
      shoppingAssistant: { basket: null, errors: [assistantError('request', 'tell the assistant what you need'), assistantError('budget', 'a budget from 0 to 1000000')] },
    }))
    const { wrapper, router } = await mountAt(AssistantPage, '/assistant', client, { routes })
    await wrapper.get('[data-testid="assistant-request"]').setValue('fruit')
    await wrapper.get('[data-testid="assistant-budget-input"]').setValue('forty')
    await wrapper.get('[data-testid="assistant-form"]').trigger('submit')
    await flushPromises()
    expect(calls).toHaveLength(0)
    expect(wrapper.get('[data-field="assistant-budget"]').text()).toBe('A budget such as 40 or 25.50.')

    await wrapper.get('[data-testid="assistant-budget-input"]').setValue('99999999')
    await wrapper.get('[data-testid="assistant-form"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'fruit', budget: '99999999' })
    expect(vars(calls[0])).toEqual({ request: 'fruit', budget: '99999999' })
    expect(wrapper.get('[data-field="assistant-request"]').text()).toBe('Tell the assistant what you need.')
    expect(wrapper.get('[data-field="assistant-budget"]').text()).toBe('A budget from 0 to 1000000.')
    expect(wrapper.find('[data-testid="assistant-basket"]').exists()).toBe(false)
  })

  it('asks for the request in the address, and puts the whole basket in the cart', async () => {
    signIn('jwt', shopper)
    const { client, calls } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'ShoppingAssistant': return { shoppingAssistant: { basket: basket(), errors: [] } }
        case 'AddBasketToCart': return { addBasketToCart: { added: 1, cart: { itemCount: 4 }, errors: [] } }
        default: return {}
      }
    })
    const { wrapper } = await mountAt(AssistantPage, '/assistant?q=fruit&budget=40', client, { routes, props: { q: 'fruit', budget: '40' } })
    expect(vars(calls[0])).toEqual({ request: 'fruit', budget: '40' })
    expect(wrapper.findAll('[data-testid="assistant-need"]')).toHaveLength(2)
    expect(wrapper.get('[data-testid="assistant-add-all"]').text()).toBe('Add all 1 to cart')
    await wrapper.get('[data-testid="assistant-add-all"]').trigger('click')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'AddBasketToCart'))).toEqual({ productIds: ['P1'] })
    expect(cartCount.value).toBe(4)
    expect(wrapper.get('[data-testid="assistant-added"]').text()).toContain('Added 1 product.')
  })

  it('shows why the basket could not be added, next to the button', async () => {
    signIn('jwt', shopper)
    const { client } = fakeClient((operation) =>
      operationName(operation) === 'AddBasketToCart'
        ? { addBasketToCart: { added: 0, cart: null, errors: [{ field: 'productIds', code: 'PRODUCT_UNAVAILABLE', message: 'Apple box is no longer available' }] } }
        : { shoppingAssistant: { basket: basket(), errors: [] } },
    )
    const { wrapper } = await mountAt(AssistantPage, '/assistant?q=fruit', client, { routes, props: { q: 'fruit' } })
    await wrapper.get('[data-testid="assistant-add-all"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-field="productIds"]').text()).toBe('Apple box is no longer available.')
    expect(wrapper.find('[data-testid="assistant-added"]').exists()).toBe(false)
  })

  it('sends a visitor to log in before adding, and back to the same request after', async () => {
    const { client, calls } = fakeClient(() => ({ shoppingAssistant: { basket: basket(), errors: [] } }))
    const { wrapper, router } = await mountAt(AssistantPage, '/assistant?q=fruit', client, { routes, props: { q: 'fruit' } })
    await wrapper.get('[data-testid="assistant-add-all"]').trigger('click')
    await flushPromises()
    expect(calls.every((c) => operationName(c) === 'ShoppingAssistant')).toBe(true)
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/assistant?q=fruit')
  })
})
