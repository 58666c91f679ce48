// What checks need before they mean anything, established once per run: the client authenticated
// (with the configured method, or the other one when the server refused it), a token for the
// supplied user, a refresh token, the introspection and revocation endpoints, a timing user. A
// check whose precondition does not hold is skipped with what happened, never failed for a rule
// the server did not get to (RFC 6749 §5.2 answers invalid_client before any grant rule).
import type { Reply } from './reply'
import { errorOf, issuedToken, stringField, summarize } from './reply'
import type { PackSession } from './session'
import { skip } from './skip'

export type Precondition =
  | 'token'
  | 'confidential'
  | 'basic-accepted'
  | 'refresh-token'
  | 'introspection'
  | 'introspection-by-client'
  | 'revocation'
  | 'timing-user'

export type AuthMethod = 'basic' | 'post' | 'none'

const METHOD_NAMES: Record<AuthMethod, string> = {
  basic: 'Basic credentials',
  post: 'client_secret_post credentials',
  none: 'client_id (public client)',
}

/** How the client got in: the method that worked, and what happened to the configured one. */
export interface ClientAuthOutcome {
  /** The configured method's first password grant. */
  first: Reply
  /** The grant that issued the run's token (the first, or the other method's), when one did. */
  granted: Reply | undefined
  /** The method the checks authenticate with. */
  method: AuthMethod
  /** Said when the configured method was refused and another one worked. */
  note?: string
  /** Why no token could be obtained; undefined when one was. */
  refused?: string
}

/** RFC 6749 §5.2: invalid_client, or a 401, is the client refused (the user was never looked at). */
export function clientRefused(r: Reply): boolean {
  return r.status === 401 || errorOf(r) === 'invalid_client'
}

function otherMethod(method: AuthMethod): AuthMethod | null {
  return method === 'basic' ? 'post' : method === 'post' ? 'basic' : null
}

/**
 * The first password grant with the configured method; when the server refused the client (not the
 * user), one more with the other method. The supplied password is sent at most twice, and the second
 * time only after a refusal that did not judge it.
 */
export async function establishClientAuth(s: PackSession, first: Reply): Promise<ClientAuthOutcome> {
  const configured = s.credentials.auth
  if (issuedToken(first)) return { first, granted: first, method: configured }
  const other = otherMethod(configured)
  if (!clientRefused(first) || other === null) {
    return { first, granted: undefined, method: configured, refused: refusalOf(s, first, configured) }
  }
  const retry = await s.token(
    `password grant (${other === 'post' ? 'client_secret_post' : 'Basic'}, after ${METHOD_NAMES[configured]} were refused)`,
    s.passwordParams(s.credentials.username, s.credentials.password, s.scope),
    { auth: s.auth(other) },
  )
  const refusedHow = `the server refused the client's ${METHOD_NAMES[configured]} (${summarize(first)})`
  if (issuedToken(retry)) {
    return {
      first,
      granted: retry,
      method: other,
      note: `${refusedHow} and accepted its ${METHOD_NAMES[other]}: the checks that need an authenticated client use ${other === 'post' ? 'client_secret_post' : 'Basic'}`,
    }
  }
  return {
    first,
    granted: undefined,
    method: configured,
    refused: clientRefused(retry)
      ? `${refusedHow}, and its ${METHOD_NAMES[other]} too (${summarize(retry)}): check --client-id and --client-secret (RFC 6749 §2.3.1)`
      : refusalOf(s, retry, other),
  }
}

function refusalOf(s: PackSession, r: Reply, method: AuthMethod): string {
  if (clientRefused(r)) {
    return `the server refused the client's ${METHOD_NAMES[method]} (${summarize(r)}) — see RFC 6749 §2.3.1`
  }
  if (errorOf(r) === 'invalid_grant') {
    return (
      `the server accepted the client and refused the supplied user "${s.credentials.username}" (${summarize(r)}): ` +
      'check --username and --password; the pack does not send that password again, so the user cannot be locked out'
    )
  }
  return `the password grant for the supplied user got ${summarize(r)}; the pack does not send that password again`
}

/** Skips the calling check unless `need` holds. */
export async function requirePrecondition(s: PackSession, need: Precondition): Promise<void> {
  switch (need) {
    case 'token': {
      const auth = await s.clientAuth()
      if (auth.refused !== undefined) skip(`needs a token for the supplied user: ${auth.refused}`)
      return
    }
    case 'confidential':
      if (s.isPublic) skip('the client is public (--auth none): client authentication rules do not apply')
      if (!s.credentials.clientSecret) skip('no client secret was given (--client-secret)')
      return
    case 'basic-accepted': {
      await requirePrecondition(s, 'confidential')
      if (s.credentials.auth !== 'basic') {
        skip('the client authenticates with client_secret_post; run the pack with --auth basic to check this')
      }
      const auth = await s.clientAuth()
      if (auth.method !== 'basic' || auth.granted === undefined) {
        skip(`needs the client's Basic credentials accepted: ${auth.note ?? auth.refused ?? 'they were refused'}`)
      }
      return
    }
    case 'refresh-token': {
      await requirePrecondition(s, 'token')
      const granted = (await s.clientAuth()).granted!
      if (stringField(granted, 'refresh_token') === undefined) {
        skip('the password grant returned no refresh_token (the client may not be allowed the refresh_token grant)')
      }
      return
    }
    case 'introspection':
    case 'revocation': {
      const why = s.missingEndpoint(need)
      if (why !== null) skip(why)
      return
    }
    case 'introspection-by-client':
      return requireIntrospectionByClient(s)
    case 'timing-user':
      if (s.credentials.timingUser === undefined) {
        skip('optional: give a second, sacrificial user (--timing-user, --timing-password); it is sent wrong passwords')
      }
      if (s.credentials.timingUser.username === s.credentials.username)
        skip('the timing user must not be the supplied user')
      return
  }
}

/**
 * The client may introspect. RFC 7662 §2.1: "the endpoint MUST also require some form of
 * authorization", which a server may deny a public client: then the checks that read introspection
 * are skipped, not failed. A confidential client's refusal is left to the checks to judge.
 */
async function requireIntrospectionByClient(s: PackSession): Promise<void> {
  await requirePrecondition(s, 'introspection')
  await requirePrecondition(s, 'token')
  if (!s.isPublic) return
  const token = stringField((await s.clientAuth()).granted!, 'access_token')!
  const r = await s.memo('introspection.by-client', () =>
    s.introspect('introspect the token as the public client', token, { hint: 'access_token' }),
  )
  if (r.status === 401 || r.status === 403 || errorOf(r) === 'invalid_client') {
    skip(
      `needs introspection with the client's credentials: the server refused the public client (${summarize(r)}), ` +
        'as RFC 7662 §2.1 lets it ("the endpoint MUST also require some form of authorization")',
    )
  }
}
