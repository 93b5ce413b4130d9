import { describe, expect, it } from 'vitest'
import { CombinedError } from '@urql/vue'
import { formErrors, sentence } from '@/lib/errors'

describe('payload errors', () => {
  it('puts each error next to its field and the rest above the form', () => {
    const errors = formErrors(
      [
        { field: 'password', code: 'INVALID', message: 'password must be 8 to 128 characters' },
        { field: null, code: 'ACCOUNT_LOCKED', message: 'this account is locked' },
        { field: 'productId', code: 'ALREADY_REVIEWED', message: 'you have already reviewed this product' },
      ],
      ['username', 'password'],
    )
    expect(errors.byField).toEqual({ password: 'Password must be 8 to 128 characters.' })
    expect(errors.general).toEqual(['This account is locked.', 'You have already reviewed this product.'])
  })

  it('matches whole paths first, then their last segment', () => {
    const errors = formErrors(
      [
        { field: 'items.1.title', code: 'INVALID', message: 'a title of 1 to 120 characters' },
        { field: 'input.stars', code: 'INVALID', message: 'stars from 1 to 5' },
      ],
      ['items.1.title', 'stars'],
    )
    expect(Object.keys(errors.byField)).toEqual(['items.1.title', 'stars'])
  })

  it('turns transport and permission errors into sentences for people', () => {
    const network = new CombinedError({ networkError: new Error('fetch failed') })
    expect(formErrors([], [], network).general[0]).toMatch(/cannot be reached/)
    const forbidden = new CombinedError({ graphQLErrors: [{ message: 'you need the x permission', extensions: { code: 'FORBIDDEN' } }] })
    expect(formErrors(null, [], forbidden).general).toEqual(['You are not allowed to do this.'])
  })

  it('keeps punctuation that is already there', () => {
    expect(sentence('done!')).toBe('Done!')
    expect(sentence('at most 40 characters')).toBe('At most 40 characters.')
  })
})
