// Authorization code grant, RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5, §4.6): the code is single-use
// and short-lived; its second use is refused and revokes what the first issued (§4.1.2, §10.5). The
// code may come from the authorization endpoint (redirect_uri must then be repeated, §4.1.3) or from
// the authorization challenge endpoint (draft-ietf-oauth-first-party-apps §6.1: no redirect_uri).
import type { TokenResponse } from '../../../shared/wire'
import { tokenDigest } from '../../tokens/opaque'
import type { CodeGrant } from '../../way-out-state'
import { OAuthError } from '../errors'
import { findings } from '../findings'
import { verifierMatches } from '../pkce'
import { activeUser } from '../user-verification'
import type { Grant, GrantContext } from './index'

/** One description for every refusal about the code: which check failed is in the trace. */
const INVALID_CODE = 'The authorization code is invalid, expired, already used or was issued to another client.'

function invalid(): OAuthError {
  return new OAuthError('invalid_grant', INVALID_CODE)
}

/** RFC 6749 §4.1.2: "the authorization server ... SHOULD revoke (when possible) all tokens previously issued based on that authorization code". */
function revokeIssued(ctx: GrantContext, code: CodeGrant): number {
  const { svc } = ctx
  const now = svc.now()
  let revoked = 0
  svc.writes.write(() =>
    svc.store.transaction(() => {
      for (const digest of code.issuedDigests) {
        const token = svc.store.tokens.find(digest)
        if (token === null) continue
        revoked += 1
        if (token.familyId !== null) svc.store.tokens.revokeFamily(token.familyId, 'authorization_code_reuse', now)
        else svc.store.tokens.revoke(digest, now)
      }
    }),
  )
  return revoked
}

function checkBinding(ctx: GrantContext, code: CodeGrant): void {
  const { params, client, trace } = ctx
  if (code.clientId !== client.clientId) {
    trace.fail('code.binding', `issued to client "${code.clientId}", presented by "${client.clientId}"`)
    throw invalid()
  }
  // Spent from here on, whatever follows: a code is presented once (RFC 6749 §4.1.2).
  code.usedAt = ctx.svc.now()
  const redirectUri = params.get('redirect_uri')
  if (code.redirectUri !== null && redirectUri !== code.redirectUri) {
    trace.fail('code.redirect_uri', redirectUri === undefined ? 'redirect_uri missing' : `"${redirectUri}" differs`)
    trace.finding(findings.redirectUriMismatch(client.clientId, redirectUri ?? '(none)', 'token'))
    throw invalid()
  }
  trace.ok(
    'code.binding',
    `issued to "${client.clientId}"` +
      (code.redirectUri === null ? ' (the authorization request named no redirect_uri)' : ', same redirect_uri'),
  )
  const verifier = params.get('code_verifier')
  if (verifier === undefined || !verifierMatches(verifier, code.codeChallenge)) {
    trace.fail(
      'code.pkce',
      verifier === undefined ? 'code_verifier missing' : 'code_verifier does not match the S256 challenge',
    )
    trace.finding(findings.pkceVerifierMismatch(verifier === undefined))
    throw new OAuthError('invalid_grant', 'The code_verifier does not match the code_challenge (RFC 7636 section 4.6).')
  }
  trace.ok('code.pkce', 'S256(code_verifier) matches the code_challenge (RFC 7636 section 4.6)')
}

export const authorizationCodeGrant: Grant = {
  type: 'authorization_code',
  requiredParams: ['code'],

  async handle(ctx: GrantContext): Promise<TokenResponse> {
    const { svc, params, client, trace } = ctx
    const presented = params.get('code')!
    const now = svc.now()
    const code = svc.wayOut.codes.get(presented)
    if (code === null) {
      trace.fail('code.lookup', 'no such authorization code (or it expired long ago)')
      throw invalid()
    }
    trace.flow = code.flow
    trace.username = code.username
    if (code.usedAt !== null) {
      // The first redemption may still be signing (its digests not known yet): it revokes them itself.
      let revoked = 0
      if (code.clientId === client.clientId) {
        code.replayed = true
        revoked = revokeIssued(ctx, code)
      }
      trace.fail(
        'code.reuse',
        `already redeemed at ${new Date(code.usedAt).toISOString()}; ${revoked} token(s) revoked`,
      )
      trace.finding(findings.authorizationCodeReused(client.clientId, revoked))
      throw invalid()
    }
    if (code.expiresAt <= now) {
      trace.fail('code.lookup', `expired at ${new Date(code.expiresAt).toISOString()}`)
      throw invalid()
    }
    trace.ok(
      'code.lookup',
      `code for "${code.username}" (${code.flow}), valid until ${new Date(code.expiresAt).toISOString()}`,
    )
    checkBinding(ctx, code)

    const user = activeUser(svc.store, trace, code.username)
    if (user === null) throw invalid()
    const response = await svc.tokens.issue(
      {
        ...(ctx.overrides && { overrides: ctx.overrides }),
        client,
        username: code.username,
        userClaims: user.claims,
        scope: code.scope,
        refresh: client.grantTypes.includes('refresh_token') ? { kind: 'new' } : { kind: 'none' },
      },
      trace,
    )
    if (response === null) throw new Error('a new token family cannot lose a compare-and-set')
    code.issuedDigests = [response.access_token, response.refresh_token]
      .filter((t): t is string => t !== undefined)
      .map(tokenDigest)
    if (code.replayed) {
      // RFC 6749 §4.1.2: the code came back while these tokens were being issued.
      const revoked = revokeIssued(ctx, code)
      trace.fail(
        'code.reuse',
        `presented again during this redemption; the ${revoked} token(s) just issued are revoked`,
      )
    }
    return response
  },
}
