// RFC 6749 §3.3: scope is a list of space-delimited, case-sensitive strings.
import type { ClientRecord, Store } from '../../store/index'
import { OAuthError } from './errors'
import { findings } from './findings'
import type { Trace } from './trace'

// scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/

/** Parses the `scope` parameter: null when omitted (empty counts as omitted, §3.2). */
export function parseScope(raw: string | undefined): string[] | null {
  if (raw === undefined) return null
  const tokens = raw.split(' ')
  if (tokens.some((t) => t === '')) {
    throw new OAuthError(
      'invalid_scope',
      'The scope must be scope tokens separated by single spaces (RFC 6749 section 3.3).',
    )
  }
  for (const t of tokens) {
    if (!SCOPE_TOKEN.test(t)) {
      throw new OAuthError('invalid_scope', 'A scope token contains a character RFC 6749 section 3.3 does not allow.')
    }
  }
  return [...new Set(tokens)]
}

export function formatScope(scopes: readonly string[]): string {
  return scopes.join(' ')
}

export function splitScope(scope: string): string[] {
  return scope === '' ? [] : scope.split(' ')
}

/** The client's defaults: its own list, else those of its allowed scopes marked default. */
export function defaultScopes(store: Store, client: ClientRecord): string[] {
  if (client.defaultScopes !== null) return client.defaultScopes
  return client.scopes.filter((s) => store.scopes.get(s)?.default === true)
}

/**
 * The scope granted to a password grant: the requested one when every token is known and
 * allowed for the client, the client's defaults when omitted; otherwise invalid_scope.
 */
export function resolveScope(store: Store, client: ClientRecord, requested: string[] | null, trace: Trace): string[] {
  if (requested === null) {
    const defaults = defaultScopes(store, client)
    trace.ok('scope.resolve', `scope omitted: the client's defaults "${formatScope(defaults)}"`)
    return defaults
  }
  for (const s of requested) {
    if (store.scopes.get(s) === null) {
      trace.fail('scope.resolve', `unknown scope "${s}"`)
      const unknown = requested.filter((t) => store.scopes.get(t) === null)
      trace.finding(findings.unknownScope(unknown, client.scopes))
      throw new OAuthError('invalid_scope', `Unknown scope '${s}'.`)
    }
    if (!client.scopes.includes(s)) {
      trace.fail('scope.resolve', `scope "${s}" is not allowed for client "${client.clientId}"`)
      throw new OAuthError('invalid_scope', `The scope '${s}' is not allowed for this client.`)
    }
  }
  trace.ok('scope.resolve', `granted as requested: "${formatScope(requested)}"`)
  return requested
}

/** RFC 6749 §6: a refresh may narrow the original scope, never widen it; omitted = original. */
export function narrowScope(original: string[], requested: string[] | null, trace: Trace): string[] {
  if (requested === null) {
    trace.ok('scope.resolve', `scope omitted: the original "${formatScope(original)}"`)
    return original
  }
  for (const s of requested) {
    if (!original.includes(s)) {
      trace.fail('scope.resolve', `"${s}" was not in the original scope "${formatScope(original)}"`)
      const extra = requested.filter((t) => !original.includes(t))
      trace.finding(findings.scopeWidenedOnRefresh(extra, formatScope(original)))
      throw new OAuthError('invalid_scope', `The scope '${s}' exceeds the scope originally granted.`)
    }
  }
  trace.ok('scope.resolve', `narrowed to "${formatScope(requested)}" (original "${formatScope(original)}")`)
  return requested
}
