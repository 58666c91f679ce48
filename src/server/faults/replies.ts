// The answers of the two effects that replace the server's answer. Pure: the HTTP layer writes them
// (and adds Content-Length) like any other reply.
import type { HeaderList } from '../../shared/exchange'
import type { FaultEffectOf, FaultHeaders } from '../../shared/fault-effects'
import type { Reply } from '../oauth/reply'

type ErrorEffect = FaultEffectOf<'error'>
type BodyEffect = FaultEffectOf<'body'>

/** The rule's headers replace defaults of the same name (header names are case-insensitive, RFC 9110 §5.1). */
function withHeaders(defaults: HeaderList, extra: FaultHeaders | undefined): HeaderList {
  if (!extra) return defaults
  const names = new Set(Object.keys(extra).map((n) => n.toLowerCase()))
  return [...defaults.filter(([n]) => !names.has(n.toLowerCase())), ...Object.entries(extra)]
}

/**
 * RFC 6749 §5.2: exactly `{ error, error_description? }` as JSON, with `Cache-Control: no-store`
 * (and `Pragma: no-cache`, as the server's own errors). Nothing is added that the rule did not ask for —
 * not even `WWW-Authenticate` on a 401 — so a client can be tested against a server that forgets it.
 */
export function errorEffectReply(effect: ErrorEffect): Reply {
  const body =
    effect.description === undefined
      ? { error: effect.error }
      : { error: effect.error, error_description: effect.description }
  const headers: HeaderList = [
    ['Content-Type', 'application/json'],
    ['Cache-Control', 'no-store'],
    ['Pragma', 'no-cache'],
  ]
  return { status: effect.status, headers: withHeaders(headers, effect.headers), body: JSON.stringify(body) }
}

/** The body exactly as written in the rule, with its Content-Type. */
export function bodyEffectReply(effect: BodyEffect): Reply {
  return {
    status: effect.status,
    headers: withHeaders([['Content-Type', effect.contentType]], effect.headers),
    body: effect.body,
  }
}
