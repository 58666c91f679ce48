// Finding a presented token for introspection and revocation. token_type_hint is only a hint
// (RFC 7009 §2.1, RFC 7662 §2.1): every token is found by its digest, whatever its kind.
import type { ClientRecord, TokenRecord } from '../../store/index'
import type { ServerServices } from '../services'
import { tokenDigest } from '../tokens/opaque'
import { authenticateClient, readClientCredentials } from './client-auth'
import { OAuthError } from './errors'
import type { FormRequest } from './request'
import type { Trace } from './trace'

/**
 * What introspection and revocation both start with: the caller authenticates as a client as at
 * the token endpoint (RFC 7662 §2.1, RFC 7009 §2.1) and must name a `token`.
 */
export async function readTokenRequest(
  form: FormRequest,
  svc: ServerServices,
  step: 'introspect' | 'revoke',
): Promise<{ client: ClientRecord; token: string }> {
  const { params, trace } = form
  const credentials = readClientCredentials(form.basic, params, trace)
  const token = params.get('token')
  if (token === undefined) {
    trace.fail(`${step}.params`, 'missing token')
    throw new OAuthError('invalid_request', 'Missing parameter: token.')
  }
  noteHint(params, trace)
  const client = await authenticateClient(svc, credentials, trace)
  trace.clientId = client.clientId
  return { client, token }
}

const HINTS = new Set(['access_token', 'refresh_token'])

export function noteHint(params: Map<string, string>, trace: Trace): void {
  const hint = params.get('token_type_hint')
  if (hint === undefined) return
  trace.info(
    'token.hint',
    HINTS.has(hint)
      ? `token_type_hint ${hint} (only a hint: every kind is searched)`
      : `unknown token_type_hint "${hint}" ignored (every kind is searched)`,
  )
}

export function findToken(svc: ServerServices, token: string, trace: Trace): TokenRecord | null {
  const found = svc.store.tokens.find(tokenDigest(token))
  if (found === null) trace.info('token.lookup', 'no such token')
  else trace.ok('token.lookup', `${found.kind} token of "${found.username}", issued to "${found.clientId}"`)
  return found
}

/** Why a found token no longer counts, or null when it is active. */
export function inactiveReason(svc: ServerServices, t: TokenRecord, now: number): string | null {
  if (t.revokedAt !== null) return `revoked at ${new Date(t.revokedAt).toISOString()}`
  if (t.familyId !== null) {
    const family = svc.store.tokens.family(t.familyId)
    if (family?.revokedAt != null) return `its family was revoked (${family.revokedReason ?? 'revoked'})`
  }
  if (t.expiresAt <= now) return `expired at ${new Date(t.expiresAt).toISOString()}`
  if (t.kind === 'refresh' && t.usedAt !== null) return `already used (rotated) at ${new Date(t.usedAt).toISOString()}`
  return null
}
