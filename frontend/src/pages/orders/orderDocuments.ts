// The order's documents, shared by the order page, the payment page and the history.
import { graphql } from '@/gql'

export const OrderFragment = graphql(`
  fragment OrderFields on Order {
    id
    number
    status
    subtotal
    discount
    total
    couponCode
    paymentMethod
    trackingNote
    closeReason
    createdAt
    paidAt
    shippedAt
    completedAt
    closedAt
    shippingAddress { name phone province city district detail }
    items { productId productName productImage unitPrice quantity lineTotal }
  }
`)

export const OrderDocument = graphql(`
  query Order($id: ID!) { order(id: $id) { ...OrderFields } }
`)

export const CancelOrderDocument = graphql(`
  mutation CancelOrder($orderId: ID!) {
    cancelOrder(orderId: $orderId) {
      order { ...OrderFields }
      errors { field code message }
    }
  }
`)
