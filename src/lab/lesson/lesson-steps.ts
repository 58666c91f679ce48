// The lesson's steps as actions on the lesson lab: each sends real requests through the lab's runner
// and returns what the step shows — the exchanges as the lab's log keeps them (password, secrets and
// tokens masked), with the server's decision trace and findings. `lesson.reveal` shows one unmasked.
import type { Exchange } from '../../shared/exchange'
import { LabError, LESSON_CAST, type LabOutput, type LabParsedInput, type LessonUserSample } from '../../shared/lab-api'
import { formatImfFixdate } from '../../shared/http-date'
import { buildRefreshRequest } from '../../shared/token-request'
import type { OpenLesson } from './lesson-lab'
import { GUESSED_PASSWORD, LESSON_PASSWORDS } from './lesson-workspace'
import { lessonAuth, passwordGrant } from './requests'

async function mustGetUser(open: OpenLesson, username: string) {
  const user = (await open.call('workspace.get', {})).users.find((u) => u.username === username)
  if (!user) throw new LabError('not_found', `the lesson user "${username}" is gone`)
  return user
}

/** Step 1: the legacy app's login form sends the password it was given (RFC 6749 §4.3.2). */
export async function signIn(open: OpenLesson, { username, password }: LabParsedInput<'lesson.signIn'>) {
  const request = passwordGrant('legacy', username, password)
  const { logged } = await open.send(request)
  return { baseUrl: open.baseUrl, request, exchange: logged } satisfies LabOutput<'lesson.signIn'>
}

/** Any exchange of the lesson lab unmasked, while its pipeline still holds it in memory. */
export async function reveal(open: OpenLesson, { id }: LabParsedInput<'lesson.reveal'>): Promise<Exchange> {
  const exchange = await open.call('exchanges.get', { id, reveal: true })
  if (!exchange.revealed) throw new LabError('not_found', 'this exchange is no longer held unmasked in memory')
  return exchange
}

/** Step 2: after the run, the real user signs in with the right password. */
export async function realUser(open: OpenLesson): Promise<LabOutput<'lesson.realUser'>> {
  const { logged } = await open.send(passwordGrant('legacy', LESSON_CAST.guessedUser, GUESSED_PASSWORD))
  return { exchange: logged, user: await mustGetUser(open, LESSON_CAST.guessedUser) }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return Math.round(value * 100) / 100
}

/**
 * Step 2: the same wrong password for a known and an unknown user, interleaved so both meet the same
 * load. RFC 6749 §4.3.2 (and password.ts): the same answer, and one bcrypt compare either way.
 */
export async function compareUsers(
  open: OpenLesson,
  { rounds }: LabParsedInput<'lesson.compareUsers'>,
): Promise<LabOutput<'lesson.compareUsers'>> {
  const who = [
    { username: LESSON_CAST.guessedUser, known: true },
    { username: LESSON_CAST.unknownUser, known: false },
  ]
  const seen = who.map(() => ({ durations: [] as number[], answers: new Set<string>(), last: null as Exchange | null }))
  for (let round = 0; round < rounds; round++) {
    for (const [i, w] of who.entries()) {
      const { logged } = await open.send(passwordGrant('legacy', w.username, LESSON_PASSWORDS.wrong))
      seen[i]!.durations.push(logged.durationMs)
      seen[i]!.answers.add(`${logged.status} ${logged.response.body}`)
      seen[i]!.last = logged
    }
  }
  const samples: LessonUserSample[] = who.map((w, i) => ({
    ...w,
    status: seen[i]!.last!.status,
    body: seen[i]!.last!.response.body,
    durationsMs: seen[i]!.durations,
    medianMs: median(seen[i]!.durations),
  }))
  const answers = new Set(seen.flatMap((s) => [...s.answers]))
  return { samples, sameAnswer: answers.size === 1 }
}

/** Step 3: the client alone picks the scope; the server grants it with no one asked (RFC 6749 §10.7). */
export async function askScope(open: OpenLesson, { scope }: LabParsedInput<'lesson.scope'>) {
  const { logged } = await open.send(passwordGrant('legacy', LESSON_CAST.signInUser, LESSON_CAST.signInPassword, scope))
  let granted: string | null = null
  try {
    const body = JSON.parse(logged.response.body) as { scope?: unknown }
    granted = typeof body.scope === 'string' ? body.scope : null
  } catch {
    granted = null
  }
  return { requested: scope, granted, exchange: logged } satisfies LabOutput<'lesson.scope'>
}

/**
 * Step 4: the right password, and still no way in: the grant has no step for a second factor or a
 * password change (RFC 9700 §2.4).
 */
export async function secondFactor(open: OpenLesson): Promise<LabOutput<'lesson.secondFactor'>> {
  const mfa = await open.send(passwordGrant('legacy', LESSON_CAST.mfaUser, LESSON_PASSWORDS.mfaUser))
  const expired = await open.send(passwordGrant('legacy', LESSON_CAST.expiredUser, LESSON_PASSWORDS.expiredUser))
  return { mfa: mfa.logged, expired: expired.logged }
}

/** Step 5: one password, any client that asks for it (RFC 9700 §2.4). */
export async function sharedPassword(open: OpenLesson): Promise<LabOutput<'lesson.sharedPassword'>> {
  const exchanges: Exchange[] = []
  for (const client of ['legacy', 'partner'] as const) {
    const { logged } = await open.send(passwordGrant(client, LESSON_CAST.signInUser, LESSON_CAST.signInPassword))
    exchanges.push(logged)
  }
  return { exchanges }
}

/** Step 5: what the look-alike form collected, sent with the public client's id it copied. */
export async function lookalike(open: OpenLesson, { username, password }: LabParsedInput<'lesson.lookalike'>) {
  const { logged } = await open.send(passwordGrant('public', username, password))
  return { exchange: logged } satisfies LabOutput<'lesson.lookalike'>
}

/**
 * Step 6: a refresh token obtained with the old password, presented after the change
 * (RFC 6819 §5.2.2.3: revoke refresh tokens when the password changes).
 */
export async function tokensOutlive(
  open: OpenLesson,
  { revokeOnPasswordChange }: LabParsedInput<'lesson.tokensOutlive'>,
): Promise<LabOutput<'lesson.tokensOutlive'>> {
  const user = LESSON_CAST.tokenUser
  await open.call('settings.update', { revokeRefreshTokensOnPasswordChange: revokeOnPasswordChange })
  // Each run starts from Tom's first password.
  await open.call('users.setPassword', { username: user, password: LESSON_PASSWORDS.tokenUser })
  const first = await open.send(passwordGrant('legacy', user, LESSON_PASSWORDS.tokenUser))
  const refreshRequest = buildRefreshRequest({
    responseBody: first.received.response.body,
    auth: lessonAuth('legacy'),
  })
  if (!refreshRequest.ok) throw new LabError('internal', `no refresh token to try: ${refreshRequest.reason}`)
  await open.call('users.setPassword', { username: user, password: LESSON_PASSWORDS.tokenUserChanged })
  const oldPassword = await open.send(passwordGrant('legacy', user, LESSON_PASSWORDS.tokenUser))
  const refresh = await open.send(refreshRequest.request)
  return { revokeOnPasswordChange, signIn: first.logged, oldPassword: oldPassword.logged, refresh: refresh.logged }
}

/** Step 7: every client the lesson's passwords went through, from the lesson lab's own log. */
export async function wayOut(open: OpenLesson): Promise<LabOutput<'lesson.wayOut'>> {
  const { items } = await open.call('exchanges.list', { limit: 10_000 })
  const byClient = new Map<string, { requests: number; accepted: number; users: Set<string> }>()
  let total = 0
  for (const e of items) {
    if (e.grantType !== 'password' || !e.clientId) continue
    total++
    const entry = byClient.get(e.clientId) ?? { requests: 0, accepted: 0, users: new Set<string>() }
    entry.requests++
    if (e.status === 200) entry.accepted++
    if (e.username) entry.users.add(e.username)
    byClient.set(e.clientId, entry)
  }
  const clients = [...byClient.entries()]
    .map(([clientId, c]) => ({ clientId, requests: c.requests, accepted: c.accepted, users: [...c.users].sort() }))
    .sort((a, b) => b.requests - a.requests || a.clientId.localeCompare(b.clientId))
  return { clients, total }
}

/** The sunset a deprecation announces in the lesson: 90 days out (RFC 8594 §3). */
const SUNSET_AFTER_MS = 90 * 24 * 3600 * 1000

/**
 * Step 7: the migration path on the lesson lab — one sign-in with the grant deprecated (it still
 * works, and says so: Deprecation, Sunset and Link headers, RFC 9745 and RFC 8594) or disabled
 * (unsupported_grant_type, as an OAuth 2.1 server). The lab is enabled again afterwards, so every
 * step still runs.
 */
export async function migrate(
  open: OpenLesson,
  { mode }: LabParsedInput<'lesson.migrate'>,
): Promise<LabOutput<'lesson.migrate'>> {
  await open.call('settings.update', {
    passwordGrant: mode,
    passwordGrantSunset: mode === 'deprecated' ? formatImfFixdate(Date.now() + SUNSET_AFTER_MS) : null,
  })
  try {
    const { logged } = await open.send(passwordGrant('legacy', LESSON_CAST.signInUser, LESSON_CAST.signInPassword))
    return { mode, exchange: logged }
  } finally {
    await open.call('settings.update', { passwordGrant: 'enabled', passwordGrantSunset: null })
  }
}
