// The "Why caution" lesson's actions against a real lab: the lesson lab is a second createLab() on
// ':memory:' listening on 127.0.0.1, and the person's workspace and log are never touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { dispatchLabCall, invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { GUESSED_PASSWORD, guesses, LESSON_MAX_FAILURES, WORD_LIST } from '../../src/lab/lesson/index'
import {
  LESSON_CAST,
  LESSON_MAX_GUESSES,
  type LabInput,
  type LabMethod,
  type LabOutput,
  type LessonProgress,
} from '../../src/shared/lab-api'
import { MASK } from '../../src/shared/masking'
import { smallWorkspace } from './renderer/test-lab'

let lab: Lab
let personBaseUrl: string
const progress: LessonProgress[] = []

beforeAll(async () => {
  lab = await createLab({ dbPath: ':memory:', workspace: smallWorkspace(), hashThreads: 1 })
  personBaseUrl = (await lab.start({ port: 0 })).baseUrl!
  lab.events.on('lesson.progress', (p) => progress.push(p))
})
afterAll(async () => {
  await lab.close()
})

const call = <M extends LabMethod>(m: M, input: LabInput<M>): Promise<LabOutput<M>> => invokeLab(lab.handlers, m, input)

describe('the lesson lab', () => {
  it('opens on demand on 127.0.0.1, on a port of its own, and closes on reset', async () => {
    expect((await call('lesson.status', {})).running).toBe(false)
    const started = await call('lesson.start', {})
    expect(started.running).toBe(true)
    expect(started.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(started.baseUrl).not.toBe(personBaseUrl)
    const reset = await call('lesson.reset', {})
    expect(reset).toMatchObject({ running: false, baseUrl: null, guessing: false })
    // Closed for real: nothing listens there any more.
    await expect(fetch(`${started.baseUrl}/oauth/v2/jwks`)).rejects.toThrow()
  })

  it('reset leaves the person’s workspace and exchange log as they were (workspace.export before and after)', async () => {
    const before = await call('workspace.export', {})
    const logBefore = await call('exchanges.list', {})
    await call('lesson.signIn', { username: LESSON_CAST.signInUser, password: LESSON_CAST.signInPassword })
    await call('lesson.guess', { lockout: true, guesses: 8, paceMs: 0 })
    await call('lesson.scope', { scope: 'admin' })
    await call('lesson.sharedPassword', {})
    await call('lesson.lookalike', { username: LESSON_CAST.signInUser, password: LESSON_CAST.signInPassword })
    await call('lesson.compareUsers', { rounds: 2 })
    await call('lesson.realUser', {})
    await call('lesson.secondFactor', {})
    await call('lesson.tokensOutlive', { revokeOnPasswordChange: false })
    await call('lesson.migrate', { mode: 'disabled' })
    await call('lesson.wayOut', {})
    await call('lesson.reset', {})
    expect(await call('workspace.export', {})).toEqual(before)
    expect(await call('exchanges.list', {})).toEqual(logBefore)
  })

  it('reset forgets the lesson’s own users, tokens and log: the next step starts from LESSON_WORKSPACE', async () => {
    await call('lesson.guess', { lockout: true, guesses: LESSON_MAX_FAILURES, paceMs: 0 })
    expect((await call('lesson.wayOut', {})).total).toBe(LESSON_MAX_FAILURES)
    await call('lesson.reset', {})
    expect((await call('lesson.wayOut', {})).total).toBe(0)
    // Sam is no longer locked: the real user gets in.
    expect((await call('lesson.realUser', {})).exchange.status).toBe(200)
    await call('lesson.reset', {})
  })
})

describe('step 1: the client holds the password (RFC 6749 §4.3.1, §10.7)', () => {
  it('sends the password in the request; the lab log masks it; reveal shows what a careless log keeps', async () => {
    const { request, exchange, baseUrl } = await call('lesson.signIn', {
      username: LESSON_CAST.signInUser,
      password: LESSON_CAST.signInPassword,
    })
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:/)
    expect(request.params).toContainEqual(['password', LESSON_CAST.signInPassword])
    expect(exchange.status).toBe(200)
    expect(exchange.request.body).toContain(`password=${MASK}`)
    expect(JSON.stringify(exchange)).not.toContain(LESSON_CAST.signInPassword)
    // The log's copy of the tokens is no bearer credential either.
    expect(exchange.response.body).toMatch(/signature-not-stored/)
    const careless = await call('lesson.reveal', { id: exchange.id })
    expect(careless.revealed).toBe(true)
    expect(careless.request.body).toContain(`password=${LESSON_CAST.signInPassword}`)
  })
})

describe('step 2: guessing (RFC 6749 §4.3.2, RFC 6819 §4.4.3.6)', () => {
  it('with lockout off, never locks the user and finds the password on the list (42nd word)', async () => {
    progress.length = 0
    const run = await call('lesson.guess', { lockout: false, guesses: 50, paceMs: 0 })
    expect(run.lockedAt).toBeNull()
    expect(run.attempts.filter((a) => a.outcome === 'locked' || a.outcome === 'correct_but_locked')).toEqual([])
    expect(run.foundAt).toBe(42)
    expect(run.endedBy).toBe('found')
    expect(run.attempts).toHaveLength(42)
    expect(run.user.lockedUntil).toBeNull()
    // Every attempt was announced as it ended, then the run.
    const attempts = progress.filter((p) => p.kind === 'attempt' && p.runId === run.runId)
    expect(attempts).toHaveLength(42)
    expect(progress.at(-1)).toEqual({ kind: 'done', runId: run.runId, run })
  })

  it('with lockout on, locks the user after maxFailures failures and refuses even the right password', async () => {
    const run = await call('lesson.guess', { lockout: true, guesses: 50, paceMs: 0 })
    expect(run.maxFailures).toBe(LESSON_MAX_FAILURES)
    expect(run.lockedAt).toBe(LESSON_MAX_FAILURES)
    expect(run.attempts.slice(0, LESSON_MAX_FAILURES).every((a) => a.outcome === 'wrong')).toBe(true)
    expect(run.attempts.slice(LESSON_MAX_FAILURES).every((a) => a.outcome !== 'wrong')).toBe(true)
    expect(run.attempts[41]!.outcome).toBe('correct_but_locked')
    expect(run.foundAt).toBeNull()
    expect(run.endedBy).toBe('count')
    expect(run.attempts).toHaveLength(50)
    // The same answer whatever happened inside (RFC 6749 §5.2 invalid_grant).
    expect(new Set(run.attempts.map((a) => `${a.status} ${a.error}`))).toEqual(new Set(['400 invalid_grant']))
    expect(run.user.lockedUntil).not.toBeNull()
  })

  it('the lockout’s own cost: the real user, with the right password, is locked out too', async () => {
    const { exchange, user } = await call('lesson.realUser', {})
    expect(exchange.status).toBe(400)
    expect(exchange.error).toBe('invalid_grant')
    // RFC 6749 §4.3.2: while locked, the password is not compared (a dummy hash is, for timing).
    expect(exchange.trace.find((s) => s.step === 'user.password')?.detail).toMatch(/^locked: not compared/)
    expect(exchange.trace.some((s) => s.step === 'user.refused')).toBe(true)
    expect(user.lockedUntil).not.toBeNull()
  })

  it('answers a known and an unknown user alike, one hash each (RFC 6749 §4.3.2)', async () => {
    const { samples, sameAnswer } = await call('lesson.compareUsers', { rounds: 4 })
    expect(sameAnswer).toBe(true)
    expect(samples.map((s) => [s.username, s.known, s.status])).toEqual([
      [LESSON_CAST.guessedUser, true, 400],
      [LESSON_CAST.unknownUser, false, 400],
    ])
    expect(samples[0]!.body).toBe(samples[1]!.body)
    for (const s of samples) expect(s.durationsMs).toHaveLength(4)
  })

  it('stays within its bounds in count: at most 300 guesses, and the schema refuses more', async () => {
    const refused = await dispatchLabCall(lab.handlers, 'lesson.guess', {
      lockout: true,
      guesses: LESSON_MAX_GUESSES + 1,
    })
    expect(refused.ok).toBe(false)
    const run = await call('lesson.guess', { lockout: true, guesses: LESSON_MAX_GUESSES, paceMs: 0, maxSeconds: 30 })
    expect(run.planned).toBe(LESSON_MAX_GUESSES)
    expect(run.attempts.length).toBe(LESSON_MAX_GUESSES)
    expect(new Set(run.attempts.map((a) => a.exchangeId)).size).toBe(LESSON_MAX_GUESSES)
  })

  it('stays within its bounds in time: it stops itself at maxSeconds', async () => {
    const started = Date.now()
    const run = await call('lesson.guess', { lockout: true, guesses: 300, paceMs: 200, maxSeconds: 1 })
    const took = Date.now() - started
    expect(run.endedBy).toBe('time')
    expect(run.elapsedMs).toBeLessThan(1500)
    expect(took).toBeLessThan(3000)
    expect(run.attempts.length).toBeLessThanOrEqual(6)
  })

  it('can be stopped, and refuses a second run while one is going', async () => {
    const running = call('lesson.guess', { lockout: false, guesses: 300, paceMs: 100 })
    await expect.poll(() => call('lesson.status', {}).then((s) => s.guessing)).toBe(true)
    const second = await dispatchLabCall(lab.handlers, 'lesson.guess', { lockout: false })
    expect(second).toMatchObject({ ok: false, error: { kind: 'conflict' } })
    expect(await call('lesson.stopGuessing', {})).toEqual({ stopped: true })
    const run = await running
    expect(run.endedBy).toBe('stopped')
    expect(run.attempts.length).toBeLessThan(300)
    expect((await call('lesson.status', {})).guessing).toBe(false)
    expect(await call('lesson.stopGuessing', {})).toEqual({ stopped: false })
  })
})

describe('step 3: no consent, any scope (RFC 6749 §10.7, RFC 6819 §4.4.3.2)', () => {
  it('grants admin to the client that asks, and says no one consented', async () => {
    const { granted, exchange } = await call('lesson.scope', { scope: 'admin' })
    expect(exchange.status).toBe(200)
    expect(granted).toBe('admin')
    expect(exchange.findings.map((f) => f.code)).toContain('scope_without_consent')
  })
})

describe('step 5: the password is shared (RFC 9700 §2.4)', () => {
  it('the same password opens two clients, and a look-alike form’s copy opens the public one', async () => {
    const { exchanges } = await call('lesson.sharedPassword', {})
    expect(exchanges.map((e) => [e.clientId, e.status])).toEqual([
      [LESSON_CAST.legacyClient, 200],
      [LESSON_CAST.partnerClient, 200],
    ])
    const { exchange } = await call('lesson.lookalike', {
      username: LESSON_CAST.signInUser,
      password: LESSON_CAST.signInPassword,
    })
    expect([exchange.clientId, exchange.status]).toEqual([LESSON_CAST.publicClient, 200])
  })
})

describe('step 7: the way out', () => {
  it('counts, from the lesson lab’s own log, every client the passwords went through', async () => {
    const { clients, total } = await call('lesson.wayOut', {})
    expect(clients.map((c) => c.clientId).sort()).toEqual(
      [LESSON_CAST.legacyClient, LESSON_CAST.partnerClient, LESSON_CAST.publicClient].sort(),
    )
    expect(total).toBe(clients.reduce((n, c) => n + c.requests, 0))
    const legacy = clients.find((c) => c.clientId === LESSON_CAST.legacyClient)!
    expect(legacy.users).toContain(LESSON_CAST.guessedUser)
    expect(legacy.accepted).toBeGreaterThan(0)
  })
})

describe('step 4: no second factor (RFC 9700 §2.4)', () => {
  it('refuses the right password of a user who needs a second factor, or a new password, with the same answer', async () => {
    const { mfa, expired } = await call('lesson.secondFactor', {})
    const { samples } = await call('lesson.compareUsers', { rounds: 1 })
    for (const [exchange, step, user] of [
      [mfa, 'user.mfa_required', LESSON_CAST.mfaUser],
      [expired, 'user.password_expired', LESSON_CAST.expiredUser],
    ] as const) {
      expect([exchange.username, exchange.status, exchange.error]).toEqual([user, 400, 'invalid_grant'])
      // The password matched; the dead end is its own trace step, and the answer is a wrong password's.
      expect(exchange.trace.find((s) => s.step === 'user.password')?.outcome).toBe('ok')
      expect(exchange.trace.find((s) => s.step === step)?.outcome).toBe('fail')
      expect(exchange.response.body).toBe(samples[0]!.body)
    }
  })
})

describe('step 6: tokens outlive the password (RFC 6819 §5.2.2.3)', () => {
  it('with the setting off, the refresh token obtained before the password change still works', async () => {
    const r = await call('lesson.tokensOutlive', { revokeOnPasswordChange: false })
    expect(r.signIn.status).toBe(200)
    expect(r.oldPassword).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(r.refresh).toMatchObject({ status: 200, grantType: 'refresh_token', username: LESSON_CAST.tokenUser })
  })

  it('with the setting on, the password change revokes it', async () => {
    const r = await call('lesson.tokensOutlive', { revokeOnPasswordChange: true })
    expect(r.signIn.status).toBe(200)
    expect(r.oldPassword).toMatchObject({ status: 400, error: 'invalid_grant' })
    expect(r.refresh).toMatchObject({ status: 400, error: 'invalid_grant', grantType: 'refresh_token' })
    expect(r.refresh.trace.find((s) => s.step === 'refresh.state')).toMatchObject({ outcome: 'fail' })
    expect(r.refresh.trace.find((s) => s.step === 'refresh.state')?.detail).toMatch(/password_change/)
  })
})

describe('step 7: the migration path (RFC 9745, RFC 8594, OAuth 2.1)', () => {
  it('deprecated still grants, with Deprecation, Sunset and Link; disabled answers unsupported_grant_type', async () => {
    const deprecated = await call('lesson.migrate', { mode: 'deprecated' })
    expect(deprecated.exchange.status).toBe(200)
    const names = deprecated.exchange.response.headers.map(([k]) => k.toLowerCase())
    expect(names).toEqual(expect.arrayContaining(['deprecation', 'sunset', 'link']))
    expect(deprecated.exchange.findings.map((f) => f.code)).toContain('password_grant_deprecated')
    const disabled = await call('lesson.migrate', { mode: 'disabled' })
    expect(disabled.exchange).toMatchObject({ status: 400, error: 'unsupported_grant_type' })
    // Back to enabled: every step still runs.
    const after = await call('lesson.signIn', {
      username: LESSON_CAST.signInUser,
      password: LESSON_CAST.signInPassword,
    })
    expect(after.exchange.status).toBe(200)
    expect(after.exchange.response.headers.some(([k]) => k.toLowerCase() === 'deprecation')).toBe(false)
  })
})

describe('the bundled word list', () => {
  it('gives up to 300 distinct guesses, the list first, the guessed password 42nd', () => {
    const all = guesses(LESSON_MAX_GUESSES + 50)
    expect(all).toHaveLength(LESSON_MAX_GUESSES)
    expect(new Set(all).size).toBe(LESSON_MAX_GUESSES)
    expect(all.slice(0, WORD_LIST.length)).toEqual(WORD_LIST)
    expect(all.indexOf(GUESSED_PASSWORD)).toBe(41)
    expect(guesses(7)).toEqual(WORD_LIST.slice(0, 7))
  })
})
