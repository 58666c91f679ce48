// The password grant's mode at request time (rfc-checklist.md "Deprecating the grant"): the
// client's own mode, else the server-wide one. Disabled answers as an OAuth 2.1 server that never
// had the grant; deprecated still grants, and says so with RFC 9745 and RFC 8594 headers.
import type { Finding, HeaderList } from '../../../shared/exchange'
import { formatImfFixdate, parseImfFixdate } from '../../../shared/http-date'
import { effectivePasswordGrant, type EffectivePasswordGrant } from '../../../shared/password-grant'
import type { ClientRecord } from '../../../store/index'
import type { ServerServices } from '../../services'
import type { ClientCredentials } from '../client-auth'
import { createFinding } from '../../../shared/findings/catalogue'
import type { Trace } from '../trace'

/** The finding of a deprecated password grant that succeeded (catalogue: password_grant_deprecated). */
export function passwordGrantDeprecatedFinding(
  clientId: string,
  from: EffectivePasswordGrant['from'],
  sunset: string | null,
): Finding {
  return createFinding(
    'password_grant_deprecated',
    `Client "${clientId}" used the password grant, which this server has deprecated ` +
      `${from === 'client' ? 'for this client' : 'for every client'}` +
      `${sunset === null ? '' : ` and will stop answering after ${sunset}`}. RFC 9700 §2.4: the grant MUST NOT ` +
      `be used; the answer said so in its Deprecation${sunset === null ? '' : ' and Sunset'} headers.`,
  )
}

/**
 * The client a request names, looked up without a hash (RFC 6749 §2.2: a client id is not a
 * secret), so a disabled grant is refused before authentication, as an unknown grant is.
 */
function namedClient(svc: ServerServices, creds: ClientCredentials): ClientRecord | null {
  if (creds.method !== 'client_secret_basic') return svc.store.clients.get(creds.clientId)
  // RFC 6749 §2.3.1: the form-decoded id is the one that counts; the raw one as client-auth tries it.
  for (const id of [creds.basic.decoded?.id, creds.basic.raw.id]) {
    const client = id === undefined ? null : svc.store.clients.get(id)
    if (client) return client
  }
  return null
}

function whose(mode: EffectivePasswordGrant, clientId: string | undefined): string {
  return mode.from === 'client'
    ? `for client "${clientId}" (its passwordGrant = "${mode.mode}")`
    : `server-wide (settings.passwordGrant = "${mode.mode}")`
}

/**
 * Why the password grant is refused for this request, or null when it is not disabled. The
 * caller answers unsupported_grant_type exactly as for a grant type the server does not know.
 */
export function passwordGrantDisabled(svc: ServerServices, creds: ClientCredentials): string | null {
  const client = namedClient(svc, creds)
  const mode = effectivePasswordGrant(client, svc.store.settings.get())
  if (mode.mode !== 'disabled') return null
  return (
    `the password grant is disabled ${whose(mode, client?.clientId)}: answered as an OAuth 2.1 server ` +
    'that never had it, before client authentication and without a hash'
  )
}

/**
 * RFC 9745 §2: the moment the deprecation started. Recorded by the lab when a mode becomes
 * deprecated; a store seeded another way gets it on the first deprecated answer, kept from then on.
 */
function deprecatedSince(svc: ServerServices): number {
  const recorded = svc.store.settings.get().passwordGrantDeprecatedAt
  const at = recorded === null ? null : parseImfFixdate(recorded)
  if (at !== null) return at
  const now = formatImfFixdate(svc.now())
  svc.writes.write(() => svc.store.settings.update({ passwordGrantDeprecatedAt: now }))
  return parseImfFixdate(now)!
}

/**
 * A successful password grant in deprecated mode: the headers it carries (RFC 9745 §2
 * `Deprecation: @<unix-seconds>`, RFC 8594 §3 `Sunset` when a date is set, RFC 9745 §3
 * `Link: <url>; rel="deprecation"`), a trace step and the finding. None in the other modes.
 */
export function deprecationHeaders(svc: ServerServices, client: ClientRecord, trace: Trace): HeaderList {
  const settings = svc.store.settings.get()
  const mode = effectivePasswordGrant(client, settings)
  if (mode.mode !== 'deprecated') return []
  const since = deprecatedSince(svc)
  const sunset = settings.passwordGrantSunset
  const link = settings.passwordGrantDeprecationLink
  const headers: HeaderList = [['Deprecation', `@${Math.floor(since / 1000)}`]]
  if (sunset !== null) headers.push(['Sunset', sunset])
  headers.push(['Link', `<${link}>; rel="deprecation"`])
  trace.info(
    'grant.deprecated',
    `the password grant is deprecated ${whose(mode, client.clientId)} since ${formatImfFixdate(since)}` +
      `${sunset === null ? ', no sunset date' : `, sunset ${sunset}`}: granted, with Deprecation (RFC 9745), ` +
      `${sunset === null ? '' : 'Sunset (RFC 8594), '}and Link to ${link}`,
  )
  trace.finding(passwordGrantDeprecatedFinding(client.clientId, mode.from, sunset))
  return headers
}
