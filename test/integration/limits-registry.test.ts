// Every byte, count and time limit of the app is named once, in src/shared/limits.ts, and read from
// there (architecture.md "Limits"): no limit-like constant is declared with a number anywhere else in
// src/, and each named limit is pointed at by a test that shows it holds — or is listed below as not
// yet proven by name, so a new limit cannot arrive without one.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as limits from '../../src/shared/limits'

const ROOT = join(__dirname, '..', '..')
const LIMITS_FILE = 'src/shared/limits.ts'

/** A declaration whose name says it bounds something, with a number on the right. */
const LIMIT_DECLARATION =
  /^\s*(?:export\s+)?const\s+([A-Z][A-Z0-9_]*(?:_MS|_BYTES|LIMIT|_SIZE|_ENTRIES|CONCURRENCY|TIMEOUT|_TIMES)|MAX_[A-Z0-9_]+)\s*=\s*[\d(]/

/** Named constants that are not limits of a resource, each with why. */
const NOT_LIMITS: Record<string, string> = {
  TIMING_THRESHOLD_MS: 'a conformance judgement (a timing difference), not a bound',
  BACKDATE_MS: 'a certificate date',
  RENEW_BEFORE_MS: 'a certificate date',
  SUNSET_AFTER_MS: 'a date in a lesson text',
  FAULTS_CHANGED_INTERVAL_MS: 'how often a change event is coalesced',
  TOKEN_PRUNE_INTERVAL_MS: 'how often expired tokens are deleted',
  BURST_WINDOW_MS: 'a finding window (what counts as a burst), not a bound',
  SWITCH_WINDOW_MS: 'a finding window (what counts as a switch), not a bound',
  HAR_EXPORT_DEFAULT_LIMIT: 'a default; the schema bounds it',
  BCRYPT_MAX_BYTES: "bcrypt's own input length (RFC-less fact of the algorithm)",
  MAX_SHOWN: 'how many items a printed summary lists',
  MAX_WRONG_PASSWORDS: "the conformance pack's own design: wrong passwords it sends a sacrificial user",
  MAX_SEED: "a fault rule's seed range (the schema's bound)",
  DAY_MS: 'a date unit (certificates, the settings form)',
  SAVED_NOTE_MS: 'how long the UI shows "saved"',
  POLL_MS: 'how often the UI polls a run',
  LESSON_MAX_FAILURES: "the lesson workspace's lockout setting",
  LESSON_MAX_GUESSES: "the lesson's guessing loop, bounded in its own API (lesson-api.ts)",
  LESSON_MAX_RUN_SECONDS: "the lesson's guessing loop, bounded in its own API (lesson-api.ts)",
}

/**
 * Limits that no test names yet. Each is enforced in code; these are the ones a later change should
 * point a test at (several are covered by behaviour — slow clients, drains — without the name).
 */
const NOT_YET_PROVEN_BY_NAME = new Set([
  'LESSON_HTTP_TIMEOUT_MS',
  'LESSON_FLOW_WAIT_MS',
  'CODE_FLOW_POLL_LIMIT',
  'FLOW_CONVERSATION_MAX_STEPS',
  'CONNECTIONS_CHECKING_INTERVAL_MS',
  'KEEP_ALIVE_TIMEOUT_MS',
  'CLOSE_GRACE_MS',
  'SLOW_CLIENT_TIMEOUTS',
  'DRAIN_AFTER_413_BYTES',
  'EVENT_STREAM_HEARTBEAT_MS',
  'LOCAL_SENDER_WAIT_MS',
  'DISCOVERY_MAX_BYTES',
  'DISCOVERY_TIMEOUT_MS',
  'SCENARIO_CONCURRENCY',
  'PACK_CONCURRENCY',
  'WAY_OUT_FLOW_LIMIT',
  'CALLBACK_WAIT_MS',
  'DRAIN_LIMIT',
  'DRAIN_MS',
  'PROXY_TIMEOUT_MS',
  'REQUEST_MEMORY_LIMIT',
  'REQUEST_MEMORY_TIMES',
  'HASH_POOL_MAX_DEFAULT_THREADS',
])

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, keep))
    else if (keep(path)) out.push(path)
  }
  return out
}

const isCode = (p: string) => /\.(ts|tsx|js|mjs)$/.test(p)

describe('limits named in one place', () => {
  it('no limit-like constant is declared with a number outside src/shared/limits.ts', () => {
    const strays: string[] = []
    for (const file of filesUnder(join(ROOT, 'src'), isCode)) {
      const rel = relative(ROOT, file)
      if (rel === LIMITS_FILE) continue
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const name = LIMIT_DECLARATION.exec(line)?.[1]
          if (name !== undefined && !(name in NOT_LIMITS)) strays.push(`${rel}:${i + 1} ${name}`)
        })
    }
    expect(strays).toEqual([])
  })

  it('every named limit is a positive number (or the slow-client options made of them)', () => {
    for (const [name, value] of Object.entries(limits)) {
      if (name === 'SLOW_CLIENT_TIMEOUTS') {
        for (const v of Object.values(value as Record<string, number>)) expect(v, name).toBeGreaterThan(0)
      } else expect(value, name).toBeGreaterThan(0)
    }
  })

  it('every named limit is pointed at by a test, or listed as not yet proven by name', () => {
    const self = relative(ROOT, __filename)
    const tests = filesUnder(join(ROOT, 'test'), isCode)
      .filter((f) => relative(ROOT, f) !== self)
      .map((f) => readFileSync(f, 'utf8'))
    const unproven: string[] = []
    const provenButListed: string[] = []
    for (const name of Object.keys(limits)) {
      const named = tests.some((text) => new RegExp(`\\b${name}\\b`).test(text))
      if (!named && !NOT_YET_PROVEN_BY_NAME.has(name)) unproven.push(name)
      if (named && NOT_YET_PROVEN_BY_NAME.has(name)) provenButListed.push(name)
    }
    expect(unproven, 'limits without a test').toEqual([])
    // Keep the list honest: once a test names a limit, it leaves the list.
    expect(provenButListed, 'proven now: remove from NOT_YET_PROVEN_BY_NAME').toEqual([])
    for (const name of NOT_YET_PROVEN_BY_NAME) expect(Object.keys(limits), name).toContain(name)
  })
})
