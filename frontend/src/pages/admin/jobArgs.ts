// A job kind's arguments come as a JSON Schema (jobKinds.argsSchema): the form starts from its defaults.

/** The arguments a kind takes that have a default, with it, as editable JSON. */
export function defaultArgs(schema: unknown): string {
  const properties = (schema as { properties?: Record<string, { default?: unknown }> } | null)?.properties ?? {}
  const defaults = Object.fromEntries(
    Object.entries(properties)
      .filter(([, property]) => property.default !== undefined && property.default !== null)
      .map(([name, property]) => [name, property.default]),
  )
  return JSON.stringify(defaults, null, 2)
}
