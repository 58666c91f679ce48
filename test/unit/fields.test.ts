// The field tables are the one definition of each settings key, client, user and scope field: every
// field of a table must be taken alike by the LabApi input that edits it and by the workspace file,
// with the same default and the same words for a value out of range. The checks walk the tables, so
// a field added to a table (one line) is checked here without touching this file.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CLIENT_FIELDS } from '../../src/shared/client-fields'
import {
  field,
  fieldDefault,
  fileShape,
  oneOf,
  patchShape,
  withDefaults,
  withFileDefaults,
  type FieldTable,
} from '../../src/shared/fields'
import { dispatchLabCall } from '../../src/lab/dispatch'
import { labApiInputs, type LabHandlers, type LabMethod } from '../../src/shared/lab-api'
import { DEFAULT_SETTINGS } from '../../src/shared/model'
import { SCOPE_FIELDS } from '../../src/shared/scope-fields'
import { SETTINGS_FIELDS } from '../../src/shared/settings-fields'
import { USER_FIELDS } from '../../src/shared/user-fields'
import { parseWorkspace, workspaceFileSchema } from '../../src/shared/workspace-schema'

/** One section of the workspace file and the LabApi calls that take the same fields. */
interface Section {
  table: FieldTable
  /** The LabApi calls, each with what it needs besides the fields. */
  calls: Array<[LabMethod, Record<string, unknown>]>
  /** A file with one entry holding these fields (plus what that entry needs). */
  file(fields: Record<string, unknown>): unknown
  /** Where that entry is in the file: the prefix of its problems. */
  at: string
  /** Where the parsed entry is in the parsed file. */
  parsed(ws: unknown): Record<string, unknown>
  /** The keys that are not fields of the table: who it is and how it proves it. */
  identity: string[]
  /** The zod shape of the entry in the file schema. */
  fileShape(): Record<string, unknown>
}

const fileSection = workspaceFileSchema.shape
const entryShape = (s: 'scopes' | 'clients' | 'users') => () => fileSection[s].unwrap().element.shape

const SECTIONS: Record<string, Section> = {
  settings: {
    table: SETTINGS_FIELDS,
    calls: [['settings.update', {}]],
    file: (fields) => ({ version: 1, settings: fields }),
    at: 'settings.',
    parsed: (ws) => (ws as { settings: Record<string, unknown> }).settings,
    identity: [],
    fileShape: () => fileSection.settings.unwrap().shape,
  },
  clients: {
    table: CLIENT_FIELDS,
    calls: [
      ['clients.create', { clientId: 'c' }],
      ['clients.update', { clientId: 'c' }],
    ],
    file: (fields) => ({ version: 1, clients: [{ clientId: 'c', secret: 's', ...fields }] }),
    at: 'clients[0].',
    parsed: (ws) => (ws as { clients: Record<string, unknown>[] }).clients[0]!,
    identity: ['clientId', 'secret', 'secretHash'],
    fileShape: entryShape('clients'),
  },
  users: {
    table: USER_FIELDS,
    calls: [
      ['users.create', { username: 'u', password: 'p' }],
      ['users.update', { username: 'u' }],
    ],
    file: (fields) => ({ version: 1, users: [{ username: 'u', password: 'p', ...fields }] }),
    at: 'users[0].',
    parsed: (ws) => (ws as { users: Record<string, unknown>[] }).users[0]!,
    identity: ['username', 'password', 'passwordHash', 'totpSecret'],
    fileShape: entryShape('users'),
  },
  scopes: {
    table: SCOPE_FIELDS,
    calls: [
      ['scopes.create', { name: 'read' }],
      ['scopes.update', { name: 'read' }],
    ],
    file: (fields) => ({ version: 1, scopes: [{ name: 'read', ...fields }] }),
    at: 'scopes[0].',
    parsed: (ws) => (ws as { scopes: Record<string, unknown>[] }).scopes[0]!,
    identity: ['name'],
    fileShape: entryShape('scopes'),
  },
}

interface Leaf {
  /** `bcryptCost`, or `lockout.maxFailures` for a field of a group. */
  path: string[]
  schema: z.ZodType
  /** The LabApi takes a group whole: the other fields of the group, at their defaults. */
  siblings: Record<string, unknown>
}

function leaves(table: FieldTable): Leaf[] {
  return Object.entries(table).flatMap(([key, entry]): Leaf[] =>
    entry.kind === 'field'
      ? [{ path: [key], schema: entry.schema, siblings: {} }]
      : leaves(entry.fields).map((l) => ({
          ...l,
          path: [key, ...l.path],
          siblings: withDefaults(entry.fields, {}),
        })),
  )
}

/** `{ lockout: { ...siblings, maxFailures: v } }` for the LabApi, `{ lockout: { maxFailures: v } }` for the file. */
function nest(leaf: Leaf, value: unknown, whole: boolean): Record<string, unknown> {
  const [first, second] = leaf.path
  return second === undefined ? { [first!]: value } : { [first!]: { ...(whole ? leaf.siblings : {}), [second]: value } }
}

/** The path as a workspace problem writes it: `lockout.maxFailures`, `grantTypes[0]`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${String(s)}` : String(s))).join('')
}

interface Probe {
  value: unknown
  /** In type but out of range: the message is the table's own, so both sides must word it alike. */
  range: boolean
}

/** Values a field must refuse, found from its zod type. A type with no rule here fails the test. */
function probes(schema: z.ZodType): Probe[] {
  const def = schema.def as { type: string; format?: string }
  switch (def.type) {
    case 'nullable':
      return probes((schema as z.ZodNullable<z.ZodType>).unwrap())
    case 'number': {
      const n = schema as z.ZodNumber
      const out: Probe[] = [{ value: '1', range: false }]
      if (n.minValue !== null && Number.isFinite(n.minValue)) out.push({ value: n.minValue - 1, range: true })
      if (n.maxValue !== null && Number.isFinite(n.maxValue)) out.push({ value: n.maxValue + 1, range: true })
      if (n.isInt) out.push({ value: (n.minValue ?? 0) + 0.5, range: true })
      return out
    }
    case 'string': {
      const s = schema as z.ZodString
      const out: Probe[] = [
        { value: 7, range: false },
        { value: '', range: true },
      ]
      if (s.maxLength !== null) out.push({ value: 'x'.repeat(s.maxLength + 1), range: true })
      if (def.format === 'url')
        out.push({ value: 'not a url', range: true }, { value: 'ftp://example.com', range: true })
      return out
    }
    case 'enum':
      return [
        { value: 7, range: false },
        { value: 'nope', range: true },
      ]
    case 'boolean':
      return [{ value: 'yes', range: false }]
    case 'array': {
      const element = (schema as z.ZodArray<z.ZodType>).element
      return [
        { value: 'x', range: false },
        { value: [], range: true },
        ...probes(element).map((p) => ({ value: [p.value], range: p.range })),
      ]
    }
    case 'record':
      return [
        { value: [], range: false },
        { value: { x: Number.NaN }, range: true },
      ]
    default:
      throw new Error(`no probe values for a "${def.type}" field: add a case to probes()`)
  }
}

const labParse = (method: LabMethod, input: unknown) => labApiInputs[method].safeParse(input)

describe.each(Object.entries(SECTIONS))('%s fields: the LabApi and the workspace file take the same table', (_, s) => {
  const all = leaves(s.table)

  it.each(all.map((l) => [l.path.join('.'), l] as const))(
    '%s: its default is taken by both, and read back unchanged',
    (_name, leaf) => {
      const top = fieldDefault(s.table, leaf.path[0]!)
      const value = leaf.path.length === 1 ? top : (top as Record<string, unknown>)[leaf.path[1]!]
      for (const [method, base] of s.calls) {
        const parsed = labParse(method, { ...base, ...nest(leaf, value, true) })
        expect(parsed.error?.issues ?? []).toEqual([])
      }
      const file = parseWorkspace(s.file(nest(leaf, value, false)))
      if (!file.ok) throw new Error(file.problems.join('\n'))
      const entry = s.parsed(file.workspace)
      const read = leaf.path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], entry)
      expect(read).toEqual(value)
    },
  )

  it.each(all.map((l) => [l.path.join('.'), l] as const))(
    '%s: a wrong value is refused by both, out of range in the same words',
    (_name, leaf) => {
      for (const probe of probes(leaf.schema)) {
        const problems = ((r) => (r.ok ? [] : r.problems))(parseWorkspace(s.file(nest(leaf, probe.value, false))))
        const here = problems.filter((p) => p.startsWith(`${s.at}${formatPath(leaf.path)}`))
        for (const [method, base] of s.calls) {
          const parsed = labParse(method, { ...base, ...nest(leaf, probe.value, true) })
          const issue = parsed.error?.issues[0]
          const what = `${method} ${JSON.stringify(probe.value)}`
          if (!issue) {
            // Accepted (an empty list where none is required): the file must accept it too.
            expect(probe.range, `${what}: a value of the wrong type was accepted`).toBe(true)
            expect(here, what).toEqual([])
            continue
          }
          if (probe.range) expect(here, what).toContain(`${s.at}${formatPath(issue.path)}: ${issue.message}`)
          else expect(here.length, `${what}: the file accepted it`).toBeGreaterThan(0)
        }
      }
    },
  )

  it('every field of the table is a key of both, and nothing else but identity and credential is', () => {
    const tableKeys = Object.keys(s.table).sort()
    const own = (shape: Record<string, unknown>) => Object.keys(shape).filter((k) => !s.identity.includes(k))
    for (const [method] of s.calls) {
      expect(own((labApiInputs[method] as unknown as z.ZodObject).shape).sort()).toEqual(tableKeys)
    }
    expect(own(s.fileShape()).sort()).toEqual(tableKeys)
  })
})

describe('settings: the desktop preferences', () => {
  it('DEFAULT_SETTINGS is the table: every key, every default', () => {
    expect(Object.keys(DEFAULT_SETTINGS).sort()).toEqual(Object.keys(SETTINGS_FIELDS).sort())
    expect(DEFAULT_SETTINGS).toEqual(withDefaults(SETTINGS_FIELDS, {}))
  })

  it('a file leaves out exactly the desktop preferences it does not set; the LabApi edits them like any key', () => {
    const prefs = Object.entries(SETTINGS_FIELDS)
      .filter(([, f]) => f.kind === 'field' && f.desktopPref)
      .map(([k]) => k)
    expect(prefs.sort()).toEqual(['exchangeRetention', 'https', 'jwtAlg', 'port'])
    const file = parseWorkspace({ version: 1 })
    if (!file.ok) throw new Error(file.problems.join('\n'))
    expect(Object.keys(file.workspace.settings).sort()).toEqual(
      Object.keys(SETTINGS_FIELDS)
        .filter((k) => !prefs.includes(k))
        .sort(),
    )
  })

  it('takes lockout whole in settings.update, and merges a partial lockout of a file with the defaults', () => {
    expect(labParse('settings.update', { lockout: { maxFailures: 3 } }).success).toBe(false)
    const file = parseWorkspace({ version: 1, settings: { lockout: { maxFailures: 3 } } })
    expect(file.ok && file.workspace.settings.lockout).toEqual({ ...DEFAULT_SETTINGS.lockout, maxFailures: 3 })
  })
})

describe('clients: defaults that depend on another field', () => {
  it('a public client authenticates with "none", a confidential one with its secret', () => {
    expect(withDefaults(CLIENT_FIELDS, { public: true }).authMethods).toEqual(['none'])
    expect(withDefaults(CLIENT_FIELDS, {}).authMethods).toEqual(['client_secret_basic', 'client_secret_post'])
    const file = parseWorkspace({ version: 1, clients: [{ clientId: 'spa', public: true }] })
    expect(file.ok && file.workspace.clients[0]!.authMethods).toEqual(['none'])
  })

  it('gives every record its own copy of a list default', () => {
    const a = withDefaults(CLIENT_FIELDS, {})
    a.scopes.push('mutated')
    expect(withDefaults(CLIENT_FIELDS, {}).scopes).toEqual([])
  })
})

describe('a field added to a table', () => {
  // What adding `passwordGrant` to settings-fields.ts will do: one line, and every derived form has it.
  const EXTENDED = {
    ...SETTINGS_FIELDS,
    passwordGrant: field(oneOf(['enabled', 'deprecated', 'disabled'], 'password grant mode'), 'enabled'),
  }

  it('is in the LabApi patch, in the file section and in the defaults', () => {
    const patch = z.strictObject(patchShape(EXTENDED))
    const section = z.strictObject(fileShape(EXTENDED))
    expect(patch.parse({ passwordGrant: 'deprecated' })).toEqual({ passwordGrant: 'deprecated' })
    expect(section.parse({ passwordGrant: 'disabled' })).toEqual({ passwordGrant: 'disabled' })
    const wrong = 'unknown password grant mode "off" (expected enabled, deprecated or disabled)'
    expect(patch.safeParse({ passwordGrant: 'off' }).error?.issues[0]?.message).toBe(wrong)
    expect(section.safeParse({ passwordGrant: 'off' }).error?.issues[0]?.message).toBe(wrong)
    expect(withFileDefaults(EXTENDED, {}).passwordGrant).toBe('enabled')
    expect(withDefaults(EXTENDED, {})).toEqual({ ...DEFAULT_SETTINGS, passwordGrant: 'enabled' })
  })
})

describe("messages in the user's words", () => {
  /** What the lab answers a bad call with (the bridge's words) and what an import says of the same value. */
  async function bothSay(method: LabMethod, input: Record<string, unknown>, file: unknown) {
    const lab = await dispatchLabCall({} as LabHandlers, method, input)
    const imported = parseWorkspace(file)
    return {
      lab: lab.ok ? [] : (lab.error.details ?? []),
      file: imported.ok ? [] : imported.problems,
    }
  }

  it('an empty client id is one complaint with an example, the same in a form and in an import', async () => {
    const said = await bothSay(
      'clients.create',
      { clientId: '' },
      { version: 1, clients: [{ clientId: '', public: true }] },
    )
    expect(said.lab).toEqual(['clientId: must not be empty, e.g. my-app'])
    expect(said.file).toEqual(['clients[0].clientId: must not be empty, e.g. my-app'])
  })

  it('names the rule and gives an example for a value that breaks it (RFC 6749 Appendix A)', async () => {
    const said = await bothSay(
      'users.create',
      { username: 'a\nb', password: 'p' },
      { version: 1, users: [{ username: 'a\nb', password: 'p' }] },
    )
    expect(said.lab).toEqual(['username: no CR or LF (RFC 6749 Appendix A), e.g. alice'])
    expect(said.file).toEqual(['users[0].username: no CR or LF (RFC 6749 Appendix A), e.g. alice'])
  })

  it('never shows zod\'s developer wording ("Too small", "Invalid input") for a LabApi call', async () => {
    const probes: Array<[LabMethod, Record<string, unknown>]> = [
      ['clients.create', { clientId: '', scopes: [''], grantTypes: [] }],
      ['users.create', { username: '', password: '' }],
      ['settings.update', { bcryptCost: 'ten', audience: '' }],
      ['scopes.create', { name: '' }],
    ]
    for (const [method, input] of probes) {
      const r = await dispatchLabCall({} as LabHandlers, method, input)
      const details = r.ok ? [] : (r.error.details ?? [])
      expect(details.length, method).toBeGreaterThan(0)
      for (const d of details) expect(d, method).not.toMatch(/Too small|Too big|Invalid input|Invalid string/)
    }
  })
})
