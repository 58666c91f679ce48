// One run of the pack against one server: how requests are built from the target and the
// credentials, what every answer was, which tokens the run obtained (to revoke them at the end),
// and the rules that keep the run safe against a real server:
// - the supplied user's password is sent again only after the first password grant succeeded (or
//   after the server refused the client, not the user: then once with the other method), so a
//   mistyped password costs one failure, never a lockout;
// - at most MAX_WRONG_PASSWORDS wrong passwords for the supplied user (the run sends one);
// - an unknown user is a random name, `ropc-conformance-<random>`.
import { randomBytes } from 'node:crypto'
import type { RunnerRequest } from '../../../../shared/lab-api'
import type { PackContext, PackCredentials, PackTarget } from '../pack-types'
import {
  establishClientAuth,
  requirePrecondition,
  type AuthMethod,
  type ClientAuthOutcome,
  type Precondition,
} from './preconditions'
import { issuedToken, jsonObject, summarize, toReply, type Reply } from './reply'
import { skip } from './skip'

export type { Precondition } from './preconditions'

/** RFC 6749 §4.3.2 asks servers to lock out brute force: a conformance run must never trip it. */
export const MAX_WRONG_PASSWORDS = 2

/** The first password grant: every other use of the supplied password waits for it. */
export const MAIN_GRANT_CHECK = '§4.3.2 the password grant issues an access token'

type Auth = RunnerRequest['auth']
export type Params = Array<[string, string]>

export interface SendOptions {
  auth?: Auth
  method?: string
  extraHeaders?: Array<[string, string]>
  rawBody?: string
}

export interface GrantOptions extends SendOptions {
  /** undefined: the configured scope; null: no scope parameter; a string: that scope. */
  scope?: string | null
  /** Extra parameters after the grant's own. */
  extra?: Params
}

export class PackSession {
  readonly target: PackTarget
  readonly credentials: PackCredentials
  /** Every answer the run received, in order. */
  readonly replies: Reply[] = []
  /** Tokens the run obtained, revoked at the end when revocation is advertised. */
  readonly obtained = { access: new Set<string>(), refresh: new Set<string>() }
  readonly #send: PackContext['send']
  readonly #memo = new Map<string, Promise<unknown>>()
  #wrongPasswords = 0
  /** The client authentication method that works, once established (clientAuth). */
  #method: AuthMethod | undefined

  constructor(ctx: PackContext) {
    this.target = ctx.target
    this.credentials = ctx.credentials
    this.#send = ctx.send
  }

  /** A name no server has seen: `ropc-conformance-<16 hex>`. */
  random(prefix = 'ropc-conformance'): string {
    return `${prefix}-${randomBytes(8).toString('hex')}`
  }

  get isPublic(): boolean {
    return this.credentials.auth === 'none'
  }

  /** The configured scope, undefined when none was given. */
  get scope(): string | undefined {
    const s = this.credentials.scope?.trim()
    return s ? s : undefined
  }

  get wrongPasswordsSent(): number {
    return this.#wrongPasswords
  }

  /** Client authentication as configured, or by another method; `secret` replaces the secret. */
  auth(
    method: 'configured' | 'basic' | 'post' | 'none' = 'configured',
    opts: { secret?: string; formEncode?: boolean; clientId?: string } = {},
  ): Auth {
    const m = method === 'configured' ? (this.#method ?? this.credentials.auth) : method
    return {
      method: m === 'post' ? 'body' : m,
      clientId: opts.clientId ?? this.credentials.clientId,
      clientSecret: m === 'none' ? '' : (opts.secret ?? this.credentials.clientSecret ?? ''),
      formEncodeBasic: opts.formEncode ?? true,
    }
  }

  /** The same promise for every caller: a request several checks judge is sent once. */
  memo<T>(key: string, run: () => Promise<T>): Promise<T> {
    let p = this.#memo.get(key) as Promise<T> | undefined
    if (p === undefined) {
      p = run()
      this.#memo.set(key, p)
    }
    return p
  }

  async send(label: string, target: string, params: Params, opts: SendOptions = {}): Promise<Reply> {
    const request: RunnerRequest = {
      target,
      auth: opts.auth ?? this.auth(),
      params,
      extraHeaders: opts.extraHeaders ?? [],
      ...(opts.method !== undefined && { method: opts.method }),
      ...(opts.rawBody !== undefined && { rawBody: opts.rawBody }),
    }
    const exchange = await this.#send(request)
    const reply = toReply(exchange, label, { target, method: exchange.method, params })
    this.replies.push(reply)
    if (target === this.target.tokenEndpoint) this.#keepTokens(reply)
    return reply
  }

  #keepTokens(reply: Reply): void {
    const body = jsonObject(reply)
    const access = body?.['access_token']
    const refresh = body?.['refresh_token']
    if (typeof access === 'string' && access !== '') this.obtained.access.add(access)
    if (typeof refresh === 'string' && refresh !== '') this.obtained.refresh.add(refresh)
  }

  token(label: string, params: Params, opts: SendOptions = {}): Promise<Reply> {
    return this.send(label, this.target.tokenEndpoint, params, opts)
  }

  passwordParams(username: string, password: string, scope?: string): Params {
    return [
      ['grant_type', 'password'],
      ['username', username],
      ['password', password],
      ...(scope === undefined ? [] : ([['scope', scope]] as Params)),
    ]
  }

  /** The first password grant of the run, with the configured method and scope. */
  firstGrant(): Promise<Reply> {
    return this.memo('grant.main', () =>
      this.token(
        'password grant',
        this.passwordParams(this.credentials.username, this.credentials.password, this.scope),
        { auth: this.auth(this.credentials.auth) },
      ),
    )
  }

  /** Which client authentication works (the pack establishes it before any check runs). */
  clientAuth(): Promise<ClientAuthOutcome> {
    return this.memo('client-auth', async () => {
      const outcome = await establishClientAuth(this, await this.firstGrant())
      this.#method = outcome.method
      return outcome
    })
  }

  /** The grant that issued the run's token, or the first grant's refusal. */
  async mainGrant(): Promise<Reply> {
    const auth = await this.clientAuth()
    return auth.granted ?? auth.first
  }

  /** Skips the calling check unless `need` holds (preconditions.ts). */
  require(need: Precondition): Promise<void> {
    return requirePrecondition(this, need)
  }

  /** Skips the calling check unless the first password grant succeeded (see the header comment). */
  async requireMainGrant(): Promise<Reply> {
    await this.require('token')
    return this.mainGrant()
  }

  /** Another password grant for the supplied user, once the first one succeeded. */
  async userGrant(label: string, opts: GrantOptions = {}): Promise<Reply> {
    await this.requireMainGrant()
    const scope = opts.scope === null ? undefined : (opts.scope ?? this.scope)
    const params = [
      ...this.passwordParams(this.credentials.username, this.credentials.password, scope),
      ...(opts.extra ?? []),
    ]
    return this.token(label, params, opts)
  }

  /** A fresh grant (a new refresh token family) that must succeed for the check to run. */
  async freshGrant(label: string, why: string): Promise<Reply> {
    const r = await this.userGrant(label)
    if (!issuedToken(r)) skip(`${why}: the password grant for it got ${summarize(r)}`)
    return r
  }

  /** The supplied user with a wrong password: sent once per run, counted against the bound. */
  wrongPasswordGrant(): Promise<Reply> {
    return this.memo('grant.wrong-password', async () => {
      await this.requireMainGrant()
      if (this.#wrongPasswords >= MAX_WRONG_PASSWORDS) {
        throw new Error(`refusing to send more than ${MAX_WRONG_PASSWORDS} wrong passwords for the supplied user`)
      }
      this.#wrongPasswords++
      return this.token(
        'supplied user, wrong password',
        this.passwordParams(this.credentials.username, this.random('wrong-password'), this.scope),
      )
    })
  }

  /** A password grant for a user that does not exist (a random name); no scope unless given. */
  unknownUserGrant(label: string, opts: GrantOptions = {}): Promise<Reply> {
    const params = [
      ...this.passwordParams(this.random(), this.random('password'), opts.scope ?? undefined),
      ...(opts.extra ?? []),
    ]
    return this.token(label, params, opts)
  }

  refresh(label: string, refreshToken: string, scope?: string): Promise<Reply> {
    const params: Params = [
      ['grant_type', 'refresh_token'],
      ['refresh_token', refreshToken],
    ]
    if (scope !== undefined) params.push(['scope', scope])
    return this.token(label, params)
  }

  /** Why a check needing this endpoint cannot run, or null when the endpoint is known. */
  missingEndpoint(which: 'introspection' | 'revocation'): string | null {
    const url = which === 'introspection' ? this.target.introspectionEndpoint : this.target.revocationEndpoint
    if (url !== undefined) return null
    return this.target.metadata === undefined
      ? `no RFC 8414 metadata was found, so the ${which} endpoint is unknown`
      : `the server does not advertise ${which === 'introspection' ? 'an' : 'a'} ${which} endpoint (no ${which}_endpoint in its metadata)`
  }

  introspect(label: string, token: string, opts: SendOptions & { hint?: string } = {}): Promise<Reply> {
    const why = this.missingEndpoint('introspection')
    if (why !== null) skip(why)
    const params: Params = [['token', token]]
    if (opts.hint !== undefined) params.push(['token_type_hint', opts.hint])
    return this.send(label, this.target.introspectionEndpoint!, params, opts)
  }

  revoke(label: string, token: string, hint?: 'access_token' | 'refresh_token'): Promise<Reply> {
    const why = this.missingEndpoint('revocation')
    if (why !== null) skip(why)
    const params: Params = [['token', token]]
    if (hint !== undefined) params.push(['token_type_hint', hint])
    return this.send(label, this.target.revocationEndpoint!, params)
  }

  /** Answers of the token endpoint to POST requests (what §5.1 and §5.2 judge). */
  tokenEndpointReplies(): Reply[] {
    return this.replies.filter((r) => r.sent.target === this.target.tokenEndpoint && r.sent.method === 'POST')
  }
}
