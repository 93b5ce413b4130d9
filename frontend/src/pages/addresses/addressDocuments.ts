// The address book's documents, shared by its page and the checkout.
import { graphql } from '@/gql'

export const AddressFragment = graphql(`
  fragment AddressFields on Address { id name phone province city district detail isDefault }
`)

export const MyAddressesDocument = graphql(`
  query MyAddresses { myAddresses { ...AddressFields } }
`)

export const ADDRESS_FIELDS = ['name', 'phone', 'province', 'city', 'district', 'detail'] as const

export function oneLine(a: { province: string; city: string; district: string; detail: string }): string {
  return [a.detail, a.district, a.city, a.province].filter(Boolean).join(', ')
}
