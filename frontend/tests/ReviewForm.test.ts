import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ReviewForm from '@/pages/catalog/ReviewForm.vue'
import { signIn, signOut } from '@/lib/session'
import { fakeClient } from './fakeClient'
import { mountAt } from './testApp'

const shopper = { id: 'VXNlcjox', username: 'shopper', nickname: 'Sam', signature: '', role: 'CUSTOMER' as const, avatarUrl: null }
const reviewError = (field: string | null, code: string, message: string) => ({ field, code, message, __typename: 'ReviewError' })

describe('ReviewForm', () => {
  afterEach(() => signOut())

  it('asks an anonymous visitor to log in instead of showing the form', async () => {
    const { client } = fakeClient(() => ({}))
    const { wrapper } = await mountAt(ReviewForm, '/products/UHJvZHVjdDox', client, { props: { productId: 'UHJvZHVjdDox' } })
    expect(wrapper.text()).toContain('Log in to write a review')
    expect(wrapper.find('form').exists()).toBe(false)
  })

  it('shows every field error next to its field, and the others above the form', async () => {
    signIn('jwt', shopper)
    const { client, calls } = fakeClient(() => ({
      addReview: {
        review: null,
        product: null,
        errors: [
          reviewError('stars', 'INVALID', 'stars from 1 to 5'),
          reviewError('title', 'INVALID', 'a title of 1 to 120 characters'),
          reviewError('productId', 'ALREADY_REVIEWED', 'you have already reviewed this product'),
        ],
        __typename: 'AddReviewPayload',
      },
    }))
    const { wrapper } = await mountAt(ReviewForm, '/products/UHJvZHVjdDox', client, { props: { productId: 'UHJvZHVjdDox' } })
    await wrapper.get('#review-text').setValue('Lovely')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(calls.at(-1)?.variables).toEqual({ input: { productId: 'UHJvZHVjdDox', stars: 0, title: '', text: 'Lovely' } })
    expect(wrapper.get('[data-field="review-stars"]').text()).toBe('Stars from 1 to 5.')
    expect(wrapper.get('[data-field="review-title"]').text()).toBe('A title of 1 to 120 characters.')
    expect(wrapper.find('[data-field="review-text"]').exists()).toBe(false)
    expect(wrapper.get('.form-errors').text()).toBe('You have already reviewed this product.')
    expect(wrapper.get('#review-title').element.closest('.form-field')?.classList.contains('invalid')).toBe(true)
  })

  it('thanks the reviewer and tells the page to reload its reviews', async () => {
    signIn('jwt', shopper)
    const { client } = fakeClient(() => ({
      addReview: {
        review: { id: 'r1', __typename: 'Review' },
        product: { id: 'UHJvZHVjdDox', rating: 4.5, ratingCount: 2, __typename: 'Product' },
        errors: [],
        __typename: 'AddReviewPayload',
      },
    }))
    const { wrapper } = await mountAt(ReviewForm, '/products/UHJvZHVjdDox', client, { props: { productId: 'UHJvZHVjdDox' } })
    await wrapper.get('input[type="radio"][value="4"]').setValue(true)
    await wrapper.get('#review-title').setValue('Good')
    await wrapper.get('#review-text').setValue('Tasty and fresh')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="review-thanks"]').text()).toContain('Thank you')
    expect(wrapper.emitted('reviewed')).toHaveLength(1)
  })
})
