// The run leaves nothing behind it can remove: every token it obtained is revoked (RFC 7009),
// refresh tokens first (that ends their families), a few at a time.
import type { Check, CheckGroup } from '../check'
import type { Reply } from '../reply'
import { skip } from '../skip'

const CONCURRENCY = 4

const revokeObtained: Check = {
  id: 'cleanup.revoke-obtained',
  name: 'cleanup: every token this run obtained is revoked',
  rfc: 'RFC 7009 §2.1',
  quote: 'The authorization server responds with HTTP status code 200 if the token has been revoked successfully',
  level: 'MUST',
  async run(step) {
    const s = step.session
    const tokens: Array<[string, 'refresh_token' | 'access_token']> = [
      ...[...s.obtained.refresh].map((t) => [t, 'refresh_token'] as [string, 'refresh_token']),
      ...[...s.obtained.access].map((t) => [t, 'access_token'] as [string, 'access_token']),
    ]
    if (tokens.length === 0) skip('the run obtained no token')
    const why = s.missingEndpoint('revocation')
    if (why !== null) skip(`${why}: the ${tokens.length} token(s) this run obtained stay valid until they expire`)
    const replies: Reply[] = []
    let next = 0
    const worker = async () => {
      while (next < tokens.length) {
        const [token, hint] = tokens[next++]!
        replies.push(
          step.use(await s.revoke(`revoke a ${hint === 'refresh_token' ? 'refresh' : 'access'} token`, token, hint)),
        )
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, tokens.length) }, worker))
    const failed = replies.filter((r) => r.status !== 200)
    if (failed.length > 0) {
      step.fail(
        'revocations',
        `200 for all ${replies.length}`,
        `${failed.length} answered ${[...new Set(failed.map((r) => r.status))].join(', ')}`,
      )
    }
  },
}

export const cleanupChecks: CheckGroup = { name: 'cleanup', checks: [revokeObtained] }
