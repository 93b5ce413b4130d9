import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import PriceTag from '@/components/PriceTag.vue'
import { discountPercent, formatPrice } from '@/lib/money'

describe('prices', () => {
  it('formats Decimal strings as US dollars with cents and thousands separators', () => {
    expect(formatPrice('1234.5')).toBe('$1,234.50')
    expect(formatPrice('0')).toBe('$0.00')
    expect(formatPrice('19.99')).toBe('$19.99')
  })

  it('shows nothing for a missing price rather than $NaN', () => {
    expect(formatPrice(null)).toBe('')
    expect(formatPrice('')).toBe('')
  })

  it('computes whole-percent discounts only when the price is lower', () => {
    expect(discountPercent('6.95', '8.99')).toBe(23)
    expect(discountPercent('8.99', '8.99')).toBeNull()
    expect(discountPercent('9.99', '8.99')).toBeNull()
    expect(discountPercent('1.00', '0')).toBeNull()
  })

  it('PriceTag strikes through the original price and shows the discount', () => {
    const wrapper = mount(PriceTag, { props: { price: '6.95', originalPrice: '8.99' } })
    expect(wrapper.get('[data-testid="price"]').text()).toBe('$6.95')
    expect(wrapper.get('s').text()).toBe('$8.99')
    expect(wrapper.text()).toContain('-23%')
  })

  it('PriceTag shows no discount when there is none', () => {
    const wrapper = mount(PriceTag, { props: { price: '8.99', originalPrice: '8.99' } })
    expect(wrapper.find('s').exists()).toBe(false)
    expect(wrapper.text()).toBe('$8.99')
  })
})
