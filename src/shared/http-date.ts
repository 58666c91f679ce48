// HTTP dates in the one form a sender generates: IMF-fixdate (RFC 9110 §5.6.7),
// e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. The `Sunset` header carries one (RFC 8594 §3), and the
// workspace keeps the deprecation dates in the same form, so what is typed is what goes on the wire.

const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/

/** An example that is valid (the one of RFC 9110 §5.6.7). */
export const IMF_FIXDATE_EXAMPLE = 'Sun, 06 Nov 1994 08:49:37 GMT'

/** What a field says when a date is not an IMF-fixdate. */
export const IMF_FIXDATE_MESSAGE = `must be an HTTP date (IMF-fixdate, RFC 9110 §5.6.7) in GMT with a matching day name, e.g. "${IMF_FIXDATE_EXAMPLE}"`

/** Epoch ms of an IMF-fixdate, or null when the text is not one (a wrong day name, 31 Feb, 25:00). */
export function parseImfFixdate(text: string): number | null {
  if (!IMF_FIXDATE.test(text)) return null
  const ms = Date.parse(text)
  // Written back, a real date reads the same: this catches an impossible day, hour or day name.
  return Number.isFinite(ms) && formatImfFixdate(ms) === text ? ms : null
}

export function isImfFixdate(text: string): boolean {
  return parseImfFixdate(text) !== null
}

/** RFC 9110 §5.6.7: `toUTCString` writes exactly this form (for years 0000–9999). */
export function formatImfFixdate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString()
}
