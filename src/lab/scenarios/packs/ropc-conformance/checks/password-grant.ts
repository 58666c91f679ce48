// The password grant, RFC 6749 §4.3.2, and the grant type itself (§5.2 unsupported_grant_type).
import { expectOAuthError, expectTokenIssued } from '../assert'
import type { Check, CheckGroup, Step } from '../check'
import { jsonObject, stringField, summarize } from '../reply'
import { MAIN_GRANT_CHECK } from '../session'

const issues: Check = {
  name: MAIN_GRANT_CHECK,
  rfc: 'RFC 6749 §4.3.2',
  async run(step) {
    const r = step.use(await step.session.mainGrant())
    if (!step.expect(expectTokenIssued(r))) {
      step.reason = `the supplied client and user got ${summarize(r)}: check the credentials (most other checks need a token)`
    }
  },
}

/** One unknown-user attempt, judged by two checks. */
const unknownUser = (step: Step) =>
  step.session.memo('grant.unknown-user', () =>
    step.session.unknownUserGrant('unknown user', { scope: step.session.scope }),
  )

const unknownUserRefused: Check = {
  name: '§4.3.2 an unknown user is invalid_grant',
  rfc: 'RFC 6749 §4.3.2, §5.2',
  async run(step) {
    step.expect(expectOAuthError(step.use(await unknownUser(step)), 'invalid_grant', 400))
  },
}

const wrongPasswordRefused: Check = {
  name: '§4.3.2 a wrong password is invalid_grant',
  rfc: 'RFC 6749 §4.3.2, §5.2',
  async run(step) {
    step.expect(expectOAuthError(step.use(await step.session.wrongPasswordGrant()), 'invalid_grant', 400))
  },
}

const indistinguishable: Check = {
  name: '§4.3.2 an unknown user and a wrong password get the same answer',
  rfc: 'RFC 6749 §4.3.2',
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
  name: '§4.3.2 a missing password is invalid_request',
  rfc: 'RFC 6749 §4.3.2, §5.2',
  async run(step) {
    const s = step.session
    const r = step.use(
      await s.token('no password parameter', [
        ['grant_type', 'password'],
        ['username', s.random()],
      ]),
    )
    step.expect(expectOAuthError(r, 'invalid_request', 400))
  },
}

const unsupportedGrant: Check = {
  name: '§5.2 an unknown grant type is unsupported_grant_type',
  rfc: 'RFC 6749 §5.2',
  async run(step) {
    const s = step.session
    const r = step.use(await s.token('unknown grant type', [['grant_type', s.random('urn:ropc-conformance:grant')]]))
    step.expect(expectOAuthError(r, 'unsupported_grant_type', 400))
  },
}

export const passwordGrantChecks: CheckGroup = {
  name: 'password grant',
  checks: [issues, unknownUserRefused, wrongPasswordRefused, indistinguishable, missingPassword, unsupportedGrant],
}
