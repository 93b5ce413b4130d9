// The cart's documents and the header's cart count, shared by the product pages, cart and checkout.
import { ref, watch } from 'vue'
import type { Client } from '@urql/vue'
import { graphql } from '@/gql'
import { session } from '@/lib/session'

export const CartLineFragment = graphql(`
  fragment CartLineFields on CartLine {
    id
    quantity
    unitPrice
    seenPrice
    lineTotal
    issues
    orderable
    product { id name coverImage stock onSale }
  }
`)

export const CartFragment = graphql(`
  fragment CartFields on Cart {
    lines { ...CartLineFields }
    itemCount
    subtotal
    discount
    total
    couponCode
    couponProblem { code message }
  }
`)

export const CartDocument = graphql(`
  query Cart($couponCode: String) {
    cart(couponCode: $couponCode) { ...CartFields }
  }
`)

export const CartCountDocument = graphql(`
  query CartCount { cart { itemCount } }
`)

export const AddToCartDocument = graphql(`
  mutation AddToCart($input: AddToCartInput!) {
    addToCart(input: $input) {
      cart { itemCount }
      errors { field code message }
    }
  }
`)

/** Units in the shopper's cart, for the header; null when nobody is logged in. */
export const cartCount = ref<number | null>(null)

export function setCartCount(count: number | null | undefined): void {
  if (typeof count === 'number') cartCount.value = count
}

export async function refreshCartCount(client: Client): Promise<void> {
  if (!session.token) {
    cartCount.value = null
    return
  }
  const result = await client.query(CartCountDocument, {}, { requestPolicy: 'network-only' }).toPromise()
  cartCount.value = result.data?.cart.itemCount ?? null
}

/** Keeps the count in step with who is logged in (the client changes with the token). */
export function trackCartCount(client: { value: Client }): void {
  watch(
    () => [session.user?.id, client.value] as const,
    ([userId]) => {
      if (userId) void refreshCartCount(client.value)
      else cartCount.value = null
    },
    { immediate: true },
  )
}
