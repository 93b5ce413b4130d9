// Why a cart line went stale since it was added, in words.
import type { CartLineFieldsFragment, CartLineIssue } from '@/gql/graphql'
import { formatPrice } from '@/lib/money'

export function issueText(issue: CartLineIssue, line: Pick<CartLineFieldsFragment, 'unitPrice' | 'seenPrice' | 'product'>): string {
  switch (issue) {
    case 'OFF_SALE':
      return 'No longer on sale'
    case 'STOCK_SHORT':
      return line.product.stock > 0 ? `Only ${line.product.stock} left in stock` : 'Out of stock'
    case 'PRICE_CHANGED':
      return `Price changed from ${formatPrice(line.seenPrice)} to ${formatPrice(line.unitPrice)}`
  }
}
