// Prices arrive as Decimal strings ("12.50"); they are formatted, never added up as floats here.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })

export function formatPrice(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const amount = Number(value)
  return Number.isFinite(amount) ? usd.format(amount) : value
}

/** Whole percent off, or null when there is no discount worth showing. */
export function discountPercent(price: string, originalPrice: string): number | null {
  const now = Number(price)
  const before = Number(originalPrice)
  if (!(before > 0) || !(now < before)) return null
  const percent = Math.round((1 - now / before) * 100)
  return percent >= 1 ? percent : null
}
