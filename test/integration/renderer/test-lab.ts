// The renderer's tests run against the real lab: createLab() (real SQLite, the real bcrypt pool,
// the real token server on 127.0.0.1:0) behind a LabClient that calls its handlers in-process
// through dispatchLabCall — the validation and error tagging every bridge uses — and subscribes
// to lab.events. Each lab is closed when the test that started it finishes.
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { createLab } from '../../../src/lab/create-lab'
import { dispatchLabCall, invokeLab } from '../../../src/lab/dispatch'
import type { Lab } from '../../../src/lab/lab-types'
import type { LabClient } from '../../../src/renderer/transport/lab-client'
import type { Exchange, ExchangeSummary } from '../../../src/shared/exchange'
import { LabError, type LabInput, type LabMethod, type LabOutput } from '../../../src/shared/lab-api'
import { basicAuthorization, formEncode } from '../../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { openStore } from '../../../src/store/index'

export const LEGACY_SECRET = 'THE_SECRET'
export const ALICE_PASSWORD = 'alice-password-1'

/** A small workspace at bcrypt cost 4: a confidential client `legacy`, a scope, a user `alice`. */
export function smallWorkspace(): Record<string, unknown> {
  return {
    version: 1,
    // 240 s of lock: "in 4 min" right after the lock, whichever way the seconds round.
    settings: { bcryptCost: 4, tokenFormat: 'jwt', lockout: { enabled: true, maxFailures: 5, lockSeconds: 240 } },
    scopes: [{ name: 'read', description: 'Read access', default: true }],
    clients: [
      {
        clientId: 'legacy',
        secret: LEGACY_SECRET,
        grantTypes: ['password', 'refresh_token'],
        authMethods: ['client_secret_basic', 'client_secret_post'],
        scopes: ['read'],
      },
    ],
    users: [{ username: 'alice', password: ALICE_PASSWORD, claims: { email: 'alice@example.com' } }],
  }
}

export interface OutsideGrant {
  clientId?: string
  secret?: string
  username: string
  password: string
  /** RFC 6749 §2.3.1; false sends the Basic credentials as curl -u does. */
  formEncodeBasic?: boolean
}

export interface TestLab {
  lab: Lab
  /** What the renderer's store talks to. */
  client: LabClient
  /** Every call the renderer made through `client`, in order, with the input it sent. */
  calls: Array<{ method: LabMethod; input: unknown }>
  baseUrl: string
  /** Arranges a test: calls the handlers directly (validated like any bridge call; not in `calls`). */
  call<M extends LabMethod>(method: M, input: LabInput<M>): Promise<LabOutput<M>>
  /** A password grant from an outside client (real HTTP, Basic); resolves with the exchange the lab recorded. */
  sendAsOutsideClient(grant: OutsideGrant): Promise<ExchangeSummary>
}

export interface TestLabOptions {
  workspace?: unknown
  /**
   * Exchanges already in the log when the lab starts, written by the store itself to a database
   * file (thousands of them through HTTP would take minutes).
   */
  history?: Exchange[]
  /** A database file to open (made ready by the test), instead of `:memory:`. */
  dbPath?: string
}

/** The in-process transport: the bridges' structured clone on the way in and out, events in order. */
function inProcessClient(lab: Lab, calls: TestLab['calls']): LabClient {
  return {
    async call(method, input) {
      calls.push({ method, input })
      const result = await dispatchLabCall(lab.handlers, method, structuredClone(input))
      if (!result.ok) throw LabError.fromShape(result.error)
      return structuredClone(result.data) as never
    },
    on(event, listener) {
      return lab.events.on(event, (payload) => listener(structuredClone(payload)))
    },
  }
}

function postForm(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(body),
        ...headers,
      },
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function seedHistory(history: Exchange[]): Promise<{ dbPath: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ropc-renderer-'))
  const dbPath = join(dir, 'lab.db')
  const store = openStore(dbPath)
  // Oldest first: the log lists newest first.
  store.transaction(() => [...history].reverse().forEach((e) => store.exchanges.insert(e)))
  await store.close()
  return { dbPath, dir }
}

export async function startTestLab(options: TestLabOptions = {}): Promise<TestLab> {
  const seeded = options.history ? await seedHistory(options.history) : null
  const lab = await createLab({
    dbPath: seeded?.dbPath ?? options.dbPath ?? ':memory:',
    workspace: options.workspace ?? smallWorkspace(),
    hashThreads: 1,
  })
  onTestFinished(async () => {
    await lab.close()
    if (seeded) rmSync(seeded.dir, { recursive: true, force: true })
  })
  const { baseUrl } = await lab.start({ port: 0 })
  if (!baseUrl) throw new Error('the lab started without a base URL')
  const calls: TestLab['calls'] = []
  return {
    lab,
    client: inProcessClient(lab, calls),
    calls,
    baseUrl,
    call: (method, input) => invokeLab(lab.handlers, method, input),
    async sendAsOutsideClient({ clientId = 'legacy', secret = LEGACY_SECRET, username, password, formEncodeBasic }) {
      let off = () => {}
      const recorded = new Promise<ExchangeSummary>((resolve) => {
        off = lab.events.on('exchange.recorded', resolve)
      })
      const body = formEncode([
        ['grant_type', 'password'],
        ['username', username],
        ['password', password],
      ])
      await postForm(baseUrl + ENDPOINT_PATHS.token, body, {
        Authorization: basicAuthorization(clientId, secret, formEncodeBasic ?? true),
      })
      const summary = await recorded
      off()
      return summary
    },
  }
}
