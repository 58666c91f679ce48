// Token revocation, RFC 7009. One grant of its own: its access token is revoked first, then its
// refresh token.
import { expectExactlyInactive, expectOAuthError, expectStatus } from '../outcomes'
import type { Check, CheckGroup, Step } from '../check'
import { stringField, type Reply } from '../reply'
import { skip } from '../skip'

function requireRevocation(step: Step): void {
  const why = step.session.missingEndpoint('revocation')
  if (why !== null) skip(why)
}

function revocationGrant(step: Step): Promise<Reply> {
  const s = step.session
  return s.memo('family.revocation', () => s.freshGrant('password grant (revocation)', 'needs a token to revoke'))
}

function revokeAccess(step: Step): Promise<Reply> {
  const s = step.session
  return s.memo('revoke.access', async () => {
    const grant = await revocationGrant(step)
    return s.revoke('revoke the access token', stringField(grant, 'access_token')!, 'access_token')
  })
}

const revokeOk: Check = {
  id: 'revocation.answers-200',
  name: 'RFC 7009 §2.2 revoking a token answers 200',
  rfc: 'RFC 7009 §2.2',
  quote:
    'The authorization server responds with HTTP status code 200 if the token has been revoked successfully or if the client submitted an invalid token.',
  level: 'MUST',
  requires: ['revocation', 'token'],
  async run(step) {
    requireRevocation(step)
    step.use(await revocationGrant(step))
    step.expect(expectStatus(step.use(await revokeAccess(step)), 200))
  },
}

const revokedInactive: Check = {
  id: 'revocation.access-inactive',
  name: 'RFC 7009 §2.1 a revoked access token is no longer active',
  rfc: 'RFC 7009 §2.1, RFC 7662 §2.2',
  quote:
    'The authorization server first validates the client credentials ... and then verifies whether the token was issued to the client making the revocation request. ... the token is invalidated',
  level: 'MUST',
  requires: ['revocation', 'introspection-by-client', 'token'],
  async run(step) {
    requireRevocation(step)
    const why = step.session.missingEndpoint('introspection')
    if (why !== null) skip(`${why}, so whether the token still works cannot be seen`)
    const grant = step.use(await revocationGrant(step))
    const revoked = step.use(await revokeAccess(step))
    if (revoked.status !== 200) skip(`the revocation got ${revoked.status} (see "${revokeOk.name}")`)
    const token = stringField(grant, 'access_token')!
    step.expect(
      expectExactlyInactive(
        step.use(await step.session.introspect('introspect the revoked access token', token, { hint: 'access_token' })),
      ),
    )
  },
}

const revokedRefresh: Check = {
  id: 'revocation.refresh-refused',
  name: 'RFC 7009 §2.1 a revoked refresh token no longer refreshes',
  rfc: 'RFC 7009 §2.1, RFC 6749 §6',
  quote:
    'In the next step, the authorization server invalidates the token. The invalidation takes place immediately, and the token cannot be used again after the revocation.',
  level: 'MUST',
  requires: ['revocation', 'refresh-token'],
  async run(step) {
    requireRevocation(step)
    const s = step.session
    const grant = step.use(await revocationGrant(step))
    const rt = stringField(grant, 'refresh_token')
    if (rt === undefined) skip('the password grant returned no refresh_token')
    await revokeAccess(step)
    const revoked = step.use(await s.revoke('revoke the refresh token', rt, 'refresh_token'))
    step.expect(expectStatus(revoked, 200))
    step.expect(
      expectOAuthError(step.use(await s.refresh('refresh with the revoked refresh token', rt)), 'invalid_grant', 400),
    )
  },
}

const revokeUnknown: Check = {
  id: 'revocation.unknown-200',
  name: 'RFC 7009 §2.2 revoking an unknown token answers 200',
  rfc: 'RFC 7009 §2.2',
  quote:
    'The authorization server responds with HTTP status code 200 if the token has been revoked successfully or if the client submitted an invalid token.',
  level: 'MUST',
  requires: ['revocation', 'token'],
  async run(step) {
    requireRevocation(step)
    const s = step.session
    step.expect(expectStatus(step.use(await s.revoke('revoke an unknown token', s.random())), 200))
  },
}

export const revocationChecks: CheckGroup = {
  name: 'revocation',
  checks: [revokeOk, revokedInactive, revokedRefresh, revokeUnknown],
}
