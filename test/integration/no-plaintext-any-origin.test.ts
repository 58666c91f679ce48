// The security rule holds for every origin (architecture.md "One exchange pipeline"): the composer
// and a scenario of one lab send password grants, refreshes, introspections and revocations to a
// *second* lab instance (another token server, as far as the first knows). The first lab's database
// file, WAL and SHM are then scanned for the tokens the other server issued, the client secret and
// the password, in every encoding the plaintext test uses: none may be there. Reveal still brings
// back the request and the issued tokens, from memory.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import type { Exchange } from '../../src/shared/exchange'
import type { RunnerRequest } from '../../src/shared/lab-api'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { type DbFile, forms, occurrences, readDbFiles, tokenForms } from '../helpers/plaintext-scan'

const CLIENT = { id: 'other-legacy', secret: 'OTHERsecret-9f2c71d0ab sp+ce/%' }
const USER = { username: 'other-alice', password: 'OTHERpass-Ålice-5e0b93 &=+' }
const WRONG_PASSWORD = 'OTHERwrong-Guess-77d1c0'

const otherWorkspace = (tokenFormat: 'jwt' | 'opaque') => ({
  version: 1,
  settings: { tokenFormat, bcryptCost: 4 },
  scopes: [{ name: 'read', default: true }],
  clients: [{ clientId: CLIENT.id, secret: CLIENT.secret, scopes: ['read'] }],
  users: [{ username: USER.username, password: USER.password }],
})

let dir: string
let files: DbFile[] = []
const issued: string[] = []
const sent: Exchange[] = []
let revealedOk = false
let firstLabExchanges: Exchange[] = []

async function runAgainst(first: Lab, other: Lab, origin: 'composer' | 'scenario'): Promise<void> {
  const base = (await other.handlers['server.status']({})).baseUrl!
  const url = (path: string) => `${base}${path}`
  const send = async (request: RunnerRequest): Promise<Exchange> => {
    const e =
      origin === 'composer'
        ? await invokeLab(first.handlers, 'runner.send', request)
        : await first.runner.send(
            {
              extraHeaders: [],
              ...request,
              auth: { clientId: '', clientSecret: '', formEncodeBasic: true, ...request.auth },
            },
            'scenario',
          )
    sent.push(e)
    try {
      const body = JSON.parse(e.response.body) as Record<string, unknown>
      for (const key of ['access_token', 'refresh_token']) if (typeof body[key] === 'string') issued.push(body[key])
    } catch {
      // Not JSON (metadata is, errors are): nothing issued.
    }
    return e
  }
  const basicAuth = { method: 'basic' as const, clientId: CLIENT.id, clientSecret: CLIENT.secret }
  const bodyAuth = { method: 'body' as const, clientId: CLIENT.id, clientSecret: CLIENT.secret }
  const grant: Array<[string, string]> = [
    ['grant_type', 'password'],
    ['username', USER.username],
    ['password', USER.password],
  ]
  const a = await send({ target: url(ENDPOINT_PATHS.token), auth: basicAuth, params: grant })
  const b = await send({ target: url(ENDPOINT_PATHS.token), auth: bodyAuth, params: grant })
  await send({
    target: url(ENDPOINT_PATHS.token),
    auth: basicAuth,
    params: [...grant.slice(0, 2), ['password', WRONG_PASSWORD]],
  })
  const tokensOf = (e: Exchange) => JSON.parse(e.response.body) as { access_token: string; refresh_token: string }
  const r = await send({
    target: url(ENDPOINT_PATHS.token),
    auth: basicAuth,
    params: [
      ['grant_type', 'refresh_token'],
      ['refresh_token', tokensOf(a).refresh_token],
    ],
  })
  await send({
    target: url(ENDPOINT_PATHS.introspect),
    auth: basicAuth,
    params: [['token', tokensOf(r).access_token]],
  })
  await send({ target: url(ENDPOINT_PATHS.revoke), auth: bodyAuth, params: [['token', tokensOf(b).refresh_token]] })
  await send({ target: url(ENDPOINT_PATHS.metadata), auth: { method: 'none' }, params: [] })
  // Tokens sent in places a careless client puts them: a Bearer header and the query string.
  await send({
    target: `${url(ENDPOINT_PATHS.token)}?access_token=${tokensOf(b).access_token}`,
    auth: { method: 'none' },
    params: [['grant_type', 'password']],
    extraHeaders: [['Authorization', `Bearer ${tokensOf(a).access_token}`]],
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ropc-anyorigin-'))
  const dbPath = join(dir, 'first.db')
  const first = await createLab({ dbPath, workspace: { version: 1, settings: { bcryptCost: 4 } } })
  const others = await Promise.all([
    createLab({ dbPath: ':memory:', workspace: otherWorkspace('jwt') }),
    createLab({ dbPath: ':memory:', workspace: otherWorkspace('opaque') }),
  ])
  try {
    await first.start({ port: 0 })
    for (const other of others) await other.start({ port: 0 })
    await runAgainst(first, others[0]!, 'composer')
    await runAgainst(first, others[1]!, 'scenario')
    // Reveal brings back the request and the issued tokens, from memory.
    const grant = sent[0]!
    const revealed = await invokeLab(first.handlers, 'exchanges.get', { id: grant.id, reveal: true })
    revealedOk =
      revealed.revealed === true &&
      revealed.request.body.includes(encodeURIComponent(USER.username)) &&
      revealed.response.body.includes(issued[0]!)
    firstLabExchanges = (await invokeLab(first.handlers, 'exchanges.list', { limit: 1000 })).items as Exchange[]
  } finally {
    for (const other of others) await other.close()
    await first.close()
  }
  files = readDbFiles(dbPath)
})

afterAll(async () => {
  files = []
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('no token of another server, nor its secret or password, in the lab database (any origin)', () => {
  it('sanity: both origins recorded their exchanges with another server, and tokens were issued', () => {
    expect(sent).toHaveLength(16)
    expect(sent.filter((e) => e.status === 200)).toHaveLength(12)
    expect(new Set(firstLabExchanges.map((e) => e.origin))).toEqual(new Set(['composer', 'scenario']))
    expect(issued.length).toBeGreaterThanOrEqual(10)
    expect(issued.some((t) => t.split('.').length === 3)).toBe(true)
    expect(files.length).toBeGreaterThanOrEqual(1)
    // The scan is not vacuous: what is meant to be stored is found.
    expect(occurrences(files, new Map([['username', Buffer.from(USER.username)]]))).not.toEqual([])
  })

  it('the sender gets the tokens as issued; Reveal brings back the request and the response from memory', () => {
    expect(sent[0]!.response.body).toContain(issued[0]!)
    expect(sent[0]!.request.body).not.toContain(encodeURIComponent(USER.password))
    expect(revealedOk).toBe(true)
  })

  it('RFC 6749 §2.3.1: the client secret is in no form in the database files', () => {
    expect(occurrences(files, forms(CLIENT.id, CLIENT.secret))).toEqual([])
  })

  it('RFC 6749 §4.3.2: the password (and a wrong guess) is in no form in the database files', () => {
    expect(occurrences(files, new Map([...forms(null, USER.password), ...forms(null, WRONG_PASSWORD)]))).toEqual([])
  })

  it('RFC 6749 §10.3, §10.4: no token the other server issued — nor a JWT signature — in the database files', () => {
    const needles = new Map(issued.flatMap((t) => [...tokenForms(t)]))
    const found = occurrences(files, needles)
    expect(found, found.slice(0, 3).join('; ')).toEqual([])
  })
})
