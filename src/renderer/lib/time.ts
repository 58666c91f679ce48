// Token times are NumericDate seconds (RFC 7519 §2); people read them as local time and
// "in 4 min" / "3 min ago".

export function relativeTime(targetMs: number, nowMs: number): string {
  const deltaS = Math.round((targetMs - nowMs) / 1000)
  const abs = Math.abs(deltaS)
  let amount: string
  if (abs < 5) return 'now'
  if (abs < 60) amount = `${abs} s`
  else if (abs < 3600) amount = `${Math.round(abs / 60)} min`
  else if (abs < 86_400 * 2) amount = `${Math.round(abs / 3600)} h`
  else amount = `${Math.round(abs / 86_400)} days`
  return deltaS > 0 ? `in ${amount}` : `${amount} ago`
}

export function formatLocalTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
}

export function formatClock(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** `1700000000` → "14 Nov 2023, 23:13:20 (3 min ago)". */
export function describeNumericDate(seconds: number, nowMs: number): string {
  const ms = seconds * 1000
  return `${formatLocalTime(ms)} (${relativeTime(ms, nowMs)})`
}
