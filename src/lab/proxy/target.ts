// Where a relayed request goes: the upstream's origin and nowhere else. The request-target is read by
// RFC 9112 §3.2 and never resolved as a URL reference against the upstream (a reference such as
// `//other:80/x` or `/\other/x` would name another host), and the proxy refuses an upstream that is
// its own listening address, which would relay every request back to itself.
import { isIP } from 'node:net'

export type RelayTargetResult =
  /** `path`: the origin-form target to send, byte for byte as received (RFC 9110 §7.6: relayed unchanged). */
  { kind: 'ok'; url: URL; path: string } | { kind: 'refused'; reason: string }

/**
 * The upstream URL for a request-target. Origin-form (RFC 9112 §3.2.1) keeps its path and query on the
 * upstream origin, even when the path starts with `//` or holds `\`. Absolute-form (§3.2.2) is taken
 * only when it already names the upstream's origin; authority-form and asterisk-form are refused.
 */
export function upstreamUrlFor(target: string, upstreamOrigin: string): RelayTargetResult {
  if (target.startsWith('/')) {
    // Appended to the origin, never resolved against it: the host part is fixed before the path.
    let url: URL
    try {
      url = new URL(`${upstreamOrigin}${target}`)
    } catch {
      return { kind: 'refused', reason: 'the request-target is not a valid path' }
    }
    // Belt and braces: whatever the parser made of the path, the host is the upstream's.
    if (url.origin !== upstreamOrigin) return { kind: 'refused', reason: 'the request-target names another host' }
    return { kind: 'ok', url, path: target }
  }
  let absolute: URL
  try {
    absolute = new URL(target)
  } catch {
    return { kind: 'refused', reason: 'the request-target is neither a path nor an absolute URL (RFC 9112 §3.2)' }
  }
  if (absolute.origin !== upstreamOrigin) {
    return { kind: 'refused', reason: `this proxy relays only to ${upstreamOrigin}, not to ${absolute.origin}` }
  }
  // Userinfo is not relayed: node would turn it into an Authorization header the client never sent.
  absolute.username = ''
  absolute.password = ''
  return { kind: 'ok', url: absolute, path: `${absolute.pathname}${absolute.search}` }
}

/**
 * An IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2) as the IPv4 address it reaches: the URL parser
 * writes `[::ffff:127.0.0.1]` as `[::ffff:7f00:1]`, and a connection to it lands on 127.0.0.1.
 */
function unmapped(host: string): string {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
  if (dotted && isIP(host) === 6) return dotted[1]!
  const m = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host)
  if (!m || isIP(host) !== 6) return host
  const [hi, lo] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16)]
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.')
}

/** A host name lower-cased, without IPv6 brackets or a final dot, an IPv4-mapped address as IPv4. */
const bare = (hostname: string): string =>
  unmapped(
    hostname
      .toLowerCase()
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, ''),
  )

/** A name or address (bare) that reaches this very machine: loopback, wildcard or `localhost`. */
function isLocalHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || host === '0.0.0.0' || host === '::') return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1' || host.startsWith('::ffff:127.')
  return false
}

/** True when `upstream` is the proxy's own listening address (host and port), in any of its spellings. */
export function pointsAtItself(upstream: string, listenHost: string, listenPort: number): boolean {
  let url: URL
  try {
    url = new URL(upstream)
  } catch {
    return false
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
  if (port !== listenPort) return false
  const listen = bare(listenHost)
  const host = bare(url.hostname)
  if (host === listen) return true
  // A wildcard listener answers on every local address; `localhost` names the loopback ones.
  if (listen === '0.0.0.0' || listen === '::') return isLocalHost(host)
  // Connecting to the unspecified address reaches this machine's loopback.
  if (host === '0.0.0.0' || host === '::') return isLocalHost(listen)
  const loopbackName = (h: string) => h === 'localhost' || h.endsWith('.localhost')
  return (loopbackName(host) && isLocalHost(listen)) || (loopbackName(listen) && isLocalHost(host))
}
