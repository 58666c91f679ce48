// The requests the lesson's clients send, as the composer would build them (a RunnerRequest, which
// shared/token-request.ts turns into bytes): each client authenticates the way it is registered.
import { LESSON_CAST, type RunnerRequest } from '../../shared/lab-api'
import { LESSON_SECRETS } from './lesson-workspace'

export type LessonClient = 'legacy' | 'partner' | 'public'

export function lessonAuth(client: LessonClient): RunnerRequest['auth'] {
  if (client === 'legacy')
    return { method: 'basic', clientId: LESSON_CAST.legacyClient, clientSecret: LESSON_SECRETS.legacyClient }
  if (client === 'partner')
    return { method: 'basic', clientId: LESSON_CAST.partnerClient, clientSecret: LESSON_SECRETS.partnerClient }
  // RFC 6749 §2.1: a public client's id is no secret; anyone may send it.
  return { method: 'none', clientId: LESSON_CAST.publicClient }
}

/** RFC 6749 §4.3.2: grant_type=password with the user's credentials, and a scope when one is asked. */
export function passwordGrant(client: LessonClient, username: string, password: string, scope?: string): RunnerRequest {
  const params: Array<[string, string]> = [
    ['grant_type', 'password'],
    ['username', username],
    ['password', password],
  ]
  if (scope !== undefined) params.push(['scope', scope])
  return { target: 'token', auth: lessonAuth(client), params }
}
