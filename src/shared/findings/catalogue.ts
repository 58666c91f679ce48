// The one findings catalogue (architecture.md "Findings"): code, side, default severity, RFC
// section, title, why, fix and trigger for every finding anything raises. The server's client
// findings and the response checks' server findings both take their fixed parts from here, and
// the inspector reads title and fix from here.
import type { Finding } from '../exchange'
import { CLIENT_FINDINGS } from './client-findings'
import { SERVER_FINDINGS } from './server-findings'
import {
  REQUEST_CLIENT_FINDING_CODES,
  type FindingBasis,
  type FindingCode,
  type FindingDefinition,
  type FindingEntry,
  type FindingSeverity,
  type FindingSide,
} from './types'

const FROM_REQUEST: ReadonlySet<string> = new Set(REQUEST_CLIENT_FINDING_CODES)

function basisOf(side: FindingSide, code: FindingCode): FindingBasis {
  if (side === 'server') return 'response'
  return FROM_REQUEST.has(code) ? 'request' : 'server-state'
}

function withSide<C extends FindingCode>(
  side: FindingSide,
  entries: Record<C, FindingEntry>,
): Record<C, FindingDefinition> {
  const out = {} as Record<C, FindingDefinition>
  for (const code of Object.keys(entries) as C[])
    out[code] = { code, side, basis: basisOf(side, code), ...entries[code] }
  return out
}

export const FINDING_CATALOGUE: Readonly<Record<FindingCode, FindingDefinition>> = Object.freeze({
  ...withSide('client', CLIENT_FINDINGS),
  ...withSide('server', SERVER_FINDINGS),
})

export function findingDefinition(code: FindingCode): FindingDefinition {
  return FINDING_CATALOGUE[code]
}

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDING_CATALOGUE, code)
}

/**
 * For codes read back from storage or another process, which may predate the catalogue or come
 * from a newer version: undefined when the code is not (or no longer) in it.
 */
export function lookupFinding(code: string): FindingDefinition | undefined {
  return isFindingCode(code) ? FINDING_CATALOGUE[code] : undefined
}

/**
 * One occurrence: code, side and RFC section from the catalogue; `message` says what was seen
 * this time (never a secret or a token). `severity` overrides the default when this occurrence is
 * milder or worse, and the message then says why.
 */
export function createFinding(code: FindingCode, message: string, severity?: FindingSeverity): Finding {
  const def = FINDING_CATALOGUE[code]
  return { code, side: def.side, severity: severity ?? def.severity, rfc: def.rfc, message }
}
