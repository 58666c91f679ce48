// Token revocation, RFC 7009. 200 whether the token was revoked or unknown (§2.2: an invalid
// token is no error, so the endpoint tells nothing about which tokens exist); a client can only
// revoke its own tokens; revoking a refresh token revokes its grant's access tokens (§2.1).
import type { ServerServices } from '../services'
import { NO_STORE, type Reply } from './reply'
import type { FormRequest } from './request'
import { findToken, readTokenRequest } from './token-lookup'

const OK: Reply = { status: 200, headers: NO_STORE, body: '' }

export async function revoke(form: FormRequest, svc: ServerServices): Promise<Reply> {
  const { trace } = form
  const { client, token } = await readTokenRequest(form, svc, 'revoke')

  const found = findToken(svc, token, trace)
  if (found === null) {
    trace.info('revoke.result', 'unknown token: nothing to revoke (200 all the same, RFC 7009 section 2.2)')
    return OK
  }
  trace.username = found.username
  if (found.clientId !== client.clientId) {
    // RFC 7009 §2.1: the server verifies the token was issued to the requesting client.
    trace.info('revoke.result', `issued to another client ("${found.clientId}"): not revoked (200 all the same)`)
    return OK
  }
  const now = svc.now()
  if (found.kind === 'refresh' && found.familyId !== null) {
    // The whole grant: this refresh token, its rotated successors and every access token issued from it.
    svc.writes.write(() =>
      svc.store.transaction(() => {
        svc.store.tokens.revoke(found.digest, now)
        svc.store.tokens.revokeFamily(found.familyId!, 'revoked by the client (RFC 7009)', now)
      }),
    )
    trace.ok(
      'revoke.result',
      `refresh token revoked with its family ${found.familyId} and the access tokens issued from it`,
    )
  } else {
    svc.writes.write(() => svc.store.tokens.revoke(found.digest, now))
    trace.ok('revoke.result', `${found.kind} token revoked`)
  }
  return OK
}
