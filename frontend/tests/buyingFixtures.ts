// Cart, address and order answers as the API shapes them, for the buying pages' tests.
import { defineComponent, h } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

const Blank = defineComponent({ render: () => h('div') })

export const buyingRoutes: RouteRecordRaw[] = [
  { path: '/cart', name: 'cart', component: Blank },
  { path: '/checkout', name: 'checkout', component: Blank },
  { path: '/orders', name: 'orders', component: Blank },
  { path: '/orders/:id', name: 'order', component: Blank },
  { path: '/orders/:id/pay', name: 'pay', component: Blank },
  { path: '/account/addresses', name: 'addresses', component: Blank },
  { path: '/account/coupons', name: 'coupons', component: Blank },
  { path: '/account/wallet', name: 'wallet', component: Blank },
]

export function line(id: string, name: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'CartLine',
    id,
    quantity: 1,
    unitPrice: '10.00',
    seenPrice: '10.00',
    lineTotal: '10.00',
    issues: [] as string[],
    orderable: true,
    product: { __typename: 'Product', id: `P-${id}`, name, coverImage: null, stock: 20, onSale: true },
    ...overrides,
  }
}

export function cart(lines: ReturnType<typeof line>[], overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Cart',
    lines,
    itemCount: lines.reduce((n, l) => n + (l.quantity as number), 0),
    subtotal: '0.00',
    discount: '0.00',
    total: '0.00',
    couponCode: null,
    couponProblem: null,
    ...overrides,
  }
}

export const homeAddress = {
  __typename: 'Address',
  id: 'A1',
  name: 'Sam Shopper',
  phone: '+1 555 0100',
  province: 'CA',
  city: 'San Francisco',
  district: 'Mission',
  detail: '1 Market St',
  isDefault: true,
}

export function order(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Order',
    id: 'O1',
    number: '20260101ABCDE12345',
    status: 'PENDING_PAYMENT',
    subtotal: '30.00',
    discount: '5.00',
    total: '25.00',
    couponCode: 'SAVE5',
    paymentMethod: null,
    trackingNote: null,
    closeReason: null,
    createdAt: '2026-01-01T10:00:00+00:00',
    paidAt: null,
    shippedAt: null,
    completedAt: null,
    closedAt: null,
    shippingAddress: { __typename: 'ShippingAddress', name: 'Sam Shopper', phone: '+1 555 0100', province: 'CA', city: 'San Francisco', district: 'Mission', detail: '1 Market St' },
    items: [{ __typename: 'OrderItem', productId: 'P1', productName: 'Tea kettle', productImage: null, unitPrice: '15.00', quantity: 2, lineTotal: '30.00' }],
    ...overrides,
  }
}

export const orderError = (field: string | null, code: string, message: string) => ({ __typename: 'OrderError', field, code, message })

/** A promise the test resolves when it chooses: keeps a request "on the wire". */
export function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}
