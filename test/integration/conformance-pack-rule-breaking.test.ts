// The ropc-conformance pack against another server: a tiny node:http token server
// (test/helpers/rule-breaking-server.ts) made to break five rules on purpose (RFC 6749 §5.1 no-store on success, §5.2 401 + WWW-Authenticate after
// Basic, §5.2 error members, RFC 8414 §3.3 issuer, §4.3.2 timing) and keep the others. Exactly the
// checks of those five rules fail; what the server does not advertise is skipped with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { resolvePackTarget } from '../../src/lab/scenarios/packs/resolve-target'
import type { PackTarget } from '../../src/lab/scenarios/packs/pack-types'
import { MAX_WRONG_PASSWORDS, ropcConformancePack } from '../../src/lab/scenarios/packs/ropc-conformance/index'
import type { StepResult, SuiteResult } from '../../src/lab/scenarios/results'
import { runnerRequestSchema, type RunnerRequest } from '../../src/shared/lab-api'
import { CLIENT, startRuleBreaker, USERS, type RuleBreaker } from '../helpers/rule-breaking-server'

let lab: Lab
let breaker: RuleBreaker
let target: PackTarget
let suite: SuiteResult

const send = (r: RunnerRequest) => lab.runner.send(runnerRequestSchema.parse(r), 'scenario')
const step = (prefix: string): StepResult => {
  const found = suite.steps.find((s) => s.name.startsWith(prefix))
  if (!found) throw new Error(`no step "${prefix}"`)
  return found
}

beforeAll(async () => {
  // The lab is only the sender here: its runner records what went to the other server.
  lab = await createLab({ dbPath: ':memory:', workspace: { version: 1, settings: { bcryptCost: 4 } } })
  await lab.start({ port: 0 })
  breaker = await startRuleBreaker(['token-cacheable', 'invalid-client-400', 'error-extra-member', 'issuer', 'timing'])
  target = await resolvePackTarget(breaker.base, send)
  suite = await ropcConformancePack({
    send,
    target,
    credentials: {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      auth: 'basic',
      username: 'bob',
      password: USERS.get('bob')!,
      timingUser: { username: 'tim', password: USERS.get('tim')! },
    },
  })
})

afterAll(async () => {
  await new Promise((resolve) => breaker.server.close(resolve))
  await lab.close()
})

describe('the ropc-conformance pack against a server that breaks rules', () => {
  it('finds the metadata at the OpenID Connect path when RFC 8414 has none', () => {
    expect(target).toMatchObject({
      tokenEndpoint: `${breaker.base}/token`,
      metadataUrl: `${breaker.base}/.well-known/openid-configuration`,
    })
    expect(target.introspectionEndpoint).toBeUndefined()
    expect(target.revocationEndpoint).toBeUndefined()
  })

  it('fails exactly the checks of the MUSTs the server breaks, and warns for the SHOULDs', () => {
    const explain = suite.steps.map((s) => `${s.status} ${s.name}: ${s.reason}`).join('\n')
    const withStatus = (status: string) =>
      suite.steps
        .filter((s) => s.status === status)
        .map((s) => s.name)
        .sort()
    expect(withStatus('failed'), explain).toEqual(
      [
        '§5.1 token responses carry Cache-Control: no-store and Pragma: no-cache',
        '§5.2 invalid_client after Basic is 401 with WWW-Authenticate: Basic',
        'RFC 8414 §3.3 issuer matches the URL the metadata was fetched from',
      ].sort(),
    )
    // RFC 6749 §5.2 lists no other members but forbids none; no sentence sets a timing bound.
    expect(withStatus('warning'), explain).toEqual(
      [
        '§5.2 error bodies have error, and only error, error_description and error_uri',
        '§4.3.2 an unknown user and a wrong password take the same time',
      ].sort(),
    )
  })

  it('RFC 6749 §5.1: says which token responses lack no-store and Pragma', () => {
    const s = step('§5.1 token responses carry Cache-Control')
    expect(s.rfc).toBe('RFC 6749 §5.1')
    expect(s.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          what: 'password grant: token_response_cacheable (RFC 6749 §5.1)',
          actual: expect.stringContaining('no Cache-Control header'),
        }),
        expect.objectContaining({
          what: 'password grant: token_response_no_pragma (RFC 6749 §5.1)',
          actual: expect.stringContaining('no Pragma header'),
        }),
      ]),
    )
    expect(s.exchangeIds.length).toBeGreaterThan(1)
  })

  it('RFC 6749 §5.2: a Basic failure answered 400 without WWW-Authenticate', () => {
    const s = step('§5.2 invalid_client after Basic is 401')
    expect(s.failures).toEqual([
      expect.objectContaining({ what: 'wrong client secret (Basic): status', expected: '401' }),
      expect.objectContaining({
        what: 'wrong client secret (Basic): invalid_client_not_401 (RFC 6749 §5.2)',
        actual: expect.stringContaining('no WWW-Authenticate header'),
      }),
    ])
    // The same answer is a correct invalid_client for the rule that does not ask for 401.
    expect(step('§2.3.1 a wrong client secret is invalid_client').status).toBe('passed')
  })

  it('RFC 6749 §5.2: names the extra member of every error body', () => {
    const s = step('§5.2 error bodies have error, and only')
    expect(s.failures.length).toBeGreaterThan(5)
    for (const f of s.failures) expect(f.actual).toMatch(/member\(s\) "status_code" beside error, error_description/)
    expect(s.reason).toMatch(/^\d+ of \d+ error responses of the token endpoint/)
  })

  it('RFC 8414 §3.3: the issuer the metadata URL belongs to, and the one it says', () => {
    expect(step('RFC 8414 §3.3').failures).toEqual([
      expect.objectContaining({ expected: JSON.stringify(breaker.base), actual: '"https://login.example.com"' }),
    ])
  })

  it('RFC 6749 §4.3.2: an unknown user answered faster than a wrong password', () => {
    const s = step('§4.3.2 an unknown user and a wrong password take the same time')
    expect(s.reason).toMatch(/unknown user is answered [\d.]+ ms faster than a wrong password/)
    // The answers themselves are alike: only the timing tells.
    expect(step('§4.3.2 an unknown user and a wrong password get the same answer').status).toBe('passed')
  })

  it('skips introspection, revocation and the cleanup because the server does not advertise them', () => {
    const dependent = suite.steps.filter((s) => /^RFC (7662|7009) /.test(s.name) || s.name.startsWith('cleanup:'))
    expect(dependent.length).toBe(9)
    for (const s of dependent) {
      expect(s.status, s.name).toBe('skipped')
      expect(s.reason, s.name).toMatch(/does not advertise an? (introspection|revocation) endpoint/)
    }
  })

  it('skips the §2.3.1 checks for a secret form-encoding does not change, saying how to run them', () => {
    for (const name of ['§2.3.1 Basic credentials are form-decoded', '§2.3.1 Basic credentials that are not']) {
      expect(step(name).status).toBe('skipped')
      expect(step(name).reason).toMatch(/run the pack with a client whose secret contains/)
    }
  })

  it('sent at most two wrong passwords for the supplied user (and the rest to the timing user)', () => {
    expect(breaker.refusedLogins.get('bob') ?? 0).toBeLessThanOrEqual(MAX_WRONG_PASSWORDS)
    expect(breaker.refusedLogins.get('bob')).toBe(1)
    expect(breaker.refusedLogins.get('tim')).toBe(4)
    const unknown = [...breaker.refusedLogins.keys()].filter((u) => u !== 'bob' && u !== 'tim')
    expect(unknown.length).toBeGreaterThan(3)
    for (const u of unknown) expect(u).toMatch(/^ropc-conformance-[0-9a-f]{16}$/)
  })
})
