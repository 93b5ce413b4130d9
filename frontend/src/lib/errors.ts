// Mutation payloads carry `errors { field code message }`: show each next to its field,
// and the ones without a field (or with a field the form has no input for) above the form.
import type { CombinedError } from '@urql/vue'

export interface PayloadError {
  field: string | null
  code: string
  message: string
}

export interface FormErrors {
  byField: Record<string, string>
  general: string[]
}

export function noErrors(): FormErrors {
  return { byField: {}, general: [] }
}

/**
 * Sort payload errors by field. `fields` lists the inputs the form shows; an error for any other
 * field becomes a general one so it is never silently dropped. A field may be a path: the whole
 * path is matched first ("items.0.title"), then its last segment ("input.title" -> "title").
 */
export function formErrors(
  errors: readonly PayloadError[] | null | undefined,
  fields: readonly string[],
  transportError?: CombinedError | null,
): FormErrors {
  const result = noErrors()
  for (const error of errors ?? []) {
    const message = sentence(error.message)
    const field = matchField(error.field, fields)
    if (field) {
      result.byField[field] = result.byField[field] ? `${result.byField[field]} ${message}` : message
    } else {
      result.general.push(message)
    }
  }
  if (transportError) result.general.push(describeError(transportError))
  return result
}

function matchField(field: string | null, fields: readonly string[]): string | null {
  if (!field) return null
  if (fields.includes(field)) return field
  const last = field.split('.').pop() ?? ''
  return fields.includes(last) ? last : null
}

/** The API's messages are phrases ("at most 40 characters"); shown alone they read as sentences. */
export function sentence(message: string): string {
  const text = message.trim()
  if (!text) return text
  const capital = text[0].toUpperCase() + text.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}

/** A sentence for a shopper, not a stack trace. */
export function describeError(error: CombinedError): string {
  if (error.networkError) return 'The mall cannot be reached. Check your connection and try again.'
  const first = error.graphQLErrors[0]
  const code = first?.extensions?.code
  if (code === 'UNAUTHENTICATED') return 'Please log in to do this.'
  if (code === 'FORBIDDEN') return 'You are not allowed to do this.'
  return first?.message ? sentence(first.message) : 'Something went wrong. Please try again.'
}
