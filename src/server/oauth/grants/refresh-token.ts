// Refresh token grant, RFC 6749 §6 with RFC 9700 §4.14: the token is bound to the client it was
// issued to, the scope may only narrow, and with rotation each use returns a new refresh token;
// presenting a used one again revokes the whole family (reuse detection, §4.14.2).
import type { TokenResponse } from '../../../shared/wire'
import { tokenDigest } from '../../tokens/opaque'
import { OAuthError } from '../errors'
import { findings } from '../findings'
import { formatScope, narrowScope, splitScope } from '../scope'
import { activeUser } from '../user-verification'
import type { Grant, GrantContext } from './index'

/** One description for every refusal: which check failed is in the trace, not on the wire. */
const INVALID_REFRESH = 'The refresh token is invalid, expired or revoked.'

function invalid(): OAuthError {
  return new OAuthError('invalid_grant', INVALID_REFRESH)
}

function reuse(ctx: GrantContext, familyId: string, how: string): OAuthError {
  const { svc, trace } = ctx
  svc.writes.write(() => svc.store.tokens.revokeFamily(familyId, 'refresh_token_reuse', svc.now()))
  trace.fail('refresh.reuse', `${how}: family ${familyId} revoked (every refresh and access token in it)`)
  trace.finding(findings.refreshTokenReuse(familyId))
  return invalid()
}

export const refreshTokenGrant: Grant = {
  type: 'refresh_token',
  requiredParams: ['refresh_token'],

  async handle(ctx: GrantContext): Promise<TokenResponse> {
    const { svc, params, client, trace } = ctx
    const presented = params.get('refresh_token')!
    const digest = tokenDigest(presented)
    const now = svc.now()
    const token = svc.store.tokens.find(digest)
    if (token === null || token.kind !== 'refresh') {
      trace.fail(
        'refresh.lookup',
        token === null ? 'no such refresh token' : 'this is an access token, not a refresh token',
      )
      throw invalid()
    }
    trace.username = token.username
    const familyId = token.familyId
    if (familyId === null) {
      // Every refresh token is issued in a family; one without is not ours to honour.
      trace.fail('refresh.lookup', 'refresh token without a family')
      throw invalid()
    }
    trace.ok('refresh.lookup', `refresh token of "${token.username}" (family ${familyId})`)

    // RFC 6749 §6 / RFC 9700 §4.14.2: bound to the client it was issued to.
    if (token.clientId !== client.clientId) {
      trace.fail('refresh.binding', `issued to client "${token.clientId}", presented by "${client.clientId}"`)
      throw invalid()
    }
    trace.ok('refresh.binding', `issued to "${client.clientId}"`)

    const family = svc.store.tokens.family(familyId)
    if (token.revokedAt !== null || family?.revokedAt != null) {
      const reason = family?.revokedReason ? ` (${family.revokedReason})` : ''
      trace.fail(
        'refresh.state',
        `revoked at ${new Date(token.revokedAt ?? family!.revokedAt!).toISOString()}${reason}`,
      )
      throw invalid()
    }
    if (token.expiresAt <= now) {
      trace.fail('refresh.state', `expired at ${new Date(token.expiresAt).toISOString()}`)
      trace.finding(findings.refreshTokenExpired(new Date(token.expiresAt).toISOString()))
      throw invalid()
    }
    // A used token was rotated away (whatever the rotation setting is now): presenting it again
    // means two parties hold it.
    if (token.usedAt !== null) {
      throw reuse(ctx, familyId, `already used at ${new Date(token.usedAt).toISOString()}`)
    }
    trace.ok('refresh.state', `active until ${new Date(token.expiresAt).toISOString()}`)

    const user = activeUser(svc.store, trace, token.username)
    if (user === null) throw invalid()

    const scope = narrowScope(splitScope(token.scope), ctx.requestedScope, trace)
    const rotation = svc.store.settings.get().refreshTokenRotation
    const response = await svc.tokens.issue(
      {
        ...(ctx.overrides && { overrides: ctx.overrides }),
        client,
        username: token.username,
        userClaims: user.claims,
        scope: formatScope(scope),
        refresh: rotation
          ? { kind: 'rotate', familyId, scope: token.scope, usedDigest: digest }
          : { kind: 'keep', familyId, token: presented },
      },
      trace,
    )
    // Lost the compare-and-set: a concurrent request used this very token first.
    if (response === null) throw reuse(ctx, familyId, 'used concurrently by another request')
    return response
  },
}
