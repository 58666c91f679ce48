// The workspace file, version 1 (docs/workspace-format.md): the import/export format and the input of
// `ropc-lab serve --workspace FILE`. A bad file is refused whole with every problem listed by JSON path,
// so nothing is half-imported. zod checks the structure (types, ranges, unknown keys); the rules that
// span several keys (secret XOR secretHash, public clients, scope references, duplicates) are checked
// on the raw input, so they are reported even when another part of the file is malformed.
import { z } from 'zod'
import { AUTH_METHODS } from './wire'
import type { AuthMethod } from './wire'
import { CLIENT_FIELDS } from './client-fields'
import { faultRulesSchema, type FaultRule } from './fault-rules'
import {
  clientIdSchema,
  describeValue,
  fileErrorMap,
  fileShape,
  passwordSchema,
  scopeName,
  secretSchema,
  usernameSchema,
  withFileDefaults,
  type FieldValues,
  type FileFieldValues,
} from './fields'
import type { Scope } from './model'
import { scenarioListSchema, type ScenarioInput } from './scenarios/index'
import { SCOPE_FIELDS } from './scope-fields'
import { SETTINGS_FIELDS } from './settings-fields'
import { USER_FIELDS } from './user-fields'
import { inputShapeMessage } from './json-depth'

export const WORKSPACE_VERSION = 1

// ---- types -------------------------------------------------------------------------------------------

/** Settings with every default applied. The desktop preferences of SETTINGS_FIELDS (`port`,
 *  `exchangeRetention`, `jwtAlg`) are present only when the file sets them, so an import does not reset them. */
export type WorkspaceSettings = FileFieldValues<typeof SETTINGS_FIELDS>

export type WorkspaceScope = Scope

export type WorkspaceClient = {
  clientId: string
  /** Plaintext from the file, to be hashed before it is stored. Null when `secretHash` is given or public. */
  secret: string | null
  secretHash: string | null
} & FieldValues<typeof CLIENT_FIELDS>

export type WorkspaceUser = {
  username: string
  /** Plaintext from the file, to be hashed before it is stored. Exactly one of the two is non-null. */
  password: string | null
  passwordHash: string | null
  /** RFC 6238 shared key (base32) as the file gives it; null when none (or when the export masked it). */
  totpSecret: string | null
} & FieldValues<typeof USER_FIELDS>

/** A parsed file with every default applied. */
export interface WorkspaceFile {
  version: typeof WORKSPACE_VERSION
  settings: WorkspaceSettings
  scopes: WorkspaceScope[]
  clients: WorkspaceClient[]
  users: WorkspaceUser[]
  /** The scenarios as the file gives them (validated, structure only: variables may come from the run). */
  scenarios: ScenarioInput[]
  /** Rules that make the embedded server misbehave on purpose (workspace-format.md "Faults"). */
  faults: FaultRule[]
}

/** What an export writes: hashes only, never plaintext (workspace-format.md). parseWorkspace reads it back. */
export interface ExportedWorkspace {
  version: typeof WORKSPACE_VERSION
  settings: WorkspaceSettings
  scopes: WorkspaceScope[]
  clients: (Omit<WorkspaceClient, 'secret' | 'secretHash'> & { secretHash?: string })[]
  users: (Omit<WorkspaceUser, 'password' | 'passwordHash' | 'totpSecret'> & {
    passwordHash: string
    /** The key in clear only when the export was asked for it; TOTP_SECRET_MASKED otherwise. */
    totpSecret?: string
  })[]
  /** Always written by an export; optional so a file without any still reads as one. */
  scenarios?: ScenarioInput[]
  /** Written when there is a rule; absent reads back as none. */
  faults?: FaultRule[]
}

export type ParseWorkspaceResult = { ok: true; workspace: WorkspaceFile } | { ok: false; problems: string[] }

// ---- schema ------------------------------------------------------------------------------------------

/** bcrypt modular-crypt form: $2a$/$2b$/$2y$, two-digit cost, 22 chars of salt + 31 of hash. */
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/
const bcryptHash = z.string().regex(BCRYPT_HASH, 'must be a bcrypt hash ("$2b$" + cost + 53 characters)')

const versionSchema = z.literal(WORKSPACE_VERSION, {
  error: (iss) => {
    const v = iss.input
    if (v === undefined) return 'required'
    if (typeof v !== 'number') return `expected the number ${WORKSPACE_VERSION}, got ${describeValue(v)}`
    if (!Number.isInteger(v)) return `must be an integer; this ROPC Lab reads version ${WORKSPACE_VERSION}`
    if (v > WORKSPACE_VERSION) return newerVersionMessage(v)
    return `version ${v} does not exist; this ROPC Lab reads version ${WORKSPACE_VERSION}`
  },
})

// Settings, client and user fields come from their tables: every key optional here, the defaults
// applied by resolve() (a partial `lockout` is merged with the default one).
const settingsSchema = z.strictObject(fileShape(SETTINGS_FIELDS))

const scopeSchema = z.strictObject({
  name: scopeName, // RFC 6749 §3.3 scope-token
  ...fileShape(SCOPE_FIELDS),
})

const clientSchema = z.strictObject({
  clientId: clientIdSchema, // RFC 6749 Appendix A: VSCHAR, so `legacy:app` is valid
  secret: secretSchema.optional(),
  secretHash: bcryptHash.optional(),
  ...fileShape(CLIENT_FIELDS),
})

/** What an export writes for a user's TOTP secret unless asked for the secrets: it imports as none. */
export const TOTP_SECRET_MASKED = '***'

/** RFC 6238 §5.1 / RFC 4226 §4 R6: a key of at least 80 bits (16 base32 characters), base32 as apps read it. */
const totpSecretSchema = z
  .string()
  .max(128, 'at most 128 characters')
  .refine(
    (v) => v === TOTP_SECRET_MASKED || /^[A-Z2-7]{16,}=*$/i.test(v),
    'must be a base32 key of at least 16 characters (A-Z, 2-7), as an authenticator app reads it (RFC 6238)',
  )

const userSchema = z.strictObject({
  username: usernameSchema, // RFC 6749 Appendix A: any Unicode but CR/LF
  password: passwordSchema.optional(),
  passwordHash: bcryptHash.optional(),
  totpSecret: totpSecretSchema.optional(),
  ...fileShape(USER_FIELDS),
})

/** The structure of a version-1 file. It does not check the rules between keys: call parseWorkspace. */
export const workspaceFileSchema = z.strictObject({
  version: versionSchema,
  settings: settingsSchema.default({}),
  scopes: z.array(scopeSchema).default([]),
  clients: z.array(clientSchema).default([]),
  users: z.array(userSchema).default([]),
  // scenarios-format.md; structure only here: a {{variable}} may be defined by the run (the UI's
  // credentials, --var), so the variable check belongs to whoever runs them.
  scenarios: scenarioListSchema.optional(),
  // The fault rules word their own messages (shared/fault-rules.ts), by the same JSON paths.
  faults: faultRulesSchema.default([]),
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

function formatPath(path: Path): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg
    else out += `[${JSON.stringify(String(seg))}]`
  }
  return out || '(root)'
}

const SECTIONS = ['version', 'settings', 'scopes', 'clients', 'users', 'scenarios', 'faults']
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
  // Also when a scenario is malformed (the list's own check runs only on a well-formed list).
  checkUnique(entries(root.scenarios), 'scenarios', 'name', 'scenario name', add)

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
  // Before zod, whose recursion overflows the stack on a value nested thousands deep: the file then
  // got "could not be read (Maximum call stack size exceeded)", which says nothing of the file.
  const shape = inputShapeMessage(input)
  if (shape !== null) return { ok: false, problems: [`(root): ${shape}`] }
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
      problems: [`(root): expected a JSON object with "version": ${WORKSPACE_VERSION}, got ${describeValue(input)}`],
    }
  }
  // A newer file may use keys this version does not know: refuse it with that reason alone.
  const v = input.version
  if (typeof v === 'number' && Number.isInteger(v) && v > WORKSPACE_VERSION) {
    return { ok: false, problems: [`version: ${newerVersionMessage(v)}`] }
  }

  const problems: Problem[] = []
  const add = (path: Path, message: string) => problems.push({ path, message })
  const parsed = workspaceFileSchema.safeParse(input, { error: fileErrorMap })
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
  return { ok: true, workspace: resolve(parsed.data, input.scenarios) }
}

/** A deep copy of valid JSON: the stored scenarios share nothing with the caller's object. */
const copyJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/**
 * `rawScenarios`: the file's own list, already validated. It is kept as written rather than as parsed:
 * the parsed form fills in defaults (`params: {}` beside a `rawBody`) that the file format refuses.
 */
function resolve(file: z.output<typeof workspaceFileSchema>, rawScenarios: unknown): WorkspaceFile {
  return {
    version: WORKSPACE_VERSION,
    settings: withFileDefaults(SETTINGS_FIELDS, file.settings),
    scopes: file.scopes.map(({ name, ...fields }) => ({ name, ...withFileDefaults(SCOPE_FIELDS, fields) })),
    clients: file.clients.map(({ clientId, secret, secretHash, ...fields }) => {
      const c = withFileDefaults(CLIENT_FIELDS, fields)
      return {
        clientId,
        secret: c.public ? null : (secret ?? null),
        secretHash: c.public ? null : (secretHash ?? null),
        ...c,
      }
    }),
    users: file.users.map(({ username, password, passwordHash, totpSecret, ...fields }) => ({
      username,
      password: password ?? null,
      passwordHash: passwordHash ?? null,
      totpSecret: totpSecret === undefined || totpSecret === TOTP_SECRET_MASKED ? null : totpSecret.toUpperCase(),
      ...withFileDefaults(USER_FIELDS, fields),
    })),
    scenarios: Array.isArray(rawScenarios) ? copyJson(rawScenarios as ScenarioInput[]) : [],
    faults: file.faults,
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
