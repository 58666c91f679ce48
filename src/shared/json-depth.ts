// How deep a JSON-like value nests, measured without recursion. Validators (zod) and JSON.stringify
// recurse once per level, so a value nested some thousands deep overflows the stack: what should be
// a validation error becomes an internal one. Inputs are checked against a bound first.
import { MAX_INPUT_DEPTH } from './limits'
export { MAX_INPUT_DEPTH }

/**
 * true when `value` nests objects or arrays deeper than `max` levels. Iterative, and stops at the
 * first path past the bound, so a cycle (possible in an IPC structured clone) counts as too deep.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]]
  while (pending.length) {
    const [v, depth] = pending.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1])
    }
  }
  return false
}
