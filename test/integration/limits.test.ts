// The limits of src/shared/limits.ts that no other test proved, each at its boundary (over real HTTP on
// 127.0.0.1 where the limit is on the wire): the token server's body limit, the runner's and the
// Relay's answer limits, the sign-in form's field limit, Reveal's memory, the way-out state's maps,
// the regex worker's pattern, value and queue limits, and the fault rules' count.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import { testRegexBounded } from '../../src/lab/scenarios/bounded-regex'
import { ExpiringMap } from '../../src/server/way-out-state'
import {
  BODY_LIMIT,
  MAX_FAULT_RULES,
  MAX_PENDING_REGEX_MATCHES,
  MAX_REGEX_SOURCE_LENGTH,
  MAX_REGEX_SUBJECT_LENGTH,
  RELAY_RESPONSE_LIMIT_BYTES,
  REVEAL_MEMORY_LIMIT,
  RUNNER_RESPONSE_LIMIT_BYTES,
  SIGN_IN_FIELD_LIMIT,
  WAY_OUT_STATE_LIMIT,
} from '../../src/shared/limits'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { authorizeUrl, newPkce } from '../helpers/way-out'

let lab: Lab
let base: string
/** Answers `size` bytes of JSON-ish text to any request: a server that talks too much. */
let big: http.Server
let bigBase: string
let size = 0

beforeAll(async () => {
  lab = await createLab({
    dbPath: ':memory:',
    hashThreads: 1,
    workspace: {
      version: 1,
      settings: { bcryptCost: 4 },
      scopes: [{ name: 'read', default: true }],
      clients: [
        { clientId: 'legacy', secret: 'legacy-secret', scopes: ['read'] },
        {
          clientId: 'spa',
          public: true,
          grantTypes: ['authorization_code'],
          redirectUris: ['http://127.0.0.1/cb'],
          scopes: ['read'],
        },
      ],
      users: [{ username: 'alice', password: 'alice-password-1' }],
    },
  })
  base = (await lab.start({ port: 0 })).baseUrl!
  big = http.createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(Buffer.alloc(size, 0x20))
  })
  await new Promise<void>((r) => big.listen(0, '127.0.0.1', r))
  bigBase = `http://127.0.0.1:${(big.address() as AddressInfo).port}`
})

afterAll(async () => {
  big?.closeAllConnections()
  await new Promise<void>((r) => (big ? big.close(() => r()) : r()))
  await lab?.close()
})

const tokenPost = (body: string) =>
  fetch(`${base}${ENDPOINT_PATHS.token}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  })

describe('each limit holds at its boundary', () => {
  it('BODY_LIMIT: a token request body of exactly the limit is read, one byte more is 413', async () => {
    const head = 'grant_type=password&username=alice&password=x&pad='
    const at = await tokenPost(head + 'x'.repeat(BODY_LIMIT - head.length))
    expect(at.status).not.toBe(413)
    const over = await tokenPost(head + 'x'.repeat(BODY_LIMIT - head.length + 1))
    expect(over.status).toBe(413)
  })

  it('RUNNER_RESPONSE_LIMIT_BYTES: the composer reads an answer of the limit, and refuses a bigger one', async () => {
    const send = () =>
      invokeLab(lab.handlers, 'runner.send', { target: `${bigBase}/token`, auth: { method: 'none' }, params: [] })
    size = RUNNER_RESPONSE_LIMIT_BYTES
    expect((await send()).status).toBe(200)
    size = RUNNER_RESPONSE_LIMIT_BYTES + 1
    await expect(send()).rejects.toThrow(/larger than/)
  })

  it('RELAY_RESPONSE_LIMIT_BYTES: the proxy relays an answer of the limit, and answers 502 past it', async () => {
    const proxy = await lab.proxy({ upstream: `${bigBase}/token` })
    try {
      size = RELAY_RESPONSE_LIMIT_BYTES
      const at = await fetch(`${proxy.baseUrl}/token`, { method: 'POST', body: 'grant_type=x' })
      expect(at.status).toBe(200)
      expect((await at.arrayBuffer()).byteLength).toBe(RELAY_RESPONSE_LIMIT_BYTES)
      size = RELAY_RESPONSE_LIMIT_BYTES + 1
      const over = await fetch(`${proxy.baseUrl}/token`, { method: 'POST', body: 'grant_type=x' })
      expect(over.status).toBe(502)
      await over.arrayBuffer()
    } finally {
      await proxy.close()
    }
  })

  it('SIGN_IN_FIELD_LIMIT: a sign-in field past the limit is refused before any password check', async () => {
    const pkce = newPkce()
    const page = await fetch(
      `${base}${authorizeUrl({ client_id: 'spa', redirect_uri: 'http://127.0.0.1/cb', code_challenge: pkce.challenge, code_challenge_method: 'S256' })}`,
    )
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(await page.text())![1]!
    const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!
    const post = (password: string) =>
      fetch(`${base}${ENDPOINT_PATHS.authorize}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: new URLSearchParams({ csrf_token: csrf, username: 'alice', password }).toString(),
      })
    const over = await post('p'.repeat(SIGN_IN_FIELD_LIMIT + 1))
    expect(over.status).toBe(400)
    // The same page still signs alice in: the long field was refused, not counted against her.
    const ok = await post('alice-password-1')
    expect(ok.status).toBe(302)
    expect(new URL(ok.headers.get('location')!).searchParams.get('code')).toBeTruthy()
  })

  it('REVEAL_MEMORY_LIMIT: the unmasked copies of the newest exchanges only are kept', async () => {
    for (let i = 0; i < REVEAL_MEMORY_LIMIT + 1; i++) await tokenPost('grant_type=nothing')
    const { items } = await invokeLab(lab.handlers, 'exchanges.list', { limit: 1000 })
    expect(items.length).toBeGreaterThan(REVEAL_MEMORY_LIMIT)
    const reveal = (i: number) => invokeLab(lab.handlers, 'exchanges.get', { id: items[i]!.id, reveal: true })
    // Newest first: the limit's worth still reveal, the one before them no longer does.
    expect((await reveal(0)).revealed).toBe(true)
    expect((await reveal(REVEAL_MEMORY_LIMIT - 1)).revealed).toBe(true)
    expect((await reveal(REVEAL_MEMORY_LIMIT)).revealed ?? false).toBe(false)
  }, 60_000)

  it('WAY_OUT_STATE_LIMIT: codes, sessions and pages per map; the oldest goes when it is full', () => {
    const map = new ExpiringMap<{ expiresAt: number }>()
    const first = map.put({ expiresAt: 1_000 }, 0)
    const second = map.put({ expiresAt: 1_000 }, 0)
    for (let i = 2; i < WAY_OUT_STATE_LIMIT; i++) map.put({ expiresAt: 1_000 }, 0)
    expect(map.size).toBe(WAY_OUT_STATE_LIMIT)
    expect(map.get(first)).not.toBeNull()
    map.put({ expiresAt: 1_000 }, 0)
    expect(map.size).toBe(WAY_OUT_STATE_LIMIT)
    expect(map.get(first)).toBeNull()
    expect(map.get(second)).not.toBeNull()
  })

  it('MAX_REGEX_SOURCE_LENGTH and MAX_REGEX_SUBJECT_LENGTH: at the limit matched, past it refused unrun', async () => {
    const pattern = (n: number) => ({ source: 'a'.repeat(n), flags: '' })
    expect(await testRegexBounded(pattern(MAX_REGEX_SOURCE_LENGTH), 'a'.repeat(MAX_REGEX_SOURCE_LENGTH))).toEqual({
      ok: true,
      match: true,
    })
    expect(await testRegexBounded(pattern(MAX_REGEX_SOURCE_LENGTH + 1), 'a')).toMatchObject({ ok: false })
    expect(await testRegexBounded(pattern(1), 'a'.repeat(MAX_REGEX_SUBJECT_LENGTH))).toEqual({ ok: true, match: true })
    expect(await testRegexBounded(pattern(1), 'a'.repeat(MAX_REGEX_SUBJECT_LENGTH + 1))).toMatchObject({ ok: false })
  })

  it('MAX_PENDING_REGEX_MATCHES: matches past the queue are refused at once, the rest answered', async () => {
    const all = await Promise.all(
      Array.from({ length: MAX_PENDING_REGEX_MATCHES + 5 }, () => testRegexBounded({ source: '^b', flags: '' }, 'bb')),
    )
    const refused = all.filter((v) => !v.ok)
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.length).toBeLessThanOrEqual(5)
    expect(refused[0]).toMatchObject({ why: expect.stringMatching(/too many patterns waiting/) })
    expect(all.filter((v) => v.ok && v.match).length).toBeGreaterThanOrEqual(MAX_PENDING_REGEX_MATCHES)
  })

  it('MAX_FAULT_RULES: a workspace keeps at most that many fault rules', async () => {
    const rule = (i: number) => ({ name: `r${i}`, effect: { type: 'delay', ms: 1 } })
    const err: unknown = await invokeLab(lab.handlers, 'faults.save', {
      rules: Array.from({ length: MAX_FAULT_RULES + 1 }, (_, i) => rule(i)),
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'validation' })
    expect(JSON.stringify(err)).toContain(`at most ${MAX_FAULT_RULES} rules`)
  })
})
