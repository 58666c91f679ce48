// Issues the tokens of one successful token response (RFC 6749 §5.1) and stores them as SHA-256
// digests only, in one transaction (all or none). Per-client format and lifetimes fall back to
// the settings. Refresh tokens are always opaque: only this server reads them.
import type { ClientRecord, RefreshFamily, TokenRecord } from '../../store/index'
import type { Store } from '../../store/index'
import type { TokenFormat, TokenResponse } from '../../shared/wire'
import type { GroupCommit } from '../group-commit'
import type { Settings } from '../../shared/model'
import type { AccessTokenFormats } from './access-token-format'
import { accessTokenFormats } from './formats'
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

/** The lifetimes and times of one response, a fault's overrides applied. */
interface Timing {
  now: number
  iat: number
  /** `iat` as written inside tokens: shifted by a clock-skew fault. */
  claimedIat: number
  accessTtl: number
  refreshTtl: number
}

function timingOf(req: IssueRequest, settings: Settings, now: number): Timing {
  const { client } = req
  const overrides = req.overrides ?? {}
  const iat = Math.floor(now / 1000)
  return {
    now,
    iat,
    claimedIat: iat + (overrides.clockSkewSeconds ?? 0),
    accessTtl: overrides.accessTokenTtl ?? client.accessTokenTtl ?? settings.accessTokenTtl,
    refreshTtl: overrides.refreshTokenTtl ?? client.refreshTokenTtl ?? settings.refreshTokenTtl,
  }
}

/** The refresh token of the response, its record and its new family, per the plan. */
function refreshPart(
  req: IssueRequest,
  familyId: string | null,
  t: Timing,
): { token?: string; record?: NewToken; family?: RefreshFamily } {
  const plan = req.refresh
  if (plan.kind === 'keep') return { token: plan.token }
  if (plan.kind === 'none') return {}
  const token = newOpaqueToken()
  const record: NewToken = {
    digest: tokenDigest(token),
    kind: 'refresh',
    format: 'opaque',
    familyId,
    clientId: req.client.clientId,
    username: req.username,
    // RFC 6749 §6: a new refresh token has the scope of the one it replaces, even when the
    // access token was narrowed.
    scope: plan.kind === 'rotate' ? plan.scope : req.scope,
    jti: newId(),
    issuedAt: t.now,
    expiresAt: t.now + t.refreshTtl * 1000,
  }
  if (plan.kind === 'rotate') return { token, record }
  const family: RefreshFamily = {
    id: familyId!,
    clientId: req.client.clientId,
    username: req.username,
    scope: req.scope,
    createdAt: t.now,
    revokedAt: null,
    revokedReason: null,
  }
  return { token, record, family }
}

const REFRESH_TRACE: Record<RefreshPlan['kind'], (familyId: string | null, ttl: number) => string> = {
  new: (familyId, ttl) => `, refresh token (new family ${familyId}, expires in ${ttl} s)`,
  rotate: (familyId) => `, refresh token rotated (family ${familyId}; the old one is now used)`,
  keep: () => ', same refresh token (rotation is off)',
  none: () => ', no refresh token (the client may not use refresh_token)',
}

export class TokenService {
  readonly #formats: AccessTokenFormats
  /**
   * The writes of one response as one savepoint (all or none), its wrapper made once: better-sqlite3 builds five functions
   * per `db.transaction()`, which showed in the refresh path's profile.
   */
  readonly #save: (plan: RefreshPlan, records: NewToken[], family: RefreshFamily | undefined, now: number) => boolean

  constructor(private readonly deps: TokenServiceDeps) {
    this.#formats = accessTokenFormats({ keys: deps.keys })
    const { tokens } = deps.store
    this.#save = deps.store.db.transaction((plan, records, family, now) => {
      if (plan.kind === 'rotate' && !tokens.markUsed(plan.usedDigest, now)) return false
      tokens.insertAll(records, family)
      return true
    })
  }

  /**
   * Returns the §5.1 response body, or `null` when a rotated refresh token lost the
   * compare-and-set (someone used it first): the caller treats that as reuse.
   */
  async issue(req: IssueRequest, trace: IssueTrace): Promise<TokenResponse | null> {
    const { store } = this.deps
    const settings = store.settings.get()
    const { client } = req
    const format: TokenFormat = client.tokenFormat ?? settings.tokenFormat
    const t = timingOf(req, settings, this.deps.now())
    const plan = req.refresh
    const familyId = plan.kind === 'new' ? newId() : plan.kind === 'none' ? null : plan.familyId
    const jti = newId()

    const minted = await this.#formats[format].mint({
      settings,
      userClaims: req.userClaims,
      claims: {
        iss: this.deps.issuer(),
        aud: settings.audience,
        // RFC 9068 §2.2: with no resource owner (client credentials), sub is the client.
        sub: req.username === '' ? client.clientId : req.username,
        client_id: client.clientId,
        iat: t.claimedIat,
        exp: t.claimedIat + t.accessTtl,
        jti,
        scope: req.scope,
      },
    })
    trace.ok('token.format', minted.traceDetail)

    const access: NewToken = {
      digest: tokenDigest(minted.token),
      kind: 'access',
      format,
      familyId,
      clientId: client.clientId,
      username: req.username,
      scope: req.scope,
      jti,
      issuedAt: t.now,
      expiresAt: (t.iat + t.accessTtl) * 1000,
    }
    const refresh = refreshPart(req, familyId, t)
    const records = refresh.record ? [access, refresh.record] : [access]

    // Everything asynchronous (signing) is done: the writes are one synchronous transaction.
    const single = plan.kind !== 'rotate' && refresh.family === undefined && records.length === 1
    const written = this.deps.writes.write(() => {
      if (!single) return this.#save(plan, records, refresh.family, t.now)
      // One INSERT is atomic by itself: a savepoint around it would cost two more statements per response.
      store.tokens.insertAll(records)
      return true
    })
    if (!written) return null

    trace.ok(
      'token.issue',
      `access token (expires in ${t.accessTtl} s)${REFRESH_TRACE[plan.kind](familyId, t.refreshTtl)}` +
        '; stored as SHA-256 digests',
    )
    return responseOf(minted.token, t.accessTtl, refresh.token, req.scope)
  }
}

function responseOf(accessToken: string, expiresIn: number, refreshToken: string | undefined, scope: string) {
  const response: TokenResponse = { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn }
  if (refreshToken !== undefined) response.refresh_token = refreshToken
  // RFC 6749 §5.1: scope is REQUIRED when it differs from the request; sending it always is
  // allowed and spares the client a comparison.
  if (scope !== '') response.scope = scope
  return response
}
