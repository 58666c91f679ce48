// Token introspection, RFC 7662. The caller authenticates as a client exactly as at the token
// endpoint (§2.1: the endpoint MUST require authorization) and sees only its own tokens; anything
// else is exactly {"active":false} (§2.2), so the answer never tells why.
import type { IntrospectionResponse } from '../../shared/wire'
import type { ServerServices } from '../services'
import { OAuthError } from './errors'
import { jsonReply, NO_STORE, type Reply } from './reply'
import type { FormRequest } from './request'
import { findToken, inactiveReason, readTokenRequest } from './token-lookup'

const INACTIVE: IntrospectionResponse = { active: false }

export async function introspect(form: FormRequest, svc: ServerServices): Promise<Reply> {
  const { trace } = form
  const { client, token } = await readTokenRequest(form, svc, 'introspect')
  if (client.public) {
    // RFC 7662 §2.1: "the endpoint MUST also require some form of authorization to access this
    // endpoint", client authentication for one. A public client's id authenticates nothing (RFC 6749
    // §2.1, §2.2): anyone who knows it could read what a token says (user, claims, scope) or test
    // whether a refresh token is still live without spending it. Revocation stays open to public
    // clients: RFC 7009 §2.1 provides for them.
    trace.fail('introspect.client', `"${client.clientId}" is public: it has no credentials to introspect with`)
    throw new OAuthError(
      'invalid_client',
      'Introspection requires client authentication (RFC 7662 section 2.1); a public client has none.',
      { status: 401 },
    )
  }

  const inactive = (why: string): Reply => {
    trace.info('introspect.result', `inactive: ${why}`)
    return jsonReply(200, INACTIVE, NO_STORE)
  }
  const found = findToken(svc, token, trace)
  if (found === null) return inactive('unknown token')
  trace.username = found.username
  if (found.clientId !== client.clientId) return inactive(`issued to another client ("${found.clientId}")`)
  const now = svc.now()
  const reason = inactiveReason(svc, found, now)
  if (reason !== null) return inactive(reason)
  // A client credentials token names no user (RFC 6749 §4.4): sub is the client, no username.
  const noUser = found.username === ''
  const user = noUser ? null : svc.store.users.get(found.username)
  if (!noUser && (user === null || user.disabled))
    return inactive(user === null ? 'the user no longer exists' : 'the user is disabled')

  const settings = svc.store.settings.get()
  // The user's claims first, ours after: a claim can never override what the server asserts.
  const body: IntrospectionResponse = {
    ...user?.claims,
    active: true,
    scope: found.scope,
    client_id: found.clientId,
    ...(!noUser && { username: found.username }),
    sub: noUser ? found.clientId : found.username,
    exp: Math.floor(found.expiresAt / 1000),
    iat: Math.floor(found.issuedAt / 1000),
    token_type: found.kind === 'access' ? 'Bearer' : 'refresh_token',
    iss: svc.issuer(),
    aud: settings.audience,
    jti: found.jti,
  }
  trace.ok('introspect.result', `active ${found.kind} token`)
  return jsonReply(200, body, NO_STORE)
}
