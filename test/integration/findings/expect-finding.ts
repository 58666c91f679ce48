// Reading client findings off a recorded exchange: the code is there, once, on the client side, with
// the catalogue's RFC section — which each test also names, so a wrong citation fails.
import { expect } from 'vitest'
import type { Exchange, Finding } from '../../../src/shared/exchange'
import { findingDefinition, type ClientFindingCode } from '../../../src/shared/findings'

export function clientCodes(e: Exchange): string[] {
  return e.findings.filter((f) => f.side === 'client').map((f) => f.code)
}

/** The finding with `code`; asserts its side, that it is there once, and that its RFC names `section`. */
export function expectClientFinding(e: Exchange, code: ClientFindingCode, section: string): Finding {
  const matching = e.findings.filter((f) => f.code === code)
  expect(matching, `${code} in ${JSON.stringify(e.findings.map((f) => f.code))}`).toHaveLength(1)
  const f = matching[0]!
  expect(f.side).toBe('client')
  expect(f.rfc).toBe(findingDefinition(code).rfc)
  expect(f.rfc).toContain(section)
  expect(f.message.length).toBeGreaterThan(20)
  return f
}

/** No client finding above info (a clean request). */
export function expectOnlyInfo(e: Exchange): void {
  expect(e.findings.filter((f) => f.severity !== 'info').map((f) => `${f.code}: ${f.message}`)).toEqual([])
}
