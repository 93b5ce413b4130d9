import { describe, expect, it } from 'vitest'
import { formatDay } from '@/lib/dates'

describe('formatDay', () => {
  it('shows a Date as the calendar day it names, whatever the time zone', () => {
    expect(formatDay('2027-01-01')).toBe('Jan 1, 2027')
    expect(formatDay('2026-12-31')).toBe('Dec 31, 2026')
    expect(formatDay(null)).toBe('')
  })
})
