// Workspace editing use cases (the forms of the desktop app). Inputs arrive validated by the
// zod schemas of shared/lab-api; here live the rules that span records (scopes a client names
// must exist, defaults ⊆ allowed, public ⇔ `none`). Hashing happens before any write.
import { randomBytes } from 'node:crypto'
import { CLIENT_FIELDS } from '../shared/client-fields'
import { fieldDefault, withDefaults } from '../shared/fields'
import { formatImfFixdate } from '../shared/http-date'
import { LabError, type LabAreaHandlers, type LabParsedInput } from '../shared/lab-api'
import type { ClientView, Scope, Settings, UserView } from '../shared/model'
import { needsDeprecationStart } from '../shared/password-grant'
import type { HashPool } from '../server/credentials/hash-pool'
import type { ClientRecord, Store } from '../store/index'
import { toUserView } from '../store/index'

type Changed = (area: 'settings' | 'scopes' | 'clients' | 'users') => void

export interface CrudDeps {
  store: Store
  pool: HashPool
  changed: Changed
  /** A client's secret changed: forget its remembered verification. */
  forgetClient: (clientId: string) => void
  /** Epoch ms (the deprecation moment, revocations); Date.now unless a test moves the clock. */
  now?: () => number
}

/** 192 random bits, base64url: printable ASCII, nothing a form-encoder must escape. */
export function generateClientSecret(): string {
  return randomBytes(24).toString('base64url')
}

export function toClientView(c: ClientRecord): ClientView {
  const { secretHash: _hash, ...view } = c
  return view
}

function checkClientRules(store: Store, c: ClientRecord): void {
  const problems: string[] = []
  const known = new Set(store.scopes.list().map((s) => s.name))
  c.scopes.forEach((s, i) => {
    if (!known.has(s)) problems.push(`scopes[${i}]: unknown scope "${s}"`)
  })
  c.defaultScopes?.forEach((s, i) => {
    if (!c.scopes.includes(s)) problems.push(`defaultScopes[${i}]: "${s}" is not one of the client's scopes`)
  })
  if (c.public && c.authMethods.some((m) => m !== 'none')) {
    problems.push('authMethods: a public client authenticates with "none" only (RFC 6749 §2.1)')
  }
  if (!c.public && c.authMethods.includes('none')) {
    problems.push('authMethods: a confidential client must authenticate (RFC 6749 §3.2.1)')
  }
  if (problems.length) throw new LabError('validation', `client "${c.clientId}" is not valid`, problems)
}

/**
 * RFC 9745 §2: once the password grant is deprecated (server-wide or for one client), the moment
 * is recorded if none was given, so every deprecated answer carries the same `Deprecation` date.
 * True when it was recorded (the settings changed).
 */
export function recordDeprecationStart(store: Store, now: number): boolean {
  if (!needsDeprecationStart(store.settings.get(), store.clients.list())) return false
  store.settings.update({ passwordGrantDeprecatedAt: formatImfFixdate(now) })
  return true
}

/**
 * RFC 6819 §5.2.2.3: a refresh token must not outlive the password it was obtained with. With
 * `revokeRefreshTokensOnPasswordChange` on (the default), a new password revokes every refresh-token
 * family of the user (and the access tokens issued in them). Returns how many were revoked.
 */
export function revokeOnPasswordChange(store: Store, username: string, now: number): number {
  if (!store.settings.get().revokeRefreshTokensOnPasswordChange) return 0
  return store.tokens.revokeUserFamilies(username, 'password_change', now)
}

function mustGetClient(store: Store, clientId: string): ClientRecord {
  const c = store.clients.get(clientId)
  if (!c) throw new LabError('not_found', `no client "${clientId}"`)
  return c
}
function mustGetUser(store: Store, username: string) {
  const u = store.users.get(username)
  if (!u) throw new LabError('not_found', `no user "${username}"`)
  return u
}

/** Every method of these areas; a new one is implemented below. */
type CrudHandlers = LabAreaHandlers<'settings' | 'scopes' | 'clients' | 'users'>

export function createCrudHandlers({ store, pool, changed, forgetClient, now = Date.now }: CrudDeps): CrudHandlers {
  const cost = () => store.settings.get().bcryptCost
  /** A client's mode became deprecated: the settings may have gained the deprecation moment. */
  const clientModeChanged = (c: ClientRecord) => {
    if (c.passwordGrant === 'deprecated' && recordDeprecationStart(store, now())) changed('settings')
  }

  return {
    async 'settings.update'(patch): Promise<Settings> {
      store.settings.update(patch)
      recordDeprecationStart(store, now())
      changed('settings')
      return store.settings.get()
    },

    async 'scopes.create'(input): Promise<Scope> {
      if (store.scopes.get(input.name)) throw new LabError('conflict', `scope "${input.name}" exists already`)
      store.scopes.upsert(input)
      changed('scopes')
      return input
    },
    async 'scopes.update'(input): Promise<Scope> {
      if (!store.scopes.get(input.name)) throw new LabError('not_found', `no scope "${input.name}"`)
      store.scopes.upsert(input)
      changed('scopes')
      return input
    },
    async 'scopes.delete'({ name }) {
      if (!store.scopes.delete(name)) throw new LabError('not_found', `no scope "${name}"`)
      changed('scopes')
      changed('clients')
      return { deleted: true as const }
    },

    async 'clients.create'({ clientId, secret: given, ...input }: LabParsedInput<'clients.create'>) {
      if (store.clients.get(clientId)) throw new LabError('conflict', `client "${clientId}" exists already`)
      // The same defaults as a workspace file's client (CLIENT_FIELDS).
      const fields = withDefaults(CLIENT_FIELDS, input)
      const secret = fields.public ? undefined : (given ?? generateClientSecret())
      const record: ClientRecord = { clientId, hasSecret: !fields.public, secretHash: null, ...fields }
      checkClientRules(store, record)
      if (secret !== undefined) record.secretHash = await pool.hash(secret, cost())
      store.clients.insert(record)
      clientModeChanged(record)
      changed('clients')
      // The plaintext secret leaves once, in this result; only its hash is kept.
      return { client: toClientView(record), ...(secret !== undefined && { secret }) }
    },

    async 'clients.update'(input) {
      const current = mustGetClient(store, input.clientId)
      const next: ClientRecord = { ...current }
      for (const [k, v] of Object.entries(input))
        if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v
      if (input.public !== undefined && input.authMethods === undefined) {
        next.authMethods = fieldDefault(CLIENT_FIELDS, 'authMethods', next)
      }
      if (!next.public && current.public) {
        throw new LabError('validation', 'a public client becomes confidential with "Reset secret", not update', [
          'public: use clients.resetSecret to give the client a secret',
        ])
      }
      if (next.public) next.secretHash = null
      checkClientRules(store, next)
      next.hasSecret = next.secretHash !== null
      store.clients.replace(next)
      forgetClient(next.clientId)
      clientModeChanged(next)
      changed('clients')
      return toClientView(next)
    },

    async 'clients.delete'({ clientId }) {
      if (!store.clients.delete(clientId, now())) throw new LabError('not_found', `no client "${clientId}"`)
      forgetClient(clientId)
      changed('clients')
      return { deleted: true as const }
    },

    async 'clients.resetSecret'({ clientId, secret }) {
      const current = mustGetClient(store, clientId)
      const plaintext = secret ?? generateClientSecret()
      const hash = await pool.hash(plaintext, cost())
      const next: ClientRecord = {
        ...current,
        public: false,
        hasSecret: true,
        secretHash: hash,
        authMethods: current.public
          ? fieldDefault(CLIENT_FIELDS, 'authMethods', { public: false })
          : current.authMethods,
      }
      store.clients.replace(next)
      forgetClient(clientId)
      changed('clients')
      return { client: toClientView(next), secret: plaintext }
    },

    async 'users.create'({ username, password, ...fields }): Promise<UserView> {
      if (store.users.get(username)) throw new LabError('conflict', `user "${username}" exists already`)
      const passwordHash = await pool.hash(password, cost())
      store.users.insert({ username, passwordHash, ...fields })
      changed('users')
      return toUserView(mustGetUser(store, username))
    },
    async 'users.update'({ username, ...fields }) {
      mustGetUser(store, username)
      store.users.update(username, fields)
      changed('users')
      return toUserView(mustGetUser(store, username))
    },
    async 'users.setPassword'({ username, password }) {
      mustGetUser(store, username)
      const hash = await pool.hash(password, cost())
      store.transaction(() => {
        store.users.setPasswordHash(username, hash)
        revokeOnPasswordChange(store, username, now())
      })
      changed('users')
      return toUserView(mustGetUser(store, username))
    },
    async 'users.unlock'({ username }) {
      mustGetUser(store, username)
      store.users.resetFailures(username)
      changed('users')
      return toUserView(mustGetUser(store, username))
    },
    async 'users.delete'({ username }) {
      if (!store.users.delete(username, now())) throw new LabError('not_found', `no user "${username}"`)
      changed('users')
      return { deleted: true as const }
    },
  }
}
