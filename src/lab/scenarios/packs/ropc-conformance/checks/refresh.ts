// Refreshing, RFC 6749 §6, and rotation with reuse detection, RFC 9700 §4.14.2. Each family of
// checks starts from a password grant of its own, so that revoking one family (reuse detection)
// cannot break another check.
import { expectOAuthError, expectTokenIssued } from '../outcomes'
import type { Check, CheckGroup, Step } from '../check'
import type { CheckLevel } from '../../../results'
import { issuedToken, stringField, summarize, type Reply } from '../reply'
import type { PackSession } from '../session'
import { skip } from '../skip'

/**
 * RFC 9700 §4.14.2 requires replay detection (rotation or sender-constraining) for public clients;
 * a confidential client's refresh token is bound to its authentication (RFC 6749 §6), and §6 makes
 * a new refresh token a MAY: for it, the rotation rules are a best-practice warning.
 */
const replayDetectionLevel = (s: PackSession): CheckLevel => (s.isPublic ? 'MUST' : 'BCP')
const RFC9700_QUOTE =
  'Authorization servers MUST utilize one of these methods to detect refresh token replay by malicious actors ' +
  'for public clients: Sender-constrained refresh tokens ... Refresh token rotation (RFC 9700 §4.14.2); for a ' +
  'confidential client RFC 6749 §6 says "The authorization server MAY issue a new refresh token"'

const NO_REFRESH =
  'the password grant returned no refresh_token (the client may not be allowed the refresh_token grant)'

export interface FirstRefresh {
  grant: Reply
  /** The refresh token of the grant; undefined when none was issued. */
  refreshToken: string | undefined
  /** The answer to the first use of it. */
  reply: Reply | undefined
}

/** A fresh grant and one refresh of its token: the run's evidence that refreshing works. */
export function firstRefresh(s: PackSession): Promise<FirstRefresh> {
  return s.memo('refresh.first', async () => {
    const grant = await s.freshGrant('password grant (rotation family)', 'needs a refresh token')
    const refreshToken = stringField(grant, 'refresh_token')
    const reply = refreshToken === undefined ? undefined : await s.refresh('refresh', refreshToken)
    return { grant, refreshToken, reply }
  })
}

async function refreshed(step: Step): Promise<{ rt1: string; first: Reply }> {
  const f = await firstRefresh(step.session)
  step.use(f.grant)
  if (f.refreshToken === undefined || f.reply === undefined) skip(NO_REFRESH)
  step.use(f.reply)
  return { rt1: f.refreshToken, first: f.reply }
}

const refreshWorks: Check = {
  id: 'refresh.works',
  name: '§6 a refresh token gets a new access token',
  rfc: 'RFC 6749 §6',
  quote: 'If valid and authorized, the authorization server issues an access token as described in Section 5.1.',
  level: 'MUST',
  requires: ['refresh-token'],
  async run(step) {
    const { first } = await refreshed(step)
    step.expect(expectTokenIssued(first))
  },
}

const reuse = (s: PackSession, rt1: string) =>
  s.memo('refresh.reuse', () => s.refresh('the used refresh token again', rt1))

const rotation: Check = {
  id: 'refresh.rotation',
  name: 'RFC 9700 §4.14.2 a refresh token is rotated and the used one is refused',
  rfc: 'RFC 9700 §4.14.2, RFC 6749 §6',
  quote: RFC9700_QUOTE,
  level: replayDetectionLevel,
  requires: ['refresh-token'],
  async run(step) {
    const { rt1, first } = await refreshed(step)
    if (!issuedToken(first)) skip(`the refresh got ${summarize(first)} (see "${refreshWorks.name}")`)
    const rt2 = stringField(first, 'refresh_token')
    if (rt2 === undefined || rt2 === rt1) {
      step.fail(
        `${first.label}: refresh_token`,
        'a new refresh token (rotation)',
        rt2 === undefined ? '(absent)' : 'the same refresh token again',
      )
    }
    const again = step.use(await reuse(step.session, rt1))
    const refused = step.expect(expectOAuthError(again, 'invalid_grant', 400))
    if (!refused || step.failures.length > 0) {
      step.reason = issuedToken(again)
        ? 'a refresh token already used was accepted again: a stolen copy stays usable (no rotation or no reuse detection)'
        : 'the refresh token was not rotated'
    }
  },
}

const familyRevoked: Check = {
  id: 'refresh.reuse-revokes-family',
  name: 'RFC 9700 §4.14.2 reusing a rotated refresh token revokes the newest one',
  rfc: 'RFC 9700 §4.14.2',
  quote: RFC9700_QUOTE,
  level: replayDetectionLevel,
  requires: ['refresh-token'],
  async run(step) {
    const { rt1, first } = await refreshed(step)
    const rt2 = stringField(first, 'refresh_token')
    if (!issuedToken(first) || rt2 === undefined || rt2 === rt1) {
      skip(`the refresh token was not rotated (see "${rotation.name}")`)
    }
    step.use(await reuse(step.session, rt1))
    // Either party may hold the newest token: after the reuse it must not work for anyone.
    const newest = step.use(await step.session.refresh('the newest refresh token, after the reuse', rt2))
    if (!step.expect(expectOAuthError(newest, 'invalid_grant', 400))) {
      step.reason = 'after a rotated refresh token was reused, the newest refresh token of its family still works'
    }
  },
}

const garbage: Check = {
  id: 'refresh.unknown-invalid-grant',
  name: '§6 an unknown refresh token is invalid_grant',
  rfc: 'RFC 6749 §6, §5.2',
  quote: 'invalid_grant: The provided authorization grant ... or refresh token is invalid, expired, revoked',
  level: 'MUST',
  requires: ['refresh-token'],
  async run(step) {
    const s = step.session
    const main = step.use(await s.requireMainGrant())
    if (stringField(main, 'refresh_token') === undefined) skip(NO_REFRESH)
    step.expect(expectOAuthError(step.use(await s.refresh('unknown refresh token', s.random())), 'invalid_grant', 400))
  },
}

/** The scope family: its grant, and the refresh token to use next (rotated by the narrowing). */
const scopeFamilyNext = new WeakMap<PackSession, string>()

async function scopeFamily(step: Step): Promise<{ grant: Reply; rt: string; granted: string[] }> {
  const s = step.session
  const grant = step.use(
    await s.memo('family.scope', () => s.freshGrant('password grant (scope family)', 'needs a refresh token')),
  )
  const rt = stringField(grant, 'refresh_token')
  if (rt === undefined) skip(NO_REFRESH)
  const granted = (stringField(grant, 'scope') ?? s.scope ?? '').split(' ').filter((t) => t !== '')
  return { grant, rt: scopeFamilyNext.get(s) ?? rt, granted }
}

const narrowing: Check = {
  id: 'refresh.narrow-scope',
  name: '§6 a refresh may narrow the scope',
  rfc: 'RFC 6749 §6',
  quote:
    "scope OPTIONAL. The scope of the access request ... The requested scope MUST NOT include any scope not originally granted (narrowing is the client's right; no sentence obliges the server to grant it, hence a warning)",
  level: 'SHOULD',
  requires: ['refresh-token'],
  async run(step) {
    const { rt, granted } = await scopeFamily(step)
    if (granted.length === 0)
      skip('the granted scope is not known (no scope in the response or configured): nothing to narrow')
    const narrower = granted[0]!
    const r = step.use(await step.session.refresh(`refresh with scope "${narrower}"`, rt, narrower))
    if (!step.expect(expectTokenIssued(r))) return
    const next = stringField(r, 'refresh_token')
    if (next !== undefined) scopeFamilyNext.set(step.session, next)
    const answered = stringField(r, 'scope')
    const beyond = answered?.split(' ').filter((t) => t !== '' && t !== narrower) ?? []
    if (beyond.length > 0) step.fail(`${r.label}: scope`, `"${narrower}" (as asked)`, JSON.stringify(answered))
  },
}

const widening: Check = {
  id: 'refresh.widen-scope-refused',
  name: '§6 a refresh cannot widen the scope',
  rfc: 'RFC 6749 §6, §5.2',
  quote:
    'The requested scope MUST NOT include any scope not originally granted by the resource owner (\u00a75.2 invalid_scope: exceeds the scope granted by the resource owner)',
  level: 'MUST',
  requires: ['refresh-token'],
  async run(step) {
    const s = step.session
    const { rt, granted } = await scopeFamily(step)
    // A scope the server knows (from its metadata) is a truer test than a made-up one.
    const supported = s.target.metadata?.['scopes_supported']
    const known = Array.isArray(supported) ? supported.filter((x): x is string => typeof x === 'string') : []
    const extra = known.find((x) => x !== '' && !x.includes(' ') && !granted.includes(x)) ?? s.random()
    const wider = [...granted, extra].join(' ')
    const r = step.use(await s.refresh(`refresh with scope "${wider}"`, rt, wider))
    if (!step.expect(expectOAuthError(r, 'invalid_scope', 400)) && issuedToken(r)) {
      step.reason = `a refresh was granted "${wider}", more than the original "${granted.join(' ')}"`
    }
  },
}

export const refreshChecks: CheckGroup = {
  name: 'refresh',
  checks: [refreshWorks, rotation, familyRevoked, garbage, narrowing, widening],
}
