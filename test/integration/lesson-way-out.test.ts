// Step 7, live, on the lesson lab (real HTTP on 127.0.0.1, the real sign-in page, a real TOTP): the
// same user by the password grant, code + PKCE and the authorization challenge, who held the
// password in each; Mia, with a second factor, refused by the password grant and signed in through
// the challenge with the code the lab computed. The person's own lab is never touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { LESSON_CAST, type LabOutput } from '../../src/shared/lab-api'
import { MASK } from '../../src/shared/masking'
import { smallWorkspace } from './renderer/test-lab'

/** A masked value: at most a short prefix, then the mask; or a JWT without its signature. */
const MASKED = new RegExp(`^([\\w-]{0,8}${MASK.replace(/[*]/g, '\\*')}|[\\w-]+\\.[\\w-]+\\.signature-not-stored)$`)

let lab: Lab
let live: LabOutput<'lesson.wayOutLive'>

beforeAll(async () => {
  lab = await createLab({ dbPath: ':memory:', workspace: smallWorkspace(), hashThreads: 1 })
  await lab.start({ port: 0 })
  live = await invokeLab(lab.handlers, 'lesson.wayOutLive', {})
}, 60_000)
afterAll(async () => {
  await lab.close()
})

const steps = (r: { exchanges: Array<{ endpoint: string; method: string; status: number; error?: string }> }) =>
  r.exchanges.map((e) => `${e.method} ${e.endpoint.split('?')[0]} ${e.status}${e.error ? ` ${e.error}` : ''}`)

describe('the lesson’s way out, live', () => {
  it('signs the same user in three ways, each to a token', () => {
    expect(live.username).toBe(LESSON_CAST.signInUser)
    expect(live.flows.map((f) => [f.flow, f.signedIn])).toEqual([
      ['password', true],
      ['authorization_code', true],
      ['authorization_challenge', true],
    ])
    expect(steps(live.flows[1]!)).toEqual([
      'GET /oauth/v2/oauth-authorize 200',
      'POST /oauth/v2/oauth-authorize 302',
      'POST /oauth/v2/oauth-token 200',
    ])
    expect(steps(live.flows[2]!)).toEqual([
      'POST /oauth/v2/oauth-authorization-challenge 200',
      'POST /oauth/v2/oauth-token 200',
    ])
  })

  it('says who held the password: the client in the password grant and the challenge, only the sign-in page in the code flow', () => {
    expect(live.flows.map((f) => f.passwordSeen)).toEqual([
      [{ step: 'token', by: 'client' }],
      [{ step: 'sign-in', by: 'browser' }],
      [{ step: 'challenge', by: 'client' }],
    ])
    // The code flow's token request carries a code and a verifier, never a password.
    const token = live.flows[1]!.exchanges.at(-1)!
    expect(token.request.body).toMatch(/grant_type=authorization_code/)
    expect(token.request.body).not.toMatch(/password=/)
  })

  it('the user with a second factor: the password grant refuses, the challenge asks for the code and signs in', () => {
    const { passwordGrant, challenge, username } = live.secondFactor
    expect(username).toBe(LESSON_CAST.mfaUser)
    expect([passwordGrant.status, passwordGrant.error]).toEqual([400, 'invalid_grant'])
    expect(steps(challenge)).toEqual([
      'POST /oauth/v2/oauth-authorization-challenge 400 insufficient_authorization',
      'POST /oauth/v2/oauth-authorization-challenge 200',
      'POST /oauth/v2/oauth-token 200',
    ])
    expect(challenge.signedIn).toBe(true)
  })

  it('shows the exchanges as the log keeps them: no token, code or OTP in clear', () => {
    const all = [...live.flows.flatMap((f) => f.exchanges), ...live.secondFactor.challenge.exchanges]
    for (const e of all) {
      // The sign-in page is HTML; the JSON answers are the ones that could carry a credential.
      if (!e.response.body.startsWith('{')) continue
      const body = JSON.parse(e.response.body) as Record<string, unknown>
      for (const key of ['access_token', 'refresh_token', 'authorization_code', 'auth_session']) {
        // masking.ts: a prefix to tell values apart; a JWT keeps its claims for the lesson, never its signature.
        if (key in body) expect(String(body[key]), `${key} of ${e.endpoint}`).toMatch(MASKED)
      }
      expect(e.request.body ?? '').not.toMatch(/otp=\d{6}/)
    }
    // The person's own lab saw none of it.
    return invokeLab(lab.handlers, 'exchanges.list', { limit: 10 }).then(({ items }) => expect(items).toEqual([]))
  })
})
