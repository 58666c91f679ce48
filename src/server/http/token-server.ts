// The embedded token server: node:http on the address the lab gives (127.0.0.1), composed from
// the store, the bcrypt pool and the modules under oauth/ and tokens/.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { SecretVerificationCache } from '../credentials/secret-cache'
import { GroupCommit } from '../group-commit'
import { DummyHashes } from '../oauth/dummy-hashes'
import type { ServerServices } from '../services'
import type { ListenAddress, TokenServer, TokenServerDeps } from '../token-server-types'
import { SigningKeys } from '../tokens/signing-keys'
import { TokenService } from '../tokens/token-service'
import { ExchangeRecorder } from './exchange-recorder'
import { handleRequest } from './handle-request'
import { uuidv7 } from './uuidv7'

/** Slow-loris protection: the headers within 10 s, the whole request within 30 s. */
const HEADERS_TIMEOUT_MS = 10_000
const REQUEST_TIMEOUT_MS = 30_000
const KEEP_ALIVE_TIMEOUT_MS = 5_000
/** In-flight requests get this long to finish on close() before their connections are cut. */
const CLOSE_GRACE_MS = 2_000
/** Digests of tokens expired for a day serve nothing (not even introspection's "active": false). */
const TOKEN_PRUNE_INTERVAL_MS = 10 * 60_000

function baseUrlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

export function createTokenServer(deps: TokenServerDeps): TokenServer {
  const { store, hashPool } = deps
  const now = deps.now ?? Date.now
  const secretCache = new SecretVerificationCache()
  const keys = new SigningKeys(store, now)
  const writes = new GroupCommit(store.db)
  const recorder = new ExchangeRecorder(store, writes)
  let server: http.Server | null = null
  let address: ListenAddress | null = null
  let pruneTimer: NodeJS.Timeout | null = null

  const issuer = (): string => {
    const configured = store.settings.get().issuer
    if (configured) return configured
    if (address) return address.baseUrl
    throw new Error('the token server is not listening and no issuer is configured')
  }

  const svc: ServerServices = {
    store,
    hashPool,
    secretCache,
    dummy: new DummyHashes(hashPool),
    keys,
    tokens: new TokenService({ store, keys, writes, now, issuer }),
    writes,
    now,
    issuer,
  }
  const handlerDeps = { svc, recorder, newId: uuidv7 }

  async function listen(host: string, port: number): Promise<ListenAddress> {
    if (server) throw new Error(`the token server is already listening on ${address?.baseUrl ?? '?'}`)
    const settings = store.settings.get()
    // The signing key is made on first start, and the dummy hash for the configured
    // cost too, so neither is paid by the first request.
    await Promise.all([keys.active(settings.jwtAlg), svc.dummy.prepare(settings.bcryptCost)])

    const srv = http.createServer(
      { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
      (req, res) => {
        handleRequest(req, res, handlerDeps).catch((err: unknown) => {
          // Not reachable through the catch point; a last resort that still answers without details.
          console.error(
            `ropc-lab: request failed outside the catch point: ${err instanceof Error ? err.message : String(err)}`,
          )
          if (!res.headersSent) {
            res.writeHead(500, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
            res.end(
              JSON.stringify({
                error: 'server_error',
                error_description: 'The server encountered an unexpected condition.',
              }),
            )
          } else {
            res.destroy()
          }
        })
      },
    )
    srv.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject)
      srv.listen(port, host, () => {
        srv.off('error', reject)
        resolve()
      })
    })
    const bound = srv.address() as AddressInfo
    const pruneTokens = (): void => {
      try {
        writes.write(() => store.tokens.pruneExpired(now()))
      } catch {
        // Housekeeping only; the next round tries again.
      }
    }
    pruneTokens()
    pruneTimer = setInterval(pruneTokens, TOKEN_PRUNE_INTERVAL_MS)
    pruneTimer.unref()
    server = srv
    address = { host, port: bound.port, baseUrl: baseUrlOf(host, bound.port) }
    return address
  }

  async function close(): Promise<void> {
    const srv = server
    if (!srv) return
    server = null
    address = null
    if (pruneTimer) clearInterval(pruneTimer)
    pruneTimer = null
    recorder.cancelWaits()
    await new Promise<void>((resolve) => {
      const cut = setTimeout(() => srv.closeAllConnections(), CLOSE_GRACE_MS)
      srv.close(() => {
        clearTimeout(cut)
        resolve()
      })
      srv.closeIdleConnections()
    })
  }

  return {
    listen,
    close,
    get address() {
      return address
    },
    issuer,
    onExchange: (listener) => recorder.onExchange(listener),
    revealed: (id) => recorder.revealed(id),
    awaitComposerExchange: () => recorder.awaitComposerExchange(),
    jwks: async () => keys.jwks(),
    forgetClient: (clientId) => secretCache.forget(clientId),
  }
}
