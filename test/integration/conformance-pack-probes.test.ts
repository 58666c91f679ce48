// Probes that discriminate: each server here (test/helpers/rule-breaking-server.ts, real HTTP on
// 127.0.0.1) breaks exactly one rule and keeps every other, and the ropc-conformance pack fails (or,
// for a SHOULD, warns about) exactly the check of that rule — a refusal for another reason is never
// read as obeying or breaking it. A conforming server passes with no warning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { resolvePackTarget } from '../../src/lab/scenarios/packs/resolve-target'
import { ropcConformancePack } from '../../src/lab/scenarios/packs/ropc-conformance/index'
import type { StepResult, SuiteResult } from '../../src/lab/scenarios/results'
import { runnerRequestSchema, type RunnerRequest } from '../../src/shared/lab-api'
import { startRuleBreaker, USERS, type Break } from '../helpers/rule-breaking-server'

/** form-encoding changes the "+" and the space, so Basic differs from a raw base64 of id:secret. */
const CLIENT = { id: 'prober', secret: 'pro+ber secret' }

let lab: Lab
const send = (r: RunnerRequest) => lab.runner.send(runnerRequestSchema.parse(r), 'scenario')

beforeAll(async () => {
  lab = await createLab({ dbPath: ':memory:', workspace: { version: 1, settings: { bcryptCost: 4 } } })
  await lab.start({ port: 0 })
})
afterAll(async () => {
  await lab.close()
})

async function runAgainst(breaks: Break[], auth: 'basic' | 'post' = 'basic'): Promise<SuiteResult> {
  const breaker = await startRuleBreaker(breaks, CLIENT)
  try {
    const target = await resolvePackTarget(breaker.base, send)
    return await ropcConformancePack({
      send,
      target,
      credentials: {
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
        auth,
        username: 'bob',
        password: USERS.get('bob')!,
        scope: 'read',
      },
    })
  } finally {
    await new Promise((resolve) => breaker.server.close(resolve))
  }
}

const explain = (suite: SuiteResult) =>
  suite.steps
    .filter((s) => s.status !== 'passed')
    .map((s) => `${s.status} ${s.id}: ${s.reason}`)
    .join('\n')
const ids = (suite: SuiteResult, status: StepResult['status']) =>
  suite.steps.filter((s) => s.status === status).map((s) => s.id)
const byId = (suite: SuiteResult, id: string) => suite.steps.find((s) => s.id === id)!

describe('each rule-breaking server fails exactly the check of the rule it breaks', () => {
  it('a conforming server passes with no failure and no warning', async () => {
    const suite = await runAgainst([])
    expect(ids(suite, 'failed'), explain(suite)).toEqual([])
    expect(ids(suite, 'warning'), explain(suite)).toEqual([])
  })

  it('RFC 6749 §2.3: body credentials accepted after a wrong Basic secret', async () => {
    const suite = await runAgainst(['fallback-after-failed-basic'])
    expect(ids(suite, 'failed'), explain(suite)).toEqual(['client-auth.no-fallback-after-failed-basic'])
    expect(byId(suite, 'client-auth.no-fallback-after-failed-basic').reason).toMatch(/falls back to the body/)
    // Right Basic plus the body secret is still refused: the one-method check passes.
    expect(byId(suite, 'client-auth.one-method').status).toBe('passed')
  })

  it('RFC 6749 §5.2: a POST with its parameters in the query string answered by a 500 HTML page', async () => {
    const suite = await runAgainst(['query-string-500'])
    expect(ids(suite, 'failed'), explain(suite)).toEqual(['requests.query-string'])
    expect(byId(suite, 'requests.query-string').reason).toMatch(/server error instead of a §5\.2 answer/)
  })

  it('RFC 7617 §2: a Basic challenge without realm', async () => {
    const suite = await runAgainst(['no-realm'])
    expect(ids(suite, 'failed'), explain(suite)).toEqual(['client-auth.basic-realm'])
    expect(byId(suite, 'client-auth.basic-realm').failures[0]!.what).toContain('basic_challenge_without_realm')
  })

  it('RFC 6749 §5.2: a Bearer challenge after Basic is its own finding, not a missing header', async () => {
    const suite = await runAgainst(['bearer-challenge'])
    expect(ids(suite, 'failed'), explain(suite)).toEqual(['client-auth.basic-401-challenge'])
    const whats = byId(suite, 'client-auth.basic-401-challenge').failures.map((f) => f.what)
    expect(whats.join('\n')).toContain('challenge_scheme_mismatch')
    expect(whats.join('\n')).not.toContain('unauthorized_without_www_authenticate')
    // With no Basic challenge there is no realm to judge: skipped, naming the check that failed.
    expect(byId(suite, 'client-auth.basic-realm').status).toBe('skipped')
  })

  it('RFC 6749 §2.3.1: Basic not form-decoded — the pack says so once and runs the rest with client_secret_post', async () => {
    const suite = await runAgainst(['basic-not-form-decoded'])
    expect(ids(suite, 'failed'), explain(suite)).toEqual(['client-auth.basic-form-decoded'])
    expect(ids(suite, 'warning'), explain(suite)).toEqual([])
    expect(byId(suite, 'client-auth.basic-form-decoded').reason).toMatch(
      /form-encoded Basic credentials .* refused and client_secret_post accepted/,
    )
    expect(byId(suite, 'password-grant.issues-token')).toMatchObject({
      status: 'passed',
      reason: expect.stringMatching(/refused the client's Basic credentials .* accepted its client_secret_post/),
    })
    // No cascade: the grant rules ran (with client_secret_post) and passed.
    for (const id of [
      'password-grant.unknown-user',
      'password-grant.missing-password',
      'password-grant.unsupported-grant-type',
      'requests.repeated-parameter',
    ]) {
      expect(byId(suite, id).status, id).toBe('passed')
    }
    // What needs Basic accepted is skipped, saying what happened.
    const raw = byId(suite, 'client-auth.basic-raw-refused')
    expect(raw.status).toBe('skipped')
    expect(raw.reason).toMatch(/refused the client's Basic credentials/)
  })

  it('RFC 6749 §3.2: a repeated parameter accepted (the server refuses bad users with invalid_request anyway)', async () => {
    const suite = await runAgainst(['accept-repeated'])
    expect(ids(suite, 'failed'), explain(suite)).toEqual(['requests.repeated-parameter'])
    expect(byId(suite, 'requests.repeated-parameter').reason).toMatch(/grant_type twice got a token/)
  })

  it('RFC 6749 §2.3: right Basic credentials plus a body client_secret accepted', async () => {
    const suite = await runAgainst(['accept-basic-and-body'])
    expect(ids(suite, 'failed'), explain(suite)).toEqual(['client-auth.one-method'])
  })

  it('invalid_client for a JSON body carrying client_secret is a correct refusal', async () => {
    const suite = await runAgainst(['json-refused-as-invalid-client'], 'post')
    expect(ids(suite, 'failed'), explain(suite)).toEqual([])
    expect(ids(suite, 'warning'), explain(suite)).toEqual([])
    expect(byId(suite, 'requests.json-body-refused').status).toBe('passed')
  })
})
