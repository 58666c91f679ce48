// The fault editor's form state: one draft per rule, every field as typed (numbers as text), turned
// into the rule the workspace file holds and checked by the one schema (shared/fault-rules.ts), so each
// message appears next to its field with the same words and path as an import would use
// (`faults[1].effect.status: must be an integer between 400 and 599`).
import {
  FAULT_EFFECT_TYPES,
  FAULT_EFFECTS,
  parseFaultRules,
  type EffectField,
  type FaultEffect,
  type FaultEffectType,
  type FaultEndpoint,
  type FaultRule,
} from '../../../shared/fault-rules'

export type TriggerKind = 'times' | 'percent' | 'always'

/**
 * The effects' fields as typed (shared/fault-effects.ts lists them), by key: one text for a key that
 * several effects have (`status`, `headers`), so switching between them keeps what was typed.
 */
export type EffectTexts = Record<string, string>

export interface FaultRuleDraft {
  /** Stable React key: rules move. */
  key: number
  name: string
  enabled: boolean
  endpoint: '' | FaultEndpoint
  clientId: string
  username: string
  grantType: string
  trigger: TriggerKind
  times: string
  percent: string
  seed: string
  effect: FaultEffectType
  /** Kept for every effect, so switching the effect back and forth loses nothing typed. */
  params: EffectTexts
}

let nextKey = 1

/** Each key's initial text, from the first effect that has it. */
function initialTexts(): EffectTexts {
  const out: EffectTexts = {}
  for (const type of FAULT_EFFECT_TYPES) for (const f of FAULT_EFFECTS[type].fields) out[f.key] ??= f.initial
  return out
}

const BLANK: Omit<FaultRuleDraft, 'key' | 'name' | 'params'> = {
  enabled: true,
  endpoint: 'token',
  clientId: '',
  username: '',
  grantType: '',
  trigger: 'times',
  times: '1',
  percent: '50',
  seed: '1',
  effect: 'error',
}

/** A new rule that is valid as it comes: the next token request answered 503. */
export function newDraft(existingNames: readonly string[]): FaultRuleDraft {
  let n = existingNames.length + 1
  while (existingNames.includes(`rule ${n}`)) n++
  return { ...BLANK, key: nextKey++, name: `rule ${n}`, params: initialTexts() }
}

const text = (v: number | undefined): string => (v === undefined ? '' : String(v))

/** One field's value as the editor shows it. */
function showField(field: EffectField, value: unknown): string {
  if (value === undefined) return ''
  if (field.kind === 'headers')
    return Object.entries(value as Record<string, string>)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')
  return String(value)
}

export function draftFromRule(rule: FaultRule): FaultRuleDraft {
  const d: FaultRuleDraft = {
    ...BLANK,
    key: nextKey++,
    name: rule.name,
    enabled: rule.enabled,
    endpoint: rule.match.endpoint ?? '',
    clientId: rule.match.clientId ?? '',
    username: rule.match.username ?? '',
    grantType: rule.match.grantType ?? '',
    effect: rule.effect.type,
    params: initialTexts(),
  }
  const t = rule.trigger
  if ('times' in t) Object.assign(d, { trigger: 'times', times: text(t.times) })
  else if ('percent' in t) Object.assign(d, { trigger: 'percent', percent: text(t.percent), seed: text(t.seed) })
  else d.trigger = 'always'
  const effect = rule.effect as FaultEffect & Record<string, unknown>
  for (const f of FAULT_EFFECTS[effect.type].fields) d.params[f.key] = showField(f, effect[f.key])
  return d
}

/** A number as typed: empty is absent, digits a number, anything else stays text (the schema says what it expected). */
function num(s: string): number | string | undefined {
  const t = s.trim()
  if (t === '') return undefined
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t
}

/** `Name: value` lines; a line without a colon is a name without a value, which the schema refuses by name. */
function headersOf(s: string): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const line of s.split('\n')) {
    if (line.trim() === '') continue
    const at = line.indexOf(':')
    if (at === -1) out[line.trim()] = ''
    else out[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return Object.keys(out).length ? out : undefined
}

/** Leaves out what is absent, as a file written by hand would. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}

/** One field as the rule holds it: unchecked, `parseFaultRules` judges it. */
function readField(field: EffectField, typed: string): unknown {
  if (field.kind === 'number') return num(typed)
  if (field.kind === 'headers') return headersOf(typed)
  return field.optional && typed === '' ? undefined : typed
}

function effectOf(d: FaultRuleDraft): Record<string, unknown> {
  const fields = FAULT_EFFECTS[d.effect].fields.map((f) => [f.key, readField(f, d.params[f.key] ?? '')] as const)
  return defined({ type: d.effect, ...Object.fromEntries(fields) })
}

/** The rule as the workspace file writes it (unchecked: `parseFaultRules` judges it). */
export function ruleFromDraft(d: FaultRuleDraft): Record<string, unknown> {
  const trigger =
    d.trigger === 'times'
      ? defined({ times: num(d.times) })
      : d.trigger === 'percent'
        ? defined({ percent: num(d.percent), seed: num(d.seed) })
        : { always: true }
  return {
    name: d.name,
    enabled: d.enabled,
    match: defined({
      endpoint: d.endpoint || undefined,
      clientId: d.clientId || undefined,
      username: d.username || undefined,
      grantType: d.grantType || undefined,
    }),
    trigger,
    effect: effectOf(d),
  }
}

export interface DraftCheck {
  rules: Record<string, unknown>[]
  /** `faults[1].effect.status: …` lines; empty when the list is valid. */
  problems: string[]
}

export function checkDrafts(drafts: readonly FaultRuleDraft[]): DraftCheck {
  const rules = drafts.map(ruleFromDraft)
  const parsed = parseFaultRules(rules)
  return { rules, problems: parsed.ok ? [] : parsed.problems }
}

/** A problem line split into its path and its message. */
function split(problem: string): [path: string, message: string] {
  // A path has no ": " (header names in it are tokens, RFC 9110 §5.6.2), so the first one ends it.
  const at = problem.indexOf(': ')
  return at === -1 ? [problem, ''] : [problem.slice(0, at), problem.slice(at + 2)]
}

/**
 * Hands each problem to the first field that asks for it, so none is shown twice and what no field
 * claims is shown above the rule or the list.
 */
export class ProblemClaims {
  readonly #lines: Array<{ path: string; message: string; claimed: boolean }>

  constructor(problems: readonly string[]) {
    this.#lines = problems.map((p) => {
      const [path, message] = split(p)
      return { path, message, claimed: false }
    })
  }

  /** The messages at `path` (and, with `below`, under it: `headers["X"]`). */
  claim(path: string, below = false): string[] {
    const out: string[] = []
    for (const l of this.#lines) {
      if (l.claimed) continue
      const under = below && l.path.startsWith(path) && /^[.[]/.test(l.path.slice(path.length))
      if (l.path === path || under) {
        l.claimed = true
        out.push(l.message)
      }
    }
    return out
  }

  /** What is left under `prefix` (every line when empty), with its path. */
  rest(prefix = ''): string[] {
    const out: string[] = []
    for (const l of this.#lines) {
      if (l.claimed || !l.path.startsWith(prefix)) continue
      l.claimed = true
      out.push(`${l.path}: ${l.message}`)
    }
    return out
  }
}
