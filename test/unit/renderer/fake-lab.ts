// An in-memory LabApi behind a LabClient, good enough for the UI: it validates inputs with the
// real zod schemas (so field errors look like the lab's), keeps a workspace, answers the
// password and refresh grants with trace and findings, and emits live events. Workspace files
// are checked by the real parser, so a refused import lists the same problems the lab would.
import type { Exchange, ExchangeSummary, Finding, TraceStep } from '../../../src/shared/exchange'
import {
  LabError,
  labApiInputs,
  type LabEventName,
  type LabEvents,
  type LabHandlers,
  type LabMethod,
  type RunnerRequest,
} from '../../../src/shared/lab-api'
import { DEFAULT_SETTINGS, type ClientView, type Scope, type Settings, type UserView } from '../../../src/shared/model'
import { buildTokenRequest, formEncode } from '../../../src/shared/token-request'
import { parseWorkspace, workspaceProblemsMessage, type ExportedWorkspace } from '../../../src/shared/workspace-schema'
import type { LabClient } from '../../../src/renderer/transport/lab-client'

export const BASE_URL = 'http://127.0.0.1:8443'

function b64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value))
  return btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

export function fakeJwt(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'RS256', typ: 'at+jwt', kid: 'fake-key-1' })}.${b64url(payload)}.c2ln`
}

/** Looks like a bcrypt hash (the export holds hashes only) without the cost of computing one. */
export function fakeBcryptHash(of: string): string {
  return `$2b$10$${`fakehash${of.replace(/[^./A-Za-z0-9]/g, '')}`.padEnd(53, '.').slice(0, 53)}`
}

function decodePart(part: string): Record<string, unknown> {
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))))
}

interface FakeUser extends UserView {
  password: string
}

export interface FakeLab {
  client: LabClient
  calls: Array<{ method: LabMethod; input: unknown }>
  exchanges: Exchange[]
  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void
  /** Records an exchange as if an outside client had sent it. */
  record(exchange: Exchange): void
}

export function makeExchange(overrides: Partial<Exchange> & { id: string }): Exchange {
  return {
    at: new Date(Date.UTC(2030, 0, 1, 12, 0, 0)).toISOString(),
    origin: 'external',
    endpoint: '/oauth/v2/oauth-token',
    method: 'POST',
    status: 200,
    durationMs: 12,
    findingCount: 0,
    request: { method: 'POST', target: '/oauth/v2/oauth-token', headers: [], body: '' },
    response: { status: 200, headers: [['Content-Type', 'application/json']], body: '{}' },
    hashMs: 0,
    trace: [],
    findings: [],
    ...overrides,
  }
}

export function summaryOf(e: Exchange): ExchangeSummary {
  const { request: _r, response: _s, hashMs: _h, trace: _t, findings: _f, revealed: _v, ...summary } = e
  return summary
}

export function createFakeLab(
  seed: { scopes?: Scope[]; clients?: Array<ClientView & { secret?: string }>; users?: FakeUser[] } = {},
): FakeLab {
  let settings: Settings = { ...DEFAULT_SETTINGS, tokenFormat: 'jwt' }
  const scopes: Scope[] = [...(seed.scopes ?? [])]
  const clients = new Map((seed.clients ?? []).map((c) => [c.clientId, { ...c }]))
  const users = new Map((seed.users ?? []).map((u) => [u.username, { ...u }]))
  const exchanges: Exchange[] = []
  const revealed = new Map<string, string>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: FakeLab['calls'] = []
  let seq = 0

  function emit<E extends LabEventName>(event: E, payload: LabEvents[E]) {
    for (const l of listeners.get(event) ?? []) l(payload)
  }
  function record(exchange: Exchange) {
    exchanges.unshift(exchange)
    emit('exchange.recorded', summaryOf(exchange))
  }
  const view = ({ secret: _s, ...c }: ClientView & { secret?: string }): ClientView => c
  const userView = ({ password: _p, ...u }: FakeUser): UserView => u
  const notFound = (what: string) => new LabError('not_found', `${what} not found`)
  const changed = (area: LabEvents['workspace.changed']['area']) => emit('workspace.changed', { area })

  function grant(req: RunnerRequest): {
    status: number
    body: Record<string, unknown>
    trace: TraceStep[]
    findings: Finding[]
    user?: string
  } {
    const params = new Map(req.params)
    const trace: TraceStep[] = []
    const findings: Finding[] = []
    const fail = (status: number, error: string, description: string) => ({
      status,
      body: { error, error_description: description },
      trace,
      findings,
    })
    if (req.auth.method === 'basic' && req.auth.formEncodeBasic === false) {
      findings.push({
        code: 'basic_not_form_encoded',
        side: 'client',
        severity: 'warning',
        rfc: 'RFC 6749 §2.3.1',
        message: 'Basic credentials were not form-encoded',
      })
    }
    const client = clients.get(req.auth.clientId ?? '')
    trace.push({ step: 'client_auth.method', outcome: 'info', detail: `client_secret_${req.auth.method}` })
    if (!client || (!client.public && client.secret !== req.auth.clientSecret)) {
      trace.push({ step: 'client.secret', outcome: 'fail', detail: 'secret does not match', ms: 61 })
      return fail(req.auth.method === 'basic' ? 401 : 400, 'invalid_client', 'Client authentication failed')
    }
    trace.push({ step: 'client.secret', outcome: 'ok', detail: 'secret matches', ms: 61 })
    const username = params.get('username') ?? ''
    if (params.get('grant_type') === 'password') {
      const user = users.get(username)
      if (!user || user.password !== params.get('password')) {
        trace.push({ step: 'user.password', outcome: 'fail', detail: 'wrong password', ms: 62 })
        return { ...fail(400, 'invalid_grant', 'Invalid resource owner credentials'), user: username }
      }
      trace.push({ step: 'user.password', outcome: 'ok', detail: 'password matches', ms: 62 })
    }
    const now = Math.floor(Date.now() / 1000)
    const scope = params.get('scope') ?? client.scopes.join(' ')
    const claims = {
      iss: BASE_URL,
      sub: username,
      aud: settings.audience,
      exp: now + 300,
      iat: now,
      jti: `jti-${++seq}`,
      client_id: client.clientId,
      scope,
      username,
    }
    return {
      status: 200,
      body: { access_token: fakeJwt(claims), token_type: 'Bearer', expires_in: 300, refresh_token: `rt-${seq}`, scope },
      trace,
      findings,
      user: username,
    }
  }

  const handlers: LabHandlers = {
    'workspace.get': async () => ({
      settings,
      scopes: [...scopes],
      clients: [...clients.values()].map(view),
      users: [...users.values()].map(userView),
    }),
    'workspace.export': async (): Promise<ExportedWorkspace> => {
      const { port: _port, ...rest } = settings
      return {
        version: 1,
        settings: rest,
        scopes: [...scopes],
        clients: [...clients.values()].map(({ secret: _s, hasSecret, ...c }) => ({
          ...c,
          ...(hasSecret && { secretHash: fakeBcryptHash(c.clientId) }),
        })),
        users: [...users.values()].map((u) => ({
          username: u.username,
          passwordHash: fakeBcryptHash(u.username),
          disabled: u.disabled,
          claims: u.claims,
        })),
      }
    },
    'workspace.import': async ({ file }) => {
      const parsed = parseWorkspace(file)
      if (!parsed.ok)
        throw new LabError('workspace_invalid', workspaceProblemsMessage(parsed.problems), parsed.problems)
      const ws = parsed.workspace
      // As the lab does: the desktop preferences survive a file that omits them.
      settings = {
        ...ws.settings,
        port: ws.settings.port ?? settings.port,
        exchangeRetention: ws.settings.exchangeRetention ?? settings.exchangeRetention,
        jwtAlg: ws.settings.jwtAlg ?? settings.jwtAlg,
      }
      scopes.splice(0, scopes.length, ...ws.scopes)
      clients.clear()
      for (const { secret, secretHash: _h, ...c } of ws.clients)
        clients.set(c.clientId, { ...c, hasSecret: !c.public, secret: secret ?? undefined })
      users.clear()
      // A user imported with a hash only cannot sign in here: the fake keeps no plaintext for it.
      for (const u of ws.users)
        users.set(u.username, {
          username: u.username,
          password: u.password ?? '\u0000hash only',
          disabled: u.disabled,
          claims: u.claims,
          failedAttempts: 0,
          lockedUntil: null,
        })
      changed('all')
      return { scopes: ws.scopes.length, clients: ws.clients.length, users: ws.users.length }
    },
    'settings.update': async (patch) => {
      settings = { ...settings, ...patch }
      changed('settings')
      return settings
    },
    'scopes.create': async (s) => {
      if (scopes.some((x) => x.name === s.name)) throw new LabError('conflict', `scope "${s.name}" already exists`)
      scopes.push(s)
      return s
    },
    'scopes.update': async (s) => (
      scopes.splice(
        scopes.findIndex((x) => x.name === s.name),
        1,
        s,
      ),
      s
    ),
    'scopes.delete': async ({ name }) => (
      scopes.splice(
        scopes.findIndex((x) => x.name === name),
        1,
      ),
      { deleted: true }
    ),
    'clients.create': async ({ secret, ...input }) => {
      if (clients.has(input.clientId)) throw new LabError('conflict', `client "${input.clientId}" already exists`)
      const c = {
        public: false,
        grantTypes: ['password' as const],
        authMethods: ['client_secret_basic' as const],
        scopes: [],
        defaultScopes: null,
        tokenFormat: null,
        accessTokenTtl: null,
        refreshTokenTtl: null,
        lenientBasicAuth: false,
        ...input,
        hasSecret: !input.public,
      }
      const generated = c.public ? undefined : (secret ?? `generated-secret-${++seq}`)
      clients.set(c.clientId, { ...c, secret: generated })
      return { client: view(c), ...(generated ? { secret: generated } : {}) }
    },
    'clients.update': async (input) => {
      const c = clients.get(input.clientId)
      if (!c) throw notFound('client')
      Object.assign(c, input)
      return view(c)
    },
    'clients.delete': async ({ clientId }) => (clients.delete(clientId), { deleted: true }),
    'clients.resetSecret': async ({ clientId, secret }) => {
      const c = clients.get(clientId)
      if (!c) throw notFound('client')
      c.secret = secret ?? `reset-secret-${++seq}`
      return { client: view(c), secret: c.secret }
    },
    'users.create': async (u) => {
      if (users.has(u.username)) throw new LabError('conflict', `user "${u.username}" already exists`)
      const user = { ...u, failedAttempts: 0, lockedUntil: null }
      users.set(u.username, user)
      return userView(user)
    },
    'users.update': async (input) => {
      const u = users.get(input.username)
      if (!u) throw notFound('user')
      Object.assign(u, input)
      return userView(u)
    },
    'users.setPassword': async ({ username, password }) => {
      const u = users.get(username)
      if (!u) throw notFound('user')
      u.password = password
      return userView(u)
    },
    'users.unlock': async ({ username }) => {
      const u = users.get(username)
      if (!u) throw notFound('user')
      Object.assign(u, { failedAttempts: 0, lockedUntil: null })
      return userView(u)
    },
    'users.delete': async ({ username }) => (users.delete(username), { deleted: true }),
    'server.status': async () => ({
      running: true,
      baseUrl: BASE_URL,
      issuer: BASE_URL,
      host: '127.0.0.1',
      port: 8443,
      requestedPort: 8443,
      note: null,
    }),
    'runner.send': async (req) => {
      const built = buildTokenRequest(req, BASE_URL)
      const endpoint = new URL(built.url).pathname
      const result =
        req.target === 'token'
          ? grant(req)
          : { status: 200, body: { active: true, client_id: req.auth.clientId }, trace: [], findings: [] }
      const id = `ex-${++seq}`
      const masked = formEncode(req.params.map(([k, v]) => [k, k === 'password' ? '********' : v]))
      revealed.set(id, built.body)
      const params = new Map(req.params)
      const exchange = makeExchange({
        id,
        at: new Date().toISOString(),
        origin: 'composer',
        endpoint,
        status: result.status,
        grantType: params.get('grant_type'),
        clientId: req.auth.clientId || undefined,
        username: params.get('username'),
        error: typeof result.body.error === 'string' ? result.body.error : undefined,
        findingCount: result.findings.length,
        request: { method: 'POST', target: built.url, headers: built.headers, body: masked },
        response: {
          status: result.status,
          headers: [
            ['Content-Type', 'application/json'],
            ['Cache-Control', 'no-store'],
          ],
          body: JSON.stringify(result.body),
        },
        hashMs: 123,
        trace: result.trace,
        findings: result.findings,
      })
      record(exchange)
      return exchange
    },
    'exchanges.list': async (f) => {
      const items = exchanges.filter(
        (e) =>
          (!f.clientId || e.clientId === f.clientId) &&
          (!f.username || e.username === f.username) &&
          (f.status === undefined || e.status === f.status) &&
          (!f.error || e.error === f.error) &&
          (!f.origin || e.origin === f.origin) &&
          (!f.text || [e.endpoint, e.clientId, e.username, e.error].some((v) => v?.includes(f.text ?? ''))),
      )
      return { items: items.slice(f.offset, f.offset + f.limit).map(summaryOf), total: items.length }
    },
    'exchanges.get': async ({ id, reveal }) => {
      const e = exchanges.find((x) => x.id === id)
      if (!e) throw notFound('exchange')
      return reveal ? { ...e, request: { ...e.request, body: revealed.get(id) ?? e.request.body }, revealed: true } : e
    },
    'exchanges.clear': async () => {
      const cleared = exchanges.splice(0).length
      emit('exchanges.cleared', {})
      return { cleared }
    },
    'tokens.decode': async ({ token }) => {
      const [h, p] = token.split('.')
      if (!p) return { kind: 'opaque' }
      return {
        kind: 'jwt',
        header: decodePart(h ?? ''),
        payload: decodePart(p),
        signature: { verified: true, kid: 'fake-key-1', alg: 'RS256' },
      }
    },
  }

  const client: LabClient = {
    async call(method, input) {
      calls.push({ method, input })
      const parsed = labApiInputs[method].safeParse(input)
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
        throw new LabError('validation', `invalid input for ${method}`, details)
      }
      const handler = handlers[method] as (input: unknown) => Promise<never>
      return handler(parsed.data)
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const l = listener as (payload: unknown) => void
      set.add(l)
      return () => set.delete(l)
    },
  }
  return { client, calls, exchanges, emit, record }
}

export const SEED = {
  scopes: [{ name: 'read', description: 'Read access', default: true }],
  clients: [
    {
      clientId: 'legacy',
      secret: 'THE_SECRET',
      public: false,
      hasSecret: true,
      grantTypes: ['password' as const, 'refresh_token' as const],
      authMethods: ['client_secret_basic' as const, 'client_secret_post' as const],
      scopes: ['read'],
      defaultScopes: null,
      tokenFormat: 'jwt' as const,
      accessTokenTtl: null,
      refreshTokenTtl: null,
      lenientBasicAuth: false,
    },
  ],
  users: [
    {
      username: 'alice',
      password: 'alice-password-1',
      disabled: false,
      claims: { email: 'alice@example.com' },
      failedAttempts: 0,
      lockedUntil: null,
    },
  ],
}
