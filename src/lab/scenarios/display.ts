// How expected and actual values read in a report — without ever printing an issued token, a
// secret or a password (architecture.md: never log one), whichever reporter writes the report.
import { isCredentialHeader, SECRET_PARAMS } from '../../shared/masking'
import { escapeRegex, regexLiteral } from '../../shared/scenarios/index'

/** Headers whose values are credentials (the exchange log masks the first two as well). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])
/** Variables that hold a credential or a token, by name (clientSecret, password, accessToken, …). */
const SENSITIVE_NAME = /secret|password|token/i
const MAX_SHOWN = 200

/** A body member, form parameter or header whose value is a credential or an issued token. */
export function isSensitiveKey(key: string): boolean {
  const name = key.toLowerCase()
  return SECRET_PARAMS.has(name) || name === 'issued_token' || CREDENTIAL_HEADERS.has(name)
}

/** A header whose value is a credential: the ones above, and any named like one (X-Api-Key, X-Auth-Token). */
export function isSensitiveHeader(name: string): boolean {
  return isSensitiveKey(name) || isCredentialHeader(name.toLowerCase())
}

export function isSensitiveVariable(name: string): boolean {
  return SENSITIVE_NAME.test(name)
}

function truncate(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} characters)` : text
}

/** A value as JSON (strings quoted), masked when `key` names a credential or a token (or `sensitive` says so). */
export function shown(value: unknown, key?: string, sensitive = key !== undefined && isSensitiveKey(key)): string {
  if (value === undefined) return 'absent'
  if (sensitive && typeof value === 'string') return `a string of ${value.length} characters (masked)`
  return truncate(JSON.stringify(value) ?? String(value))
}

/** An expected value: a `/regex/` as written, anything else as JSON. */
export function shownExpected(value: unknown): string {
  if (typeof value === 'string' && regexLiteral(value)) return truncate(value)
  return shown(value)
}

/**
 * Replaces every occurrence of a sensitive variable's value (as is, and escaped as it appears inside a
 * substituted /regex/) with its `{{name}}`, so a report says what was expected without the secret.
 */
export function redactor(secrets: ReadonlyMap<string, string>): (text: string) => string {
  const pairs = [...secrets]
    .filter(([, value]) => value.length >= 4)
    .flatMap(([name, value]) => [
      [value, `{{${name}}}`],
      [escapeRegex(value), `{{${name}}}`],
    ])
    .sort((a, b) => b[0]!.length - a[0]!.length)
  return (text) => pairs.reduce((t, [value, name]) => t.split(value!).join(name!), text)
}
