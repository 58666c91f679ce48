// Scope, RFC 6749 §3.3 and the `scope` member of §5.1.
import { decodeJwt } from 'jose'
import { expectOAuthError } from '../outcomes'
import type { Check, CheckGroup, Step } from '../check'
import { issuedToken, jsonObject, stringField, type Reply } from '../reply'
import { skip } from '../skip'
import { noScopeGrant } from './requests'

/** One password grant asking for a scope the server cannot know, judged by two checks. */
const unknownScopeGrant = (step: Step): Promise<Reply> =>
  step.session.memo('grant.unknown-scope', () =>
    step.session.userGrant('unknown scope', { scope: step.session.random() }),
  )

const unknownScope: Check = {
  id: 'scope.unknown-invalid-scope',
  name: '§3.3 an unknown scope is refused with invalid_scope, or ignored',
  rfc: 'RFC 6749 §3.3, §5.2',
  quote:
    'The authorization server MAY fully or partially ignore the scope requested by the client (§3.3); invalid_scope: ' +
    'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner (§5.2).',
  level: 'MUST',
  requires: ['token'],
  async run(step) {
    const r = step.use(await unknownScopeGrant(step))
    // RFC 6749 §3.3: ignoring the scope is a MAY, so a token is a pass; whether the answer then says
    // which scope was granted is §5.1's rule, judged by scope.returned-when-different.
    if (issuedToken(r)) {
      step.reason = `the server ignored the unknown scope (§3.3 MAY) and granted ${JSON.stringify(stringField(r, 'scope') ?? '(not said)')}`
      return
    }
    step.expect(expectOAuthError(r, 'invalid_scope', 400))
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
    const judged = (await judgeDefaultScope(step)) + (await judgeIgnoredScope(step))
    if (judged === 0) {
      skip(
        'every token answer without a scope came from a request whose granted scope neither introspection nor the token says',
      )
    }
  },
}

/**
 * A request without scope gets the server's default: unless that is nothing, it differs from the
 * request and §5.1 makes `scope` REQUIRED. Returns 1 when it judged something, 0 when it could not.
 */
async function judgeDefaultScope(step: Step): Promise<number> {
  const r = step.use(await noScopeGrant(step.session))
  if (!issuedToken(r)) return 0
  if (stringField(r, 'scope') !== undefined) return 1
  const granted = await grantedScope(step, r)
  if (granted === undefined) return 0
  if (granted.scope.trim() !== '') {
    step.fail(
      `${r.label}: scope`,
      `present: the request had no scope and ${granted.source} says "${granted.scope}" was granted`,
      '(absent)',
    )
  }
  return 1
}

/**
 * RFC 6749 §3.3 + §5.1: a server that ignores a requested scope it cannot know grants another one,
 * so it "MUST include the scope response parameter" — unless what it granted is exactly what was
 * asked for (a server that takes any scope name), which introspection or a JWT can show.
 */
async function judgeIgnoredScope(step: Step): Promise<number> {
  const r = step.use(await unknownScopeGrant(step))
  if (!issuedToken(r)) return 0
  const requested = r.sent.params.find(([k]) => k === 'scope')?.[1] ?? ''
  const said = stringField(r, 'scope')
  if (said !== undefined) return 1
  const granted = await grantedScope(step, r)
  // Without introspection or a JWT nothing shows what was granted: a server that takes any scope
  // name may have granted exactly what was asked, and then §5.1 lets it leave `scope` out.
  if (granted === undefined) return 0
  if (sameScope(granted.scope, requested)) return 1
  step.fail(
    `${r.label}: scope`,
    'present: the unknown scope requested was not granted as asked',
    `(absent; ${granted.source} says "${granted.scope}" was granted)`,
  )
  return 1
}

/** Scope values are unordered, space-delimited lists (RFC 6749 §3.3). */
function sameScope(a: string, b: string): boolean {
  const set = (s: string) => [...new Set(s.split(' ').filter((x) => x !== ''))].sort().join(' ')
  return set(a) === set(b)
}

export const scopeChecks: CheckGroup = { name: 'scope', checks: [unknownScope, scopeReturned] }
