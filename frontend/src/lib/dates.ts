// DateTime arrives as an ISO string with its zone; shown in the browser's own time zone.
const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' })

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date)
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateOnly.format(date)
}

/** A `<input type="date">` value (local midnight) as a DateTime with its zone, or null. */
export function dateInputToIso(value: string, addDays = 0): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const [year, month, day] = value.split('-').map(Number)
  return new Date(year, month - 1, day + addDays).toISOString()
}

/** A `<input type="datetime-local">` value as a DateTime with its zone, or null. */
export function localInputToIso(value: string): string | null {
  const date = new Date(value)
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : null
}

/** A Date ("2026-05-01", no time or zone) as the calendar day it names, wherever the browser is. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return ''
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return formatDate(value)
  return dateOnly.format(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
}
