// What went wrong on the wire, said as what happened: nothing listening, the connection closed after
// the request was sent, no answer in time, a name that does not resolve. Node reports these as error
// codes on the error or its cause (undici wraps them).
import { maxHeaderSize } from 'node:http'

/** The error code of a network failure, looking through `cause` (fetch wraps the socket error). */
function codeOf(err: unknown): string | undefined {
  let e: unknown = err
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

function messageOf(err: unknown): string {
  const cause = (err as { cause?: { message?: unknown } } | null)?.cause
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message
  return err instanceof Error ? err.message : String(err)
}

/** One line: what happened to a request that got no HTTP answer. */
export function describeConnectionError(err: unknown, timeoutMs?: number): string {
  const code = codeOf(err)
  const name = err instanceof Error ? err.name : ''
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return timeoutMs === undefined ? 'no answer in time' : `no complete answer within ${timeoutMs / 1000} s`
  }
  if (code === 'ECONNREFUSED') return 'nothing is listening there (connection refused, ECONNREFUSED)'
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || /socket hang up|other side closed/i.test(messageOf(err))) {
    return `the connection was closed after the request was sent, before a complete answer (${code ?? 'socket hang up'})`
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name does not resolve (${code})`
  // An https:// URL to a plain-HTTP port: OpenSSL reads the HTTP answer as a TLS record.
  if (code === 'EPROTO' || /wrong version number|packet length too long|unknown protocol/i.test(messageOf(err))) {
    return `the TLS handshake failed: the server does not speak TLS on that port (is it http://?) (${code ?? 'EPROTO'})`
  }
  if (code !== undefined && /CERT|VERIFY|SIGNATURE|ISSUER/.test(code)) {
    return `the TLS handshake failed: the server's certificate is not trusted here (${code})`
  }
  if (code !== undefined && /SSL|TLS/.test(code)) return `the TLS handshake failed (${code})`
  // llhttp's codes (HPE_*): an answer was read, but it is not one node accepts as HTTP/1.1.
  if (code === 'HPE_HEADER_OVERFLOW') {
    return `the answer's headers are larger than ${maxHeaderSize / 1024} KiB (HPE_HEADER_OVERFLOW)`
  }
  if (code?.startsWith('HPE_')) return `the answer is not valid HTTP/1.1 (${code})`
  return code ?? messageOf(err)
}
