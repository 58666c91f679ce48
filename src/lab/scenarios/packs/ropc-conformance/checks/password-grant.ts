// The password grant, RFC 6749 §4.3.2, and the grant type itself (§5.2 unsupported_grant_type).
import {
  expectErrorOrPublicClientRefused,
  expectOAuthError,
  expectTokenIssued,
  judgeMissingParameter,
} from '../outcomes'
import type { Check, CheckGroup, Step } from '../check'
import { jsonObject, stringField, summarize } from '../reply'
import { MAIN_GRANT_CHECK } from '../session'

const issues: Check = {
  id: 'password-grant.issues-token',
  name: MAIN_GRANT_CHECK,
  rfc: 'RFC 6749 §4.3.2',
  quote:
    'The authorization server MUST: ... validate the resource owner password credentials ... If the access token request is valid and authorized, the authorization server issues an access token (RFC 6749 §4.3.2, §5.1).',
  level: 'MUST',
  async run(step) {
    const r = step.use(await step.session.mainGrant())
    if (!step.expect(expectTokenIssued(r))) {
      step.reason = `the supplied client and user got ${summarize(r)}: check the credentials (most other checks need a token)`
      return
    }
    // Passed; and when the configured client authentication was refused, it says which one worked.
    const note = (await step.session.clientAuth()).note
    if (note !== undefined) step.reason = note
  },
}

/** One unknown-user attempt, judged by two checks. */
const unknownUser = (step: Step) =>
  step.session.memo('grant.unknown-user', () =>
    step.session.unknownUserGrant('unknown user', { scope: step.session.scope }),
  )

const unknownUserRefused: Check = {
  id: 'password-grant.unknown-user',
  name: '§4.3.2 an unknown user is invalid_grant',
  rfc: 'RFC 6749 §4.3.2, §5.2',
  quote: 'invalid_grant: The provided authorization grant (e.g., ... resource owner credentials) ... is invalid',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    step.expect(expectOAuthError(step.use(await unknownUser(step)), 'invalid_grant', 400))
  },
}

const wrongPasswordRefused: Check = {
  id: 'password-grant.wrong-password',
  name: '§4.3.2 a wrong password is invalid_grant',
  rfc: 'RFC 6749 §4.3.2, §5.2',
  quote: 'invalid_grant: The provided authorization grant (e.g., ... resource owner credentials) ... is invalid',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    step.expect(expectOAuthError(step.use(await step.session.wrongPasswordGrant()), 'invalid_grant', 400))
  },
}

const indistinguishable: Check = {
  id: 'password-grant.same-answer',
  name: '§4.3.2 an unknown user and a wrong password get the same answer',
  rfc: 'RFC 6749 §4.3.2',
  quote:
    'the authorization server MUST protect the endpoint against brute force attacks; an answer that differs tells which usernames exist (no sentence requires identical answers, hence a warning)',
  level: 'SHOULD',
  requires: ['token'],
  async run(step) {
    const a = step.use(await unknownUser(step))
    const b = step.use(await step.session.wrongPasswordGrant())
    // The answer must not tell an attacker which usernames exist.
    if (a.status !== b.status)
      step.fail('status', `the same (unknown user: ${a.status})`, `wrong password: ${b.status}`)
    const ka = Object.keys(jsonObject(a) ?? {})
      .sort()
      .join(', ')
    const kb = Object.keys(jsonObject(b) ?? {})
      .sort()
      .join(', ')
    if (ka !== kb) step.fail('body keys', `the same (unknown user: ${ka || 'none'})`, `wrong password: ${kb || 'none'}`)
    for (const key of ['error', 'error_description', 'error_uri']) {
      const va = stringField(a, key)
      const vb = stringField(b, key)
      if (va !== vb)
        step.fail(key, `the same (unknown user: ${JSON.stringify(va)})`, `wrong password: ${JSON.stringify(vb)}`)
    }
  },
}

const missingPassword: Check = {
  id: 'password-grant.missing-password',
  name: '§4.3.2 a missing password is invalid_request',
  rfc: 'RFC 6749 §4.3.2, §5.2',
  quote: 'invalid_request: The request is missing a required parameter',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    const s = step.session
    const r = step.use(
      await s.token('no password parameter', [
        ['grant_type', 'password'],
        ['username', s.random()],
      ]),
    )
    judgeMissingParameter(step, r)
  },
}

const unsupportedGrant: Check = {
  id: 'password-grant.unsupported-grant-type',
  name: '§5.2 an unknown grant type is unsupported_grant_type',
  rfc: 'RFC 6749 §5.2',
  quote: 'unsupported_grant_type: The authorization grant type is not supported by the authorization server.',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    const s = step.session
    // Only the grant type is wrong: the supplied user and password go with it, so a server that
    // checks its parameters before the grant type (the RFC orders no checks) is still asked just this.
    await s.requireMainGrant()
    const [, ...rest] = s.passwordParams(s.credentials.username, s.credentials.password, s.scope)
    const r = step.use(
      await s.token('unknown grant type', [['grant_type', s.random('urn:ropc-conformance:grant')], ...rest]),
    )
    await expectErrorOrPublicClientRefused(step, r, 'unsupported_grant_type')
  },
}

export const passwordGrantChecks: CheckGroup = {
  name: 'password grant',
  checks: [issues, unknownUserRefused, wrongPasswordRefused, indistinguishable, missingPassword, unsupportedGrant],
}
