export const fmt = (n: number, digits = 1): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a'

/** A share as a percentage: `pct(0.5)` is `50 %`. */
export const pct = (x: number | null, digits = 0): string => (x === null ? 'n/a' : `${fmt(100 * x, digits)} %`)
