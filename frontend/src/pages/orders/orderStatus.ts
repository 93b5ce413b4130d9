// Order statuses in words, shared by the shopper's pages and the admin's.
import type { OrderStatus } from '@/gql/graphql'

export const ORDER_STATUSES: OrderStatus[] = ['PENDING_PAYMENT', 'PAID', 'SHIPPED', 'COMPLETED', 'CANCELLED', 'CLOSED']

export const STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING_PAYMENT: 'Awaiting payment',
  PAID: 'Paid',
  SHIPPED: 'Shipped',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
  CLOSED: 'Closed',
}

/** The shopper may cancel until the order ships. */
export const cancellable = (status: OrderStatus) => status === 'PENDING_PAYMENT' || status === 'PAID'

export interface TimelineOrder {
  status: OrderStatus
  createdAt: string
  paidAt: string | null
  shippedAt: string | null
  completedAt: string | null
  closedAt: string | null
  trackingNote: string | null
  closeReason: string | null
  paymentMethod: 'MOCK_CARD' | 'WALLET' | null
}

export interface TimelineStep {
  key: string
  label: string
  at: string | null
  note?: string | null
  done: boolean
  bad?: boolean
}

export const PAYMENT_LABEL = { MOCK_CARD: 'card', WALLET: 'wallet' } as const

/** Placed -> paid -> shipped -> completed, or where it stopped (cancelled / closed). */
export function timeline(order: TimelineOrder): TimelineStep[] {
  const steps: TimelineStep[] = [
    { key: 'placed', label: 'Placed', at: order.createdAt, done: true },
    {
      key: 'paid',
      label: 'Paid',
      at: order.paidAt,
      note: order.paymentMethod ? `by ${PAYMENT_LABEL[order.paymentMethod]}` : null,
      done: !!order.paidAt,
    },
  ]
  const ended = order.status === 'CANCELLED' || order.status === 'CLOSED'
  if (!ended || order.shippedAt) {
    steps.push({ key: 'shipped', label: 'Shipped', at: order.shippedAt, note: order.trackingNote, done: !!order.shippedAt })
  }
  if (ended) {
    steps.push({ key: 'ended', label: STATUS_LABEL[order.status], at: order.closedAt, note: order.closeReason, done: true, bad: true })
    return steps.filter((step) => step.done)
  }
  steps.push({ key: 'completed', label: 'Completed', at: order.completedAt, done: !!order.completedAt })
  return steps
}
