// JWT signing keys (RFC 9068 §2.1, RFC 7517): made on first start and kept as JWK JSON in the
// store; every stored key stays in the JWKS so tokens signed by an older key still verify.
// The imported private key is cached per algorithm: importing a JWK on every token would cost
// more than signing it.
import {
  calculateJwkThumbprint,
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose'
import type { Store } from '../../store/index'

export type JwtAlg = 'RS256' | 'ES256'

export interface ActiveKey {
  kid: string
  alg: JwtAlg
  key: CryptoKey
}

export class SigningKeys {
  readonly #active = new Map<JwtAlg, Promise<ActiveKey>>()

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** The active key of `alg`, made (and stored) if there is none yet. */
  active(alg: JwtAlg): Promise<ActiveKey> {
    let pending = this.#active.get(alg)
    if (!pending) {
      pending = this.#load(alg)
      this.#active.set(alg, pending)
      // A failure must not stick: the next request tries again.
      pending.catch(() => this.#active.delete(alg))
    }
    return pending
  }

  /** Public keys of every stored key (what `/oauth/v2/jwks` serves). */
  jwks(): JSONWebKeySet {
    return { keys: this.store.keys.all().map((k) => JSON.parse(k.publicJwk) as JWK) }
  }

  /** Forget the cached keys (the workspace was replaced). */
  reset(): void {
    this.#active.clear()
  }

  async #load(alg: JwtAlg): Promise<ActiveKey> {
    const stored = this.store.keys.active(alg)
    if (stored) {
      const key = (await importJWK(JSON.parse(stored.privateJwk) as JWK, alg)) as CryptoKey
      return { kid: stored.kid, alg, key }
    }
    // extractable: the private key must be exported once to be kept across restarts.
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
    const publicJwk = await exportJWK(publicKey)
    const privateJwk = await exportJWK(privateKey)
    // RFC 7638 thumbprint as kid: stable, derived from the key, unique in practice.
    const kid = await calculateJwkThumbprint(publicJwk)
    this.store.keys.insert({
      kid,
      alg,
      privateJwk: JSON.stringify({ ...privateJwk, kid, alg }),
      publicJwk: JSON.stringify({ ...publicJwk, kid, alg, use: 'sig' }),
      createdAt: this.now(),
      active: true,
    })
    return { kid, alg, key: privateKey }
  }
}
