// The token server's composition root: the store, the bcrypt pool, the OAuth services, the exchange
// pipeline and the HTTP listener, composed once per server. The HTTP adapter (http/) only listens,
// parses and writes.
import { SecretVerificationCache } from './credentials/secret-cache'
import { ExchangePipeline } from './exchanges/exchange-pipeline'
import { FaultEngine } from './faults/index'
import { GroupCommit } from './group-commit'
import { listenHttp, type HttpListener } from './http/http-listener'
import { DummyHashes, dummyCost } from './credentials/dummy-hashes'
import { RequestMemory } from './request-memory'
import { TotpVerifier } from './credentials/totp'
import { WayOutState } from './way-out-state'
import type { ServerServices } from './services'
import { certificatePem, ensureCertificate, httpsServerOptions } from './tls/index'
import type { ListenAddress, ListenOptions, TokenServer, TokenServerDeps } from './token-server-types'
import { SigningKeys } from './tokens/signing-keys'
import { TokenService } from './tokens/token-service'

/** Digests of tokens expired for a day serve nothing (not even introspection's "active": false). */
const TOKEN_PRUNE_INTERVAL_MS = 10 * 60_000

export function createTokenServer(deps: TokenServerDeps): TokenServer {
  const { store, hashPool } = deps
  const now = deps.now ?? Date.now
  const secretCache = new SecretVerificationCache()
  const keys = new SigningKeys(store, now)
  const writes = new GroupCommit(store.db)
  const pipeline = new ExchangePipeline(store, writes)
  const faults = new FaultEngine()
  let listener: HttpListener | null = null
  let pruneTimer: NodeJS.Timeout | null = null

  const issuer = (): string => {
    const configured = store.settings.get().issuer
    if (configured) return configured
    if (listener) return listener.address.baseUrl
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
    memory: new RequestMemory(),
    wayOut: new WayOutState(),
    totp: new TotpVerifier(),
    now,
    issuer,
  }

  const pruneTokens = (): void => {
    try {
      writes.write(() => store.tokens.pruneExpired(now()))
    } catch {
      // Housekeeping only; the next round tries again.
    }
  }

  async function listen(host: string, port: number, options: ListenOptions = {}): Promise<ListenAddress> {
    if (listener) throw new Error(`the token server is already listening on ${listener.address.baseUrl}`)
    const settings = store.settings.get()
    // The signing key is made on first start, and the dummy hash for the configured cost too, so
    // neither is paid by the first request.
    const [tls] = await Promise.all([
      options.https ? ensureCertificate(store).then(httpsServerOptions) : undefined,
      keys.active(settings.jwtAlg),
      svc.dummy.prepare(settings.bcryptCost),
      svc.dummy.prepare(dummyCost(store.users.commonHashPrefix(), settings.bcryptCost)),
      svc.dummy.prepare(dummyCost(store.clients.commonHashPrefix(), settings.bcryptCost)),
    ])
    listener = await listenHttp(host, port, { svc, pipeline, faults }, tls)
    pruneTokens()
    pruneTimer = setInterval(pruneTokens, TOKEN_PRUNE_INTERVAL_MS)
    pruneTimer.unref()
    return listener.address
  }

  async function close(): Promise<void> {
    const current = listener
    if (!current) return
    listener = null
    if (pruneTimer) clearInterval(pruneTimer)
    pruneTimer = null
    pipeline.senders.cancelAll()
    await current.close()
  }

  return {
    listen,
    close,
    get address() {
      return listener?.address ?? null
    },
    issuer,
    exchanges: pipeline,
    faults,
    certificatePem: () => certificatePem(store),
    jwks: async () => keys.jwks(),
    settled: () => writes.settled(),
    forgetClient: (clientId) => secretCache.forget(clientId),
  }
}
