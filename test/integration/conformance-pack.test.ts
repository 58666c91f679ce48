// The ropc-conformance pack against ROPC Lab's embedded server, over real HTTP: a correctly
// configured lab passes every check; a lab misconfigured on purpose fails exactly the checks of
// the rules it breaks; checks that cannot run are skipped with a reason; and the run never sends
// more than two wrong passwords for the supplied user.
import { afterEach, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { issuerForMetadataUrl, metadataUrlsFor, resolvePackTarget } from '../../src/lab/scenarios/packs/resolve-target'
import type { PackContext, PackCredentials, PackTarget } from '../../src/lab/scenarios/packs/pack-types'
import { MAX_WRONG_PASSWORDS, ropcConformancePack } from '../../src/lab/scenarios/packs/ropc-conformance/index'
import type { StepResult, SuiteResult } from '../../src/lab/scenarios/results'
import { runnerRequestSchema, type RunnerRequest } from '../../src/shared/lab-api'
import { ENDPOINT_PATHS } from '../../src/shared/wire'

/** form-encoding changes "+", "/" and the spaces, and form-decoding reads the "+" as a space. */
const SPECIAL_SECRET = 'conf+ormance /secret with space'
const USER = { username: 'qa-alice', password: 'qa-alice-password-1' }
const TIMING_USER = { username: 'qa-timing', password: 'qa-timing-password-1' }

interface LabOptions {
  bcryptCost?: number
  secret?: string
  lenientBasicAuth?: boolean
  refreshTokenRotation?: boolean
  tokenFormat?: 'opaque' | 'jwt'
}

const labs: Lab[] = []
afterEach(async () => {
  await Promise.all(labs.splice(0).map((l) => l.close()))
})

async function startLab(opts: LabOptions = {}) {
  const workspace = {
    version: 1,
    settings: {
      bcryptCost: opts.bcryptCost ?? 4,
      tokenFormat: opts.tokenFormat ?? 'opaque',
      ...(opts.refreshTokenRotation !== undefined && { refreshTokenRotation: opts.refreshTokenRotation }),
    },
    scopes: [
      { name: 'read', default: true },
      { name: 'write', default: false },
      { name: 'admin', default: false },
    ],
    clients: [
      {
        clientId: 'conformance',
        secret: opts.secret ?? SPECIAL_SECRET,
        scopes: ['read', 'write'],
        ...(opts.lenientBasicAuth !== undefined && { lenientBasicAuth: opts.lenientBasicAuth }),
      },
      { clientId: 'conformance-public', public: true, scopes: ['read'] },
    ],
    users: [USER, TIMING_USER],
  }
  const lab = await createLab({ dbPath: ':memory:', workspace })
  labs.push(lab)
  const status = await lab.start({ port: 0 })
  const send = (r: RunnerRequest) => lab.runner.send(runnerRequestSchema.parse(r), 'scenario')
  return { lab, baseUrl: status.baseUrl!, send }
}

function credentials(over: Partial<PackCredentials> = {}): PackCredentials {
  return {
    clientId: 'conformance',
    clientSecret: SPECIAL_SECRET,
    auth: 'basic',
    username: USER.username,
    password: USER.password,
    scope: 'read write',
    ...over,
  }
}

async function runPack(ctx: Omit<PackContext, 'onStep'>): Promise<{ suite: SuiteResult; streamed: StepResult[] }> {
  const streamed: StepResult[] = []
  const suite = await ropcConformancePack({ ...ctx, onStep: (s) => streamed.push(s) })
  return { suite, streamed }
}

const named = (suite: SuiteResult, status: StepResult['status']) =>
  suite.steps.filter((s) => s.status === status).map((s) => s.name)

function step(suite: SuiteResult, prefix: string): StepResult {
  const found = suite.steps.find((s) => s.name.startsWith(prefix))
  if (!found) throw new Error(`no step "${prefix}"`)
  return found
}

/** What the embedded server saw: password grants for `username` refused with invalid_grant. */
async function wrongPasswordsSeen(lab: Lab, username: string): Promise<number> {
  const { items } = await lab.handlers['exchanges.list']({ limit: 10_000, offset: 0 })
  return items.filter((e) => e.grantType === 'password' && e.username === username && e.error === 'invalid_grant')
    .length
}

function explain(suite: SuiteResult): string {
  return suite.steps
    .filter((s) => s.status !== 'passed')
    .map((s) => `${s.status}: ${s.name}: ${s.reason}`)
    .join('\n')
}

describe('the ropc-conformance pack against the embedded server', () => {
  it('passes every check against a correctly configured lab (secret with "+", "/" and spaces)', async () => {
    const { lab, baseUrl, send } = await startLab()
    const target = await resolvePackTarget(baseUrl, send)
    const { suite, streamed } = await runPack({
      send,
      target,
      credentials: credentials({ timingUser: TIMING_USER }),
    })
    expect(named(suite, 'failed'), explain(suite)).toEqual([])
    expect(named(suite, 'warning'), explain(suite)).toEqual([])
    // With a timing user, metadata, introspection and revocation, nothing needs skipping.
    expect(named(suite, 'skipped'), explain(suite)).toEqual([])
    // Every check is data with a stable id, its level and its quoted rule.
    expect(new Set(suite.steps.map((s) => s.id)).size).toBe(suite.steps.length)
    for (const s of suite.steps) expect(s.id, s.name).toMatch(/^[a-z-]+\.[a-z0-9-]+$/)
    expect(suite.steps.length).toBeGreaterThanOrEqual(25)
    expect(suite).toMatchObject({ name: 'ropc-conformance', kind: 'pack' })
    for (const s of suite.steps) {
      expect(s.rfc, s.name).toMatch(/^RFC \d+ §/)
      expect(s.exchangeIds.length, s.name).toBeGreaterThan(0)
    }
    // onStep reports every step, in the order of the result.
    expect(streamed.map((s) => s.name)).toEqual(suite.steps.map((s) => s.name))
    expect(new Set(suite.steps.map((s) => s.name)).size).toBe(suite.steps.length)
    expect(await wrongPasswordsSeen(lab, USER.username)).toBeLessThanOrEqual(MAX_WRONG_PASSWORDS)
  })

  it('passes with JWT access tokens and client_secret_post too', async () => {
    const { lab, baseUrl, send } = await startLab({ tokenFormat: 'jwt' })
    const target = await resolvePackTarget(baseUrl, send)
    const { suite } = await runPack({ send, target, credentials: credentials({ auth: 'post', scope: 'read' }) })
    expect(named(suite, 'failed'), explain(suite)).toEqual([])
    expect(named(suite, 'warning'), explain(suite)).toEqual([])
    // Basic-only checks say how to run them; the timing check is optional.
    expect(step(suite, '§2.3.1 Basic credentials are form-decoded').reason).toMatch(/client_secret_post.*--auth basic/)
    expect(named(suite, 'skipped').sort()).toEqual(
      [
        '§2.3.1 Basic credentials are form-decoded',
        '§2.3.1 Basic credentials that are not form-encoded are refused',
        '§2.3 Basic and body credentials together are invalid_request',
        '§2.3 body credentials are not accepted after failed Basic credentials',
        '§4.3.2 an unknown user and a wrong password take the same time',
      ].sort(),
    )
    expect(await wrongPasswordsSeen(lab, USER.username)).toBeLessThanOrEqual(MAX_WRONG_PASSWORDS)
  })

  it('fails §2.3.1 when the lab accepts raw Basic; no rotation is only a warning for a confidential client', async () => {
    const { baseUrl, send } = await startLab({ lenientBasicAuth: true, refreshTokenRotation: false })
    const target = await resolvePackTarget(baseUrl, send)
    const { suite } = await runPack({ send, target, credentials: credentials() })
    expect(named(suite, 'failed'), explain(suite)).toEqual([
      '§2.3.1 Basic credentials that are not form-encoded are refused',
    ])
    const raw = step(suite, '§2.3.1 Basic credentials that are not form-encoded are refused')
    expect(raw).toMatchObject({ rfc: 'RFC 6749 §2.3.1', level: 'MUST', id: 'client-auth.basic-raw-refused' })
    expect(raw.reason).toMatch(/not form-encoded were accepted/)
    expect(raw.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ expected: 'invalid_client', actual: expect.stringMatching(/^200 /) }),
      ]),
    )
    // RFC 9700 §4.14.2 requires replay detection for public clients; RFC 6749 §6 makes rotation a MAY.
    expect(named(suite, 'warning')).toEqual(['RFC 9700 §4.14.2 a refresh token is rotated and the used one is refused'])
    const rotation = step(suite, 'RFC 9700 §4.14.2 a refresh token is rotated')
    expect(rotation.level).toBe('BCP')
    expect(rotation.reason).toMatch(/already used was accepted again/)
    expect(rotation.failures.map((f) => f.actual)).toEqual(
      expect.arrayContaining(['the same refresh token again', expect.stringMatching(/^200 /)]),
    )
    // Without rotation there is no family to check after a reuse: skipped, and it says why.
    expect(step(suite, 'RFC 9700 §4.14.2 reusing a rotated refresh token').status).toBe('skipped')
    expect(step(suite, 'RFC 9700 §4.14.2 reusing a rotated refresh token').reason).toMatch(/not rotated/)
  })

  it('fails the RFC 9700 rotation check for a public client (--auth none) when the lab does not rotate', async () => {
    const { baseUrl, send } = await startLab({ refreshTokenRotation: false })
    const target = await resolvePackTarget(baseUrl, send)
    const { suite } = await runPack({
      send,
      target,
      credentials: credentials({
        clientId: 'conformance-public',
        clientSecret: undefined,
        auth: 'none',
        scope: 'read',
      }),
    })
    expect(named(suite, 'failed'), explain(suite)).toEqual([
      'RFC 9700 §4.14.2 a refresh token is rotated and the used one is refused',
    ])
    expect(step(suite, 'RFC 9700 §4.14.2 a refresh token is rotated').level).toBe('MUST')
  })

  it('skips the §2.3.1 checks with how to run them when the secret has no special character', async () => {
    const { baseUrl, send } = await startLab({ secret: 'plainsecret42' })
    const target = await resolvePackTarget(baseUrl, send)
    const { suite } = await runPack({ send, target, credentials: credentials({ clientSecret: 'plainsecret42' }) })
    expect(named(suite, 'failed'), explain(suite)).toEqual([])
    const decoded = step(suite, '§2.3.1 Basic credentials are form-decoded')
    expect(decoded.status).toBe('skipped')
    expect(decoded.reason).toMatch(/run the pack with a client whose secret contains e\.g\. "\+", "\/" or a space/)
    const raw = step(suite, '§2.3.1 Basic credentials that are not form-encoded are refused')
    expect(raw.status).toBe('skipped')
    expect(raw.reason).toMatch(/secret contains "\+" or "%"/)
  })

  it('skips the client authentication checks for a public client, and still passes the rest', async () => {
    const { lab, baseUrl, send } = await startLab()
    const target = await resolvePackTarget(baseUrl, send)
    const { suite } = await runPack({
      send,
      target,
      credentials: credentials({
        clientId: 'conformance-public',
        clientSecret: undefined,
        auth: 'none',
        scope: 'read',
      }),
    })
    expect(named(suite, 'failed'), explain(suite)).toEqual([])
    expect(named(suite, 'warning'), explain(suite)).toEqual([])
    for (const name of [
      '§2.3.1 a wrong client secret is invalid_client',
      '§5.2 invalid_client after Basic is 401',
      '§2.3 Basic and body credentials together',
      '§2.3 body credentials are not accepted after failed Basic',
      'RFC 7617 §2 the Basic challenge names a realm',
      '§3.2.1 a confidential client without its secret',
      'RFC 7662 §2.3 introspection with a wrong client secret',
    ]) {
      expect(step(suite, name).status, name).toBe('skipped')
      expect(step(suite, name).reason, name).toMatch(/public/)
    }
    expect(step(suite, '§6 a refresh token gets a new access token').status).toBe('passed')
    expect(await wrongPasswordsSeen(lab, USER.username)).toBeLessThanOrEqual(MAX_WRONG_PASSWORDS)
  })

  it('given only a token endpoint, skips metadata, introspection and revocation with the reason', async () => {
    const { baseUrl, send } = await startLab()
    const target: PackTarget = { tokenEndpoint: baseUrl + ENDPOINT_PATHS.token }
    const { suite } = await runPack({ send, target, credentials: credentials() })
    expect(named(suite, 'failed'), explain(suite)).toEqual([])
    for (const s of suite.steps.filter((x) => /^RFC (8414|7662|7009) /.test(x.name))) {
      expect(s.status, s.name).toBe('skipped')
      expect(s.reason, s.name).toMatch(/no RFC 8414 metadata was found/)
    }
    expect(step(suite, 'cleanup:').reason).toMatch(/stay valid until they expire/)
  })

  it('sends the supplied password once only when it is wrong, so the user cannot be locked out', async () => {
    const { lab, baseUrl, send } = await startLab()
    const target = await resolvePackTarget(baseUrl, send)
    const { suite } = await runPack({ send, target, credentials: credentials({ password: 'not-the-password' }) })
    expect(step(suite, '§4.3.2 the password grant issues an access token').status).toBe('failed')
    expect(step(suite, '§4.3.2 a wrong password is invalid_grant').reason).toMatch(/does not send that password again/)
    expect(await wrongPasswordsSeen(lab, USER.username)).toBe(1)
    const { items } = await lab.handlers['exchanges.list']({ limit: 10_000, offset: 0 })
    expect(items.filter((e) => e.grantType === 'password' && e.username === USER.username)).toHaveLength(1)
  })

  it('takes a few seconds at bcrypt cost 10, with the timing check', async () => {
    const { lab, baseUrl, send } = await startLab({ bcryptCost: 10 })
    const started = performance.now()
    const target = await resolvePackTarget(baseUrl, send)
    const { suite } = await runPack({ send, target, credentials: credentials({ timingUser: TIMING_USER }) })
    const ms = performance.now() - started
    const slowest = [...suite.steps].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3)
    console.log(
      `ropc-conformance pack at bcrypt cost 10: ${Math.round(ms)} ms for ${suite.steps.length} checks ` +
        `(goal: under 5000 ms); slowest: ${slowest.map((s) => `${s.name} ${Math.round(s.durationMs)} ms`).join('; ')}`,
    )
    expect(named(suite, 'failed'), explain(suite)).toEqual([])
    expect(await wrongPasswordsSeen(lab, USER.username)).toBeLessThanOrEqual(MAX_WRONG_PASSWORDS)
  })
})

describe('resolvePackTarget', () => {
  it('finds every endpoint from the base URL, the metadata URL or the token endpoint URL', async () => {
    const { baseUrl, send } = await startLab()
    const expected: PackTarget = {
      tokenEndpoint: baseUrl + ENDPOINT_PATHS.token,
      introspectionEndpoint: baseUrl + ENDPOINT_PATHS.introspect,
      revocationEndpoint: baseUrl + ENDPOINT_PATHS.revoke,
      jwksUri: baseUrl + ENDPOINT_PATHS.jwks,
      metadataUrl: baseUrl + ENDPOINT_PATHS.metadata,
    }
    for (const url of [baseUrl, `${baseUrl}/`, baseUrl + ENDPOINT_PATHS.metadata, baseUrl + ENDPOINT_PATHS.token]) {
      const target = await resolvePackTarget(url, send)
      expect(target, url).toMatchObject(expected)
      expect(target.metadata?.['issuer'], url).toBe(baseUrl)
    }
  })

  it('takes an unknown URL with a path as the token endpoint, and refuses a bare URL without metadata', async () => {
    const { baseUrl, send } = await startLab()
    const other = `${baseUrl}/somewhere/else/token`
    expect(await resolvePackTarget(other, send)).toEqual({ tokenEndpoint: other })
    await expect(resolvePackTarget('not a url', send)).rejects.toThrow(/must be an absolute http\(s\) URL/)
  })
})

describe('RFC 8414 §3.1 metadata URLs', () => {
  it('inserts the well-known path between host and issuer path; servers that append it and OpenID Connect next', () => {
    expect(metadataUrlsFor('https://as.example.com/tenant/a/')).toEqual([
      'https://as.example.com/.well-known/oauth-authorization-server/tenant/a',
      'https://as.example.com/tenant/a/.well-known/oauth-authorization-server',
      'https://as.example.com/tenant/a/.well-known/openid-configuration',
    ])
    expect(metadataUrlsFor('https://as.example.com')).toEqual([
      'https://as.example.com/.well-known/oauth-authorization-server',
      'https://as.example.com/.well-known/openid-configuration',
    ])
    for (const url of metadataUrlsFor('https://as.example.com/tenant/a')) {
      expect(issuerForMetadataUrl(url)).toBe('https://as.example.com/tenant/a')
    }
    expect(issuerForMetadataUrl('https://as.example.com/token')).toBeNull()
  })
})
