// The workspace file, version 1 (docs/workspace-format.md): the import/export format and the input of
// `ropc-lab serve --workspace FILE`. A bad file is refused whole with every problem listed by JSON path,
// so nothing is half-imported. zod checks the structure (types, ranges, unknown keys); the rules that
// span several keys (secret XOR secretHash, public clients, scope references, duplicates) are checked
// on the raw input, so they are reported even when another part of the file is malformed.
import { z } from 'zod'
import { AUTH_METHODS, GRANT_TYPES, TOKEN_FORMATS } from './wire'
import type { AuthMethod, GrantType, TokenFormat } from './wire'
import { DEFAULT_SETTINGS } from './model'
import type { Settings } from './model'
import { clientIdSchema, passwordSchema, scopeName, secretSchema, usernameSchema } from './lab-api'

export const WORKSPACE_VERSION = 1

// ---- types -------------------------------------------------------------------------------------------

/** Settings with every default applied. `port`, `exchangeRetention` and `jwtAlg` are preferences of the
 *  desktop app: present only when the file sets them, so an import does not reset them. */
export type WorkspaceSettings = Omit<Settings, 'port' | 'exchangeRetention' | 'jwtAlg'> &
  Partial<Pick<Settings, 'port' | 'exchangeRetention' | 'jwtAlg'>>

export interface WorkspaceScope {
  name: string
  description: string
  /** Granted when a request omits `scope` (RFC 6749 §3.3). */
  default: boolean
}

export interface WorkspaceClient {
  clientId: string
  public: boolean
  /** Plaintext from the file, to be hashed before it is stored. Null when `secretHash` is given or public. */
  secret: string | null
  secretHash: string | null
  grantTypes: GrantType[]
  authMethods: AuthMethod[]
  scopes: string[]
  /** null: the client's scopes that are marked default. */
  defaultScopes: string[] | null
  /** null: from settings. */
  tokenFormat: TokenFormat | null
  accessTokenTtl: number | null
  refreshTokenTtl: number | null
  lenientBasicAuth: boolean
}

export interface WorkspaceUser {
  username: string
  /** Plaintext from the file, to be hashed before it is stored. Exactly one of the two is non-null. */
  password: string | null
  passwordHash: string | null
  disabled: boolean
  claims: Record<string, unknown>
}

/** A parsed file with every default applied. */
export interface WorkspaceFile {
  version: typeof WORKSPACE_VERSION
  settings: WorkspaceSettings
  scopes: WorkspaceScope[]
  clients: WorkspaceClient[]
  users: WorkspaceUser[]
}

/** What an export writes: hashes only, never plaintext (workspace-format.md). parseWorkspace reads it back. */
export interface ExportedWorkspace {
  version: typeof WORKSPACE_VERSION
  settings: WorkspaceSettings
  scopes: WorkspaceScope[]
  clients: (Omit<WorkspaceClient, 'secret' | 'secretHash'> & { secretHash?: string })[]
  users: (Omit<WorkspaceUser, 'password' | 'passwordHash'> & { passwordHash: string })[]
}

export type ParseWorkspaceResult = { ok: true; workspace: WorkspaceFile } | { ok: false; problems: string[] }

// ---- schema ------------------------------------------------------------------------------------------

/** bcrypt modular-crypt form: $2a$/$2b$/$2y$, two-digit cost, 22 chars of salt + 31 of hash. */
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/
const bcryptHash = z.string().regex(BCRYPT_HASH, 'must be a bcrypt hash ("$2b$" + cost + 53 characters)')

/** An integer in [min, max], said the same way whatever is wrong with it. */
const intIn = (min: number, max: number) =>
  z
    .number()
    .int(`must be an integer between ${min} and ${max}`)
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
/** Seconds; a year at most, as in settings.update. */
const ttl = intIn(1, 31_536_000)

/** A value of a closed list, named in the message: `unknown grant type "pasword" (expected password or refresh_token)`. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, {
    error: (iss) =>
      typeof iss.input === 'string'
        ? `unknown ${what} ${JSON.stringify(iss.input)} (expected ${orList(values)})`
        : `expected ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} (${orList(values)}), got ${describe(iss.input)}`,
  })

const versionSchema = z.literal(WORKSPACE_VERSION, {
  error: (iss) => {
    const v = iss.input
    if (v === undefined) return 'required'
    if (typeof v !== 'number') return `expected the number ${WORKSPACE_VERSION}, got ${describe(v)}`
    if (!Number.isInteger(v)) return `must be an integer; this ROPC Lab reads version ${WORKSPACE_VERSION}`
    if (v > WORKSPACE_VERSION) return newerVersionMessage(v)
    return `version ${v} does not exist; this ROPC Lab reads version ${WORKSPACE_VERSION}`
  },
})

const settingsSchema = z.strictObject({
  // RFC 8414 §2: the issuer is an http(s) URL (https outside a lab); null/absent means the listening URL.
  issuer: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:8443' })
    .nullable()
    .optional(),
  tokenFormat: oneOf(TOKEN_FORMATS, 'token format').optional(),
  accessTokenTtl: ttl.optional(),
  refreshTokenTtl: ttl.optional(),
  refreshTokenRotation: z.boolean().optional(),
  // Partial objects are merged with DEFAULT_SETTINGS.lockout (RFC 6749 §4.3.2 brute-force protection).
  lockout: z
    .strictObject({
      enabled: z.boolean().optional(),
      maxFailures: intIn(1, 1000).optional(),
      lockSeconds: intIn(1, 86_400).optional(),
    })
    .optional(),
  bcryptCost: intIn(4, 14).optional(),
  audience: z.string().min(1).max(200).optional(),
  port: intIn(0, 65_535).optional(),
  exchangeRetention: intIn(10, 1_000_000).optional(),
  jwtAlg: oneOf(['RS256', 'ES256'], 'JWT algorithm').optional(),
})

const scopeSchema = z.strictObject({
  name: scopeName, // RFC 6749 §3.3 scope-token
  description: z.string().max(500).default(''),
  default: z.boolean().default(false),
})

const clientSchema = z.strictObject({
  clientId: clientIdSchema, // RFC 6749 Appendix A: VSCHAR, so `legacy:app` is valid
  public: z.boolean().default(false),
  secret: secretSchema.optional(),
  secretHash: bcryptHash.optional(),
  grantTypes: z.array(oneOf(GRANT_TYPES, 'grant type')).min(1, 'must list at least one grant type').optional(),
  authMethods: z.array(oneOf(AUTH_METHODS, 'auth method')).min(1, 'must list at least one auth method').optional(),
  scopes: z.array(scopeName).default([]),
  defaultScopes: z.array(scopeName).nullable().optional(),
  tokenFormat: oneOf(TOKEN_FORMATS, 'token format').nullable().optional(),
  accessTokenTtl: ttl.nullable().optional(),
  refreshTokenTtl: ttl.nullable().optional(),
  lenientBasicAuth: z.boolean().default(false),
})

/** What JSON can carry: the input may come from elsewhere than JSON.parse (IPC, tests). */
function isJsonValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true
  if (typeof v === 'number') return Number.isFinite(v)
  if (Array.isArray(v)) return v.every(isJsonValue)
  if (typeof v !== 'object' || ![Object.prototype, null].includes(Object.getPrototypeOf(v))) return false
  return Object.values(v).every(isJsonValue)
}

const userSchema = z.strictObject({
  username: usernameSchema, // RFC 6749 Appendix A: any Unicode but CR/LF
  password: passwordSchema.optional(),
  passwordHash: bcryptHash.optional(),
  disabled: z.boolean().default(false),
  // Free JSON: no key is unknown here; added to JWT access tokens and introspection.
  claims: z.record(z.string(), z.unknown().refine(isJsonValue, 'must be a JSON value')).default({}),
})

/** The structure of a version-1 file. It does not check the rules between keys: call parseWorkspace. */
export const workspaceFileSchema = z.strictObject({
  version: versionSchema,
  settings: settingsSchema.default({}),
  scopes: z.array(scopeSchema).default([]),
  clients: z.array(clientSchema).default([]),
  users: z.array(userSchema).default([]),
})
export type WorkspaceFileInput = z.input<typeof workspaceFileSchema>

// ---- messages ----------------------------------------------------------------------------------------

type Path = readonly PropertyKey[]
interface Problem {
  path: Path
  message: string
}

function newerVersionMessage(v: number): string {
  return `this file is version ${v}; this ROPC Lab reads version ${WORKSPACE_VERSION} — update ROPC Lab`
}

function orList(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  if (typeof v === 'number') return `the number ${v}`
  if (typeof v === 'boolean') return String(v)
  return typeof v
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  record: 'a JSON object',
  array: 'an array',
}

/** Messages for the issues no schema above words itself (zod's defaults are written for developers). */
const errorMap: z.core.$ZodErrorMap = (iss) => {
  const unit = (n: number | bigint) => (iss.origin === 'string' ? `${n} character${n === 1 ? '' : 's'}` : `${n}`)
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'required'
      if (iss.expected === 'int') return 'must be an integer'
      return `expected ${EXPECTED[iss.expected] ?? iss.expected}, got ${describe(iss.input)}`
    case 'too_small':
      if (Number(iss.minimum) === 1 && iss.origin !== 'number') return 'must not be empty'
      return `must be at least ${unit(iss.minimum)}`
    case 'too_big':
      return iss.origin === 'array'
        ? `must have at most ${iss.maximum} entries`
        : `must be at most ${unit(iss.maximum)}`
    default:
      return undefined
  }
}

function formatPath(path: Path): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg
    else out += `[${JSON.stringify(String(seg))}]`
  }
  return out || '(root)'
}

const SECTIONS = ['version', 'settings', 'scopes', 'clients', 'users']
/** Problems in file order: by section, then by array index; stable within one entry. */
function sortKey(path: Path): [number, number] {
  const section = path.length ? SECTIONS.indexOf(String(path[0])) : -1
  return [section === -1 && path.length ? SECTIONS.length : section, typeof path[1] === 'number' ? path[1] : -1]
}

// ---- rules between keys ------------------------------------------------------------------------------

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const entries = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const isScopeToken = (v: unknown): v is string => scopeName.safeParse(v).success
const isAuthMethod = (v: unknown): v is AuthMethod => (AUTH_METHODS as readonly unknown[]).includes(v)

/** Reports the second and later occurrences of a name (`clients[2].clientId: duplicate client id "x" (also clients[0])`). */
function checkUnique(list: unknown[], section: string, key: string, what: string, add: (p: Path, m: string) => void) {
  const first = new Map<string, number>()
  list.forEach((item, i) => {
    const name = isRecord(item) ? item[key] : undefined
    if (typeof name !== 'string') return
    const at = first.get(name)
    if (at === undefined) first.set(name, i)
    else add([section, i, key], `duplicate ${what} ${JSON.stringify(name)} (also ${section}[${at}])`)
  })
}

function checkRelations(root: Record<string, unknown>, add: (p: Path, m: string) => void): void {
  const scopes = entries(root.scopes)
  const clients = entries(root.clients)
  const users = entries(root.users)
  checkUnique(scopes, 'scopes', 'name', 'scope', add)
  checkUnique(clients, 'clients', 'clientId', 'client id', add)
  checkUnique(users, 'users', 'username', 'username', add)

  const declared = [...new Set(scopes.flatMap((s) => (isRecord(s) && isScopeToken(s.name) ? [s.name] : [])))]
  const declaredText = declared.length ? `declared: ${declared.join(', ')}` : 'no scope is declared in "scopes"'

  clients.forEach((c, i) => {
    if (!isRecord(c)) return
    const at = (...rest: PropertyKey[]): Path => ['clients', i, ...rest]
    const isPublic = c.public === undefined ? false : c.public
    const has = (key: string) => c[key] !== undefined
    if (isPublic === true) {
      // RFC 6749 §2.1: a public client cannot keep a secret.
      for (const key of ['secret', 'secretHash'])
        if (has(key)) add(at(key), 'a public client has no secret (remove it, or set "public": false)')
    } else if (isPublic === false) {
      if (has('secret') && has('secretHash')) add(at(), 'give "secret" or "secretHash", not both')
      else if (!has('secret') && !has('secretHash'))
        add(at('secret'), 'required for a confidential client (or give "secretHash", or set "public": true)')
    }
    entries(c.authMethods).forEach((m, j) => {
      if (!isAuthMethod(m)) return
      if (isPublic === true && m !== 'none')
        add(at('authMethods', j), `a public client authenticates with "none" only, not ${JSON.stringify(m)}`)
      if (isPublic === false && m === 'none')
        add(at('authMethods', j), '"none" is for public clients; a confidential client authenticates with its secret')
    })
    for (const key of ['grantTypes', 'authMethods', 'scopes', 'defaultScopes']) {
      entries(c[key]).forEach((v, j, list) => {
        if (typeof v === 'string' && list.indexOf(v) !== j) add(at(key, j), `${JSON.stringify(v)} is listed twice`)
      })
    }
    // Every scope a client names is declared at the top level (RFC 6749 §3.3: the server defines its scopes).
    const own = entries(c.scopes)
    own.forEach((s, j) => {
      if (isScopeToken(s) && !declared.includes(s))
        add(at('scopes', j), `unknown scope ${JSON.stringify(s)} (${declaredText})`)
    })
    const ownText = own.length
      ? `its scopes: ${own.filter((s) => typeof s === 'string').join(', ')}`
      : 'it has no scopes'
    entries(c.defaultScopes).forEach((s, j) => {
      if (isScopeToken(s) && !own.includes(s))
        add(at('defaultScopes', j), `${JSON.stringify(s)} is not one of this client's scopes (${ownText})`)
    })
  })

  users.forEach((u, i) => {
    if (!isRecord(u)) return
    const hasPassword = u.password !== undefined
    const hasHash = u.passwordHash !== undefined
    if (hasPassword && hasHash) add(['users', i], 'give "password" or "passwordHash", not both')
    else if (!hasPassword && !hasHash) add(['users', i, 'password'], 'required (or give "passwordHash")')
    // JSON.parse keeps "__proto__" as a plain key, but copying it into an object would set the prototype
    // instead: the claim would vanish silently. Refuse it rather than drop it.
    const forbidden = (v: unknown, path: Path): void => {
      if (Array.isArray(v)) v.forEach((x, j) => forbidden(x, [...path, j]))
      else if (isRecord(v))
        for (const [k, x] of Object.entries(v)) {
          if (k === '__proto__') add([...path, k], 'a claim may not be named "__proto__"')
          else forbidden(x, [...path, k])
        }
    }
    forbidden(u.claims, ['users', i, 'claims'])
  })
}

// ---- entry points ------------------------------------------------------------------------------------

/** Validates a workspace file (already JSON-parsed) and applies the defaults. Never throws. */
export function parseWorkspace(input: unknown): ParseWorkspaceResult {
  try {
    return parseOrThrow(input)
  } catch (err) {
    // Only a bug or a hostile object (a throwing getter) gets here; still no throw, as promised.
    return { ok: false, problems: [`(root): could not be read (${err instanceof Error ? err.message : String(err)})`] }
  }
}

function parseOrThrow(input: unknown): ParseWorkspaceResult {
  if (!isRecord(input)) {
    return {
      ok: false,
      problems: [`(root): expected a JSON object with "version": ${WORKSPACE_VERSION}, got ${describe(input)}`],
    }
  }
  // A newer file may use keys this version does not know: refuse it with that reason alone.
  const v = input.version
  if (typeof v === 'number' && Number.isInteger(v) && v > WORKSPACE_VERSION) {
    return { ok: false, problems: [`version: ${newerVersionMessage(v)}`] }
  }

  const problems: Problem[] = []
  const add = (path: Path, message: string) => problems.push({ path, message })
  const parsed = workspaceFileSchema.safeParse(input, { error: errorMap })
  if (!parsed.success) {
    const seen = new Set<string>()
    for (const iss of parsed.error.issues) {
      // One problem per unknown key, so each can be found and removed on its own.
      if (iss.code === 'unrecognized_keys')
        for (const key of iss.keys) add(iss.path, `unknown key ${JSON.stringify(key)}`)
      // Otherwise the first complaint about a value is enough ("" is both empty and not printable ASCII).
      else if (!seen.has(formatPath(iss.path))) {
        seen.add(formatPath(iss.path))
        add(iss.path, iss.message)
      }
    }
  }
  checkRelations(input, add)

  if (problems.length || !parsed.success) {
    const sorted = problems
      .map((p, order) => ({ ...p, key: sortKey(p.path), order }))
      .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.order - b.order)
    const lines = sorted.map((p) => `${formatPath(p.path)}: ${p.message}`)
    return { ok: false, problems: [...new Set(lines)] }
  }
  return { ok: true, workspace: resolve(parsed.data) }
}

function resolve(file: z.output<typeof workspaceFileSchema>): WorkspaceFile {
  const s = file.settings
  const d = DEFAULT_SETTINGS
  const settings: WorkspaceSettings = {
    issuer: s.issuer ?? null,
    tokenFormat: s.tokenFormat ?? d.tokenFormat,
    accessTokenTtl: s.accessTokenTtl ?? d.accessTokenTtl,
    refreshTokenTtl: s.refreshTokenTtl ?? d.refreshTokenTtl,
    refreshTokenRotation: s.refreshTokenRotation ?? d.refreshTokenRotation,
    lockout: {
      enabled: s.lockout?.enabled ?? d.lockout.enabled,
      maxFailures: s.lockout?.maxFailures ?? d.lockout.maxFailures,
      lockSeconds: s.lockout?.lockSeconds ?? d.lockout.lockSeconds,
    },
    bcryptCost: s.bcryptCost ?? d.bcryptCost,
    audience: s.audience ?? d.audience,
    ...(s.port !== undefined ? { port: s.port } : {}),
    ...(s.exchangeRetention !== undefined ? { exchangeRetention: s.exchangeRetention } : {}),
    ...(s.jwtAlg !== undefined ? { jwtAlg: s.jwtAlg } : {}),
  }
  return {
    version: WORKSPACE_VERSION,
    settings,
    scopes: file.scopes.map((sc) => ({ name: sc.name, description: sc.description, default: sc.default })),
    clients: file.clients.map((c) => ({
      clientId: c.clientId,
      public: c.public,
      secret: c.public ? null : (c.secret ?? null),
      secretHash: c.public ? null : (c.secretHash ?? null),
      grantTypes: c.grantTypes ?? ['password', 'refresh_token'],
      authMethods: c.authMethods ?? (c.public ? ['none'] : ['client_secret_basic', 'client_secret_post']),
      scopes: c.scopes,
      defaultScopes: c.defaultScopes ?? null,
      tokenFormat: c.tokenFormat ?? null,
      accessTokenTtl: c.accessTokenTtl ?? null,
      refreshTokenTtl: c.refreshTokenTtl ?? null,
      lenientBasicAuth: c.lenientBasicAuth,
    })),
    users: file.users.map((u) => ({
      username: u.username,
      password: u.password ?? null,
      passwordHash: u.passwordHash ?? null,
      disabled: u.disabled,
      claims: u.claims,
    })),
  }
}

/** The message shown when a file is refused: every problem, one per line. */
export function workspaceProblemsMessage(problems: string[]): string {
  const n = problems.length
  return [
    `The workspace file was refused; nothing was imported. ${n} problem${n === 1 ? '' : 's'}:`,
    ...problems.map((p) => `  - ${p}`),
  ].join('\n')
}
