// Issues the tokens of one successful token response (RFC 6749 §5.1) and stores them as SHA-256
// digests only, in one transaction (all or none). Per-client format and lifetimes fall back to
// the settings. Refresh tokens are always opaque: only this server reads them.
import type { ClientRecord, RefreshFamily, TokenRecord } from '../../store/index'
import type { Store } from '../../store/index'
import type { TokenFormat, TokenResponse } from '../../shared/wire'
import type { GroupCommit } from '../group-commit'
import { signAccessToken } from './jwt'
import { newId, newOpaqueToken, tokenDigest } from './opaque'
import type { SigningKeys } from './signing-keys'

export type RefreshPlan =
  /** The client may not refresh: no refresh token. */
  | { kind: 'none' }
  /** Password grant: a new family. */
  | { kind: 'new' }
  /** Rotation (RFC 9700 §4.14.2): the presented token is marked used, a new one is issued in its family. */
  | { kind: 'rotate'; familyId: string; scope: string; usedDigest: string }
  /** No rotation: the presented token stays valid and is returned again. */
  | { kind: 'keep'; familyId: string; token: string }

/**
 * A fault rule's changes to what is issued (workspace-format.md "Faults"): other lifetimes, or the
 * times inside tokens written as if the server's clock were off. `expires_in` and the stored expiry
 * stay real, as a server with a wrong clock agrees with itself.
 */
export interface IssueOverrides {
  accessTokenTtl?: number
  refreshTokenTtl?: number
  clockSkewSeconds?: number
}

export interface IssueRequest {
  /** A fault rule's overrides, when one fired for this request. */
  overrides?: IssueOverrides
  client: ClientRecord
  username: string
  userClaims: Record<string, unknown>
  /** Scope of the access token (space-separated). */
  scope: string
  refresh: RefreshPlan
}

export interface TokenServiceDeps {
  store: Store
  keys: SigningKeys
  writes: GroupCommit
  now(): number
  issuer(): string
}

/**
 * What issuing records in the exchange's decision trace. The oauth layer's Trace satisfies it;
 * declared here so tokens/ stays below oauth/ (architecture.md: http → oauth → tokens).
 */
export interface IssueTrace {
  ok(step: string, detail: string): void
}

type NewToken = Omit<TokenRecord, 'usedAt' | 'revokedAt'>

export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  /**
   * Returns the §5.1 response body, or `null` when a rotated refresh token lost the
   * compare-and-set (someone used it first): the caller treats that as reuse.
   */
  async issue(req: IssueRequest, trace: IssueTrace): Promise<TokenResponse | null> {
    const { store, keys } = this.deps
    const settings = store.settings.get()
    const { client } = req
    const format: TokenFormat = client.tokenFormat ?? settings.tokenFormat
    const overrides = req.overrides ?? {}
    const accessTtl = overrides.accessTokenTtl ?? client.accessTokenTtl ?? settings.accessTokenTtl
    const refreshTtl = overrides.refreshTokenTtl ?? client.refreshTokenTtl ?? settings.refreshTokenTtl
    const now = this.deps.now()
    const iat = Math.floor(now / 1000)
    const claimedIat = iat + (overrides.clockSkewSeconds ?? 0)

    const familyId = req.refresh.kind === 'new' ? newId() : req.refresh.kind === 'none' ? null : req.refresh.familyId
    const jti = newId()

    let accessToken: string
    if (format === 'jwt') {
      const key = await keys.active(settings.jwtAlg)
      accessToken = await signAccessToken(
        key,
        {
          iss: this.deps.issuer(),
          aud: settings.audience,
          // RFC 9068 §2.2: with no resource owner (client credentials), sub is the client.
          sub: req.username === '' ? client.clientId : req.username,
          client_id: client.clientId,
          iat: claimedIat,
          exp: claimedIat + accessTtl,
          jti,
          scope: req.scope,
        },
        req.userClaims,
      )
      trace.ok('token.format', `jwt (RFC 9068, ${key.alg}, kid ${key.kid})`)
    } else {
      accessToken = newOpaqueToken()
      trace.ok('token.format', 'opaque (256 random bits)')
    }

    const records: NewToken[] = [
      {
        digest: tokenDigest(accessToken),
        kind: 'access',
        format,
        familyId,
        clientId: client.clientId,
        username: req.username,
        scope: req.scope,
        jti,
        issuedAt: now,
        expiresAt: (iat + accessTtl) * 1000,
      },
    ]

    let refreshToken: string | undefined
    let family: RefreshFamily | undefined
    if (req.refresh.kind === 'new' || req.refresh.kind === 'rotate') {
      refreshToken = newOpaqueToken()
      records.push({
        digest: tokenDigest(refreshToken),
        kind: 'refresh',
        format: 'opaque',
        familyId,
        clientId: client.clientId,
        username: req.username,
        // RFC 6749 §6: a new refresh token has the scope of the one it replaces, even when the
        // access token was narrowed.
        scope: req.refresh.kind === 'rotate' ? req.refresh.scope : req.scope,
        jti: newId(),
        issuedAt: now,
        expiresAt: now + refreshTtl * 1000,
      })
      if (req.refresh.kind === 'new') {
        family = {
          id: familyId!,
          clientId: client.clientId,
          username: req.username,
          scope: req.scope,
          createdAt: now,
          revokedAt: null,
          revokedReason: null,
        }
      }
    } else if (req.refresh.kind === 'keep') {
      refreshToken = req.refresh.token
    }

    // Everything asynchronous (signing) is done: the writes are one synchronous transaction.
    const plan = req.refresh
    const written = this.deps.writes.write(() =>
      store.transaction(() => {
        if (plan.kind === 'rotate' && !store.tokens.markUsed(plan.usedDigest, now)) return false
        store.tokens.insertMany(records, family)
        return true
      }),
    )
    if (!written) return null

    trace.ok(
      'token.issue',
      `access token (expires in ${accessTtl} s)` +
        (plan.kind === 'new' ? `, refresh token (new family ${familyId}, expires in ${refreshTtl} s)` : '') +
        (plan.kind === 'rotate' ? `, refresh token rotated (family ${familyId}; the old one is now used)` : '') +
        (plan.kind === 'keep' ? ', same refresh token (rotation is off)' : '') +
        (plan.kind === 'none' ? ', no refresh token (the client may not use refresh_token)' : '') +
        '; stored as SHA-256 digests',
    )

    const response: TokenResponse = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: accessTtl,
    }
    if (refreshToken !== undefined) response.refresh_token = refreshToken
    // RFC 6749 §5.1: scope is REQUIRED when it differs from the request; sending it always is
    // allowed and spares the client a comparison.
    if (req.scope !== '') response.scope = req.scope
    return response
  }
}
