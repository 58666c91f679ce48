// Loop detection for the recording proxy. Every relayed request carries a `Via` entry naming this
// proxy by a pseudonym (RFC 9110 §7.6.3: "received-by" may be a pseudonym), so a request that comes
// back to the proxy that sent it — an upstream that is the proxy itself under another name, or two
// proxies pointed at each other — is recognised and answered 508 (RFC 5842 §7.2) instead of relayed
// again. A chain of more than MAX_VIA_HOPS proxies is cut the same way.
import { randomBytes } from 'node:crypto'
import type { HeaderList } from '../../shared/exchange'
import { MAX_VIA_HOPS } from '../../shared/limits'

export const newProxyId = (): string => `ropc-lab-${randomBytes(6).toString('hex')}`

/** This proxy's Via entry: protocol version and its pseudonym. */
export const viaEntry = (id: string): string => `1.1 ${id}`

/** Each Via entry's received-by (its second token), across every Via field (RFC 9110 §5.3: one list). */
function receivedBy(headers: HeaderList): string[] {
  return headers
    .filter(([k]) => k.toLowerCase() === 'via')
    .flatMap(([, v]) => v.split(','))
    .map((entry) => entry.trim().split(/\s+/)[1] ?? '')
}

export type LoopCheck = { kind: 'none' } | { kind: 'own'; id: string } | { kind: 'too_many'; hops: number }

/** Whether a request (or an answer) already went through this proxy, or through too many. */
export function checkLoop(headers: HeaderList, id: string): LoopCheck {
  const hops = receivedBy(headers)
  if (hops.includes(id)) return { kind: 'own', id }
  if (hops.length >= MAX_VIA_HOPS) return { kind: 'too_many', hops: hops.length }
  return { kind: 'none' }
}

/** The proxy's own answer to a request that looped back to it. */
export function loopAnswer(check: Exclude<LoopCheck, { kind: 'none' }>, id: string) {
  const description =
    check.kind === 'own'
      ? 'ROPC Lab proxy: this request already went through this proxy (its Via header says so): the upstream ' +
        'leads back to the proxy itself. Point the proxy at the real server.'
      : `ROPC Lab proxy: this request already went through ${check.hops} proxies (its Via header): refused as a loop.`
  const body = Buffer.from(JSON.stringify({ error: 'proxy_loop', error_description: description }))
  const headers: HeaderList = [
    ['Content-Type', 'application/json'],
    ['Cache-Control', 'no-store'],
    // RFC 9110 §7.6.3: an answer names the proxies it went through, so the sender sees it was its own.
    ['Via', viaEntry(id)],
  ]
  return { status: 508, headers, body }
}
