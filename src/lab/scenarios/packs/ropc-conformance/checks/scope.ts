// Scope, RFC 6749 §3.3 and the `scope` member of §5.1.
import { decodeJwt } from 'jose'
import { expectOAuthError } from '../outcomes'
import type { Check, CheckGroup, Step } from '../check'
import { issuedToken, jsonObject, stringField, summarize, type Reply } from '../reply'
import { skip } from '../skip'
import { noScopeGrant } from './requests'

const unknownScope: Check = {
  id: 'scope.unknown-invalid-scope',
  name: '§3.3 an unknown scope is invalid_scope',
  rfc: 'RFC 6749 §3.3, §5.2',
  quote:
    'invalid_scope: The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    const s = step.session
    const r = step.use(await s.userGrant('unknown scope', { scope: s.random() }))
    if (!step.expect(expectOAuthError(r, 'invalid_scope', 400)) && issuedToken(r)) {
      step.reason = `a token was issued for a scope the server cannot know (granted ${JSON.stringify(stringField(r, 'scope') ?? '(not said)')})`
    }
  },
}

/** The scope a token carries, read from introspection or a JWT's `scope` claim; undefined when unknown. */
async function grantedScope(step: Step, reply: Reply): Promise<{ scope: string; source: string } | undefined> {
  const token = stringField(reply, 'access_token')!
  if (step.session.target.introspectionEndpoint !== undefined) {
    const r = step.use(await step.session.introspect('introspect the token', token, { hint: 'access_token' }))
    const body = jsonObject(r)
    if (body?.['active'] === true && typeof body['scope'] === 'string')
      return { scope: body['scope'], source: 'introspection' }
  }
  try {
    const scope = decodeJwt(token)['scope']
    if (typeof scope === 'string') return { scope, source: 'the JWT access token' }
  } catch {
    // An opaque token says nothing about its scope.
  }
  return undefined
}

const scopeReturned: Check = {
  id: 'scope.returned-when-different',
  name: '§5.1 scope is in the response when it differs from the request',
  rfc: 'RFC 6749 §5.1, §3.3',
  quote: 'scope OPTIONAL, if identical to the scope requested by the client; otherwise, REQUIRED.',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    // A request without scope gets the server's default: unless that is nothing, it differs from
    // the request and §5.1 makes `scope` REQUIRED.
    const r = step.use(await noScopeGrant(step.session))
    if (!issuedToken(r)) skip(`the password grant without scope got ${summarize(r)}`)
    if (stringField(r, 'scope') !== undefined) return
    const granted = await grantedScope(step, r)
    if (granted === undefined) {
      skip(
        'the response to a request without scope has no scope, and neither introspection nor the token says what was granted',
      )
    }
    if (granted.scope.trim() === '') return
    step.fail(
      `${r.label}: scope`,
      `present: the request had no scope and ${granted.source} says "${granted.scope}" was granted`,
      '(absent)',
    )
  },
}

export const scopeChecks: CheckGroup = { name: 'scope', checks: [unknownScope, scopeReturned] }
