/** Only same-site paths: a crafted ?redirect= must not send the shopper to another site. */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : fallback
}
