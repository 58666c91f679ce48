// RFC 6749 §4.3.2 asks that unknown users and wrong passwords be told apart by nothing, timing
// included (rfc-checklist.md). Optional: it needs a second, sacrificial user, because it sends
// several wrong passwords, and only for that user.
//
// Why these numbers: a server that skips the password hash for unknown users answers faster by
// the cost of one hash, and every recommended password hash costs tens of milliseconds (bcrypt
// cost 10 about 60 ms, PBKDF2 at 600 000 iterations about 100 ms, argon2id with OWASP's
// parameters about 50 ms). 25 ms is below all of them and far above loopback or LAN jitter on a
// median. On a noisy link the limit grows to 3 median absolute deviations, so noise alone does not
// fail the check. ROUNDS is 4 so that with the one warm-up success a common lockout (5 failures)
// does not lock the timing user in the middle of the measurement.
import type { Check, CheckGroup } from '../check'
import { issuedToken, summarize, type Reply } from '../reply'
import { skip } from '../skip'

export const TIMING_ROUNDS = 4
export const TIMING_THRESHOLD_MS = 25

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function mad(values: number[]): number {
  const m = median(values)
  return median(values.map((v) => Math.abs(v - m)))
}

const round = (ms: number) => Math.round(ms * 10) / 10

const timing: Check = {
  id: 'timing.unknown-user-vs-wrong-password',
  name: '§4.3.2 an unknown user and a wrong password take the same time',
  rfc: 'RFC 6749 §4.3.2',
  quote:
    'the authorization server MUST protect the endpoint against brute force attacks; an answer faster for unknown users tells which usernames exist (no sentence sets a timing bound, hence a warning)',
  level: 'SHOULD',
  requires: ['token', 'timing-user'],
  async run(step) {
    const s = step.session
    const t = s.credentials.timingUser
    if (t === undefined) {
      skip('optional: give a second, sacrificial user (timing user) to run it; it sends that user wrong passwords')
    }
    if (t.username === s.credentials.username) skip('the timing user must not be the supplied user')
    const ok = step.use(
      await s.token('timing user, correct password', s.passwordParams(t.username, t.password, s.scope)),
    )
    if (!issuedToken(ok)) skip(`the timing user's password grant got ${summarize(ok)}`)
    step.use(await s.unknownUserGrant('warm-up: unknown user', { scope: s.scope }))
    const unknown: Reply[] = []
    const wrong: Reply[] = []
    for (let i = 0; i < TIMING_ROUNDS; i++) {
      unknown.push(step.use(await s.unknownUserGrant(`unknown user #${i + 1}`, { scope: s.scope })))
      const params = s.passwordParams(t.username, s.random('wrong-password'), s.scope)
      wrong.push(step.use(await s.token(`timing user, wrong password #${i + 1}`, params)))
    }
    if (wrong.some(issuedToken)) {
      step.fail('timing user, wrong password', 'refused', 'a token was issued for a wrong password')
      return
    }
    const u = unknown.map((r) => r.exchange.durationMs)
    const w = wrong.map((r) => r.exchange.durationMs)
    const diff = Math.abs(median(u) - median(w))
    const limit = Math.max(TIMING_THRESHOLD_MS, 3 * Math.max(mad(u), mad(w)))
    if (diff > limit) {
      step.fail(
        `median answer time over ${TIMING_ROUNDS} attempts each`,
        `within ${round(limit)} ms of each other`,
        `unknown user ${round(median(u))} ms, wrong password ${round(median(w))} ms`,
      )
      step.reason = `an unknown user is answered ${round(diff)} ms ${median(u) < median(w) ? 'faster' : 'slower'} than a wrong password: the timing tells which usernames exist`
    }
  },
}

export const timingChecks: CheckGroup = { name: 'timing', checks: [timing] }
