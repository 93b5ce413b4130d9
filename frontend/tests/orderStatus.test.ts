import { describe, expect, it } from 'vitest'
import { timeline, type TimelineOrder } from '@/pages/orders/orderStatus'

const base: TimelineOrder = {
  status: 'PENDING_PAYMENT', createdAt: '2026-01-01T10:00:00Z', paidAt: null, shippedAt: null, completedAt: null,
  closedAt: null, trackingNote: null, closeReason: null, paymentMethod: null,
}

describe('order timeline', () => {
  it('shows the steps still to come for a live order', () => {
    const steps = timeline({ ...base, status: 'SHIPPED', paidAt: '2026-01-01T10:05:00Z', paymentMethod: 'MOCK_CARD', shippedAt: '2026-01-02T09:00:00Z', trackingNote: 'UPS 1Z999' })
    expect(steps.map((s) => [s.label, s.done])).toEqual([['Placed', true], ['Paid', true], ['Shipped', true], ['Completed', false]])
    expect(steps[1].note).toBe('by card')
    expect(steps[2].note).toBe('UPS 1Z999')
  })

  it('ends where a cancelled order stopped, with the reason', () => {
    const steps = timeline({ ...base, status: 'CLOSED', closedAt: '2026-01-01T11:00:00Z', closeReason: 'Out of stock at the warehouse' })
    expect(steps.map((s) => s.label)).toEqual(['Placed', 'Closed'])
    expect(steps[1]).toMatchObject({ bad: true, note: 'Out of stock at the warehouse' })
  })
})
