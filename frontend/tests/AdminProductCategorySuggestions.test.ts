import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import AdminProductEditPage from '@/pages/admin/AdminProductEditPage.vue'
import { signIn, signOut } from '@/lib/session'
import { fakeClient, operationName, vars } from './fakeClient'
import { mountAt } from './testApp'

const admin = { id: 'U2', username: 'admin', nickname: 'Admin', signature: '', role: 'ADMIN' as const, avatarUrl: null }
const Blank = defineComponent({ render: () => h('div') })
const routes = [
  { path: '/admin/products', name: 'admin-products', component: Blank },
  { path: '/admin/products/new', name: 'admin-product-new', component: AdminProductEditPage },
  { path: '/admin/products/:id', name: 'admin-product-edit', component: Blank },
]
const node = (id: string, name: string, level: number, children: unknown[] = []) => ({ category: { id, name, level, position: 0 }, children })
const tree = {
  categories: [
    node('C1', 'Home', 1, [node('C2', 'Kitchen', 2, [node('C3', 'Kettles', 3), node('C4', 'Toasters', 3)])]),
    node('C5', 'Garden', 1, [node('C6', 'Tools', 2, [node('C7', 'Spades', 3)])]),
  ],
}
const suggestion = (id: string, name: string, confidence: number) => ({ confidence, category: { id, name } })

describe('AdminProductEditPage: suggest category', () => {
  afterEach(() => signOut())

  it('lists the three likeliest categories with their confidence, and a pick fills the category field', async () => {
    signIn('jwt', admin)
    const { client, calls } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'CategoryTree': return tree
        case 'SuggestCategory':
          return { suggestCategory: { suggestions: [suggestion('C3', 'Kettles', 0.8234), suggestion('C4', 'Toasters', 0.12), suggestion('C7', 'Spades', 0.004)], errors: [] } }
        default: return {}
      }
    })
    const { wrapper } = await mountAt(AdminProductEditPage, '/admin/products/new', client, { routes })
    await wrapper.get('#product-name').setValue('  Steel kettle 1.7 l ')
    await wrapper.get('#product-detail').setValue('Boils fast.')
    await wrapper.get('[data-testid="suggest-category"]').trigger('click')
    await flushPromises()
    expect(vars(calls.find((c) => operationName(c) === 'SuggestCategory'))).toEqual({ name: 'Steel kettle 1.7 l', description: 'Boils fast.' })

    const rows = wrapper.findAll('[data-testid="category-suggestion"]')
    expect(rows.map((row) => row.text())).toEqual(['Home › Kitchen › Kettles82%', 'Home › Kitchen › Toasters12%', 'Garden › Tools › Spades<1%'])
    expect(wrapper.find('[data-field="category-suggest"]').exists()).toBe(false)

    await rows[1].get('button').trigger('click')
    expect((wrapper.get('#product-category').element as HTMLSelectElement).value).toBe('C4')
    expect(rows[1].get('button').attributes('aria-pressed')).toBe('true')
    expect(rows[0].get('button').attributes('aria-pressed')).toBe('false')
  })

  it('says an operator must train the classifier when the API answers MODEL_NOT_TRAINED', async () => {
    signIn('jwt', admin)
    const { client, calls } = fakeClient((operation) => {
      switch (operationName(operation)) {
        case 'CategoryTree': return tree
        case 'SuggestCategory':
          return { suggestCategory: { suggestions: [], errors: [{ field: null, code: 'MODEL_NOT_TRAINED', message: 'no category classifier is trained yet' }] } }
        default: return {}
      }
    })
    const { wrapper } = await mountAt(AdminProductEditPage, '/admin/products/new', client, { routes })
    await wrapper.get('[data-testid="suggest-category"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-field="category-suggest"]').text()).toBe('Enter the product\'s name first: the suggestion reads it.')
    expect(calls.some((c) => operationName(c) === 'SuggestCategory')).toBe(false)

    await wrapper.get('#product-name').setValue('Steel kettle')
    await wrapper.get('[data-testid="suggest-category"]').trigger('click')
    await flushPromises()
    const error = wrapper.get('[data-field="category-suggest"]')
    expect(error.text()).toContain('an operator must run the train_category_classifier job (mall tags classify)')
    // next to the category field it concerns
    expect(error.element.closest('.form-field')?.querySelector('#product-category')).not.toBeNull()
    expect(wrapper.findAll('[data-testid="category-suggestion"]')).toHaveLength(0)
    expect((wrapper.get('#product-category').element as HTMLSelectElement).value).toBe('')
  })
})
