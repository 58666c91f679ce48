// The way-out flows the lab runs itself (way-out.md), each request through the runner and so through
// the one exchange pipeline: the authorization code flow with PKCE (the lab makes verifier and state,
// the person signs in in a browser, the loopback listener catches the redirect and the lab redeems the
// code) and the authorization challenge, step by step. Verifiers, states, auth sessions, codes and
// client secrets live in this object only, a bounded number of flows at a time.
import { createHash, randomBytes } from 'node:crypto'
import type { Exchange } from '../../shared/exchange'
import { LabError, type LabParsedInput } from '../../shared/lab-api'
import type { AuthorizationCodeStart, ChallengeStep, WayOutFlowView } from '../../shared/way-out-api'
import { ENDPOINT_PATHS } from '../../shared/wire'
import type { Store } from '../../store/index'
import type { RequestRunner } from '../runner'
import { openCallbackListener, type CallbackListener } from './callback-listener'
import { WAY_OUT_FLOW_LIMIT } from '../../shared/limits'

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(:\d+)?(\/[^?#]*)?$/

type ClientAuth = Pick<LabParsedInput<'wayOut.challenge'>, 'clientId' | 'clientSecret' | 'authMethod' | 'scope'>
type RunnerInput = LabParsedInput<'runner.send'>

interface Flow {
  view: WayOutFlowView
  auth: ClientAuth
  verifier: string
  redirectUri?: string
  listener?: CallbackListener
  /** The challenge endpoint's answers, kept for the next step. */
  authSession?: string
  code?: string
}

/** RFC 7636 §4.1, §4.2: a fresh verifier and its S256 challenge. */
function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

function runnerAuth(a: ClientAuth): RunnerInput['auth'] {
  const method = a.authMethod ?? (a.clientSecret ? 'basic' : 'none')
  return { method, clientId: a.clientId, clientSecret: a.clientSecret ?? '', formEncodeBasic: true }
}

function jsonOf(e: Exchange): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(e.response.body)
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

export class WayOutFlows {
  readonly #flows = new Map<string, Flow>()

  constructor(private readonly deps: { store: Store; runner: RequestRunner; baseUrl: () => string | null }) {}

  #base(): string {
    const base = this.deps.baseUrl()
    if (base === null) throw new LabError('conflict', 'the embedded server is not running')
    return base
  }

  #add(flow: Flow): void {
    if (this.#flows.size >= WAY_OUT_FLOW_LIMIT) {
      const [oldestId, oldest] = this.#flows.entries().next().value!
      oldest.listener?.close()
      this.#flows.delete(oldestId)
    }
    this.#flows.set(flow.view.flowId, flow)
  }

  #get(flowId: string, kind: WayOutFlowView['kind']): Flow {
    const flow = this.#flows.get(flowId)
    if (flow === undefined || flow.view.kind !== kind) throw new LabError('not_found', `no ${kind} flow "${flowId}"`)
    return flow
  }

  async #send(flow: Flow, input: Omit<RunnerInput, 'auth' | 'extraHeaders'>): Promise<Exchange> {
    const e = await this.deps.runner.send({ ...input, auth: runnerAuth(flow.auth), extraHeaders: [] }, 'composer')
    flow.view.exchangeIds.push(e.id)
    return e
  }

  async startAuthorizationCode(auth: ClientAuth): Promise<AuthorizationCodeStart> {
    const base = this.#base()
    const client = this.deps.store.clients.get(auth.clientId)
    if (client === null) throw new LabError('not_found', `no client "${auth.clientId}"`)
    const loopback = client.redirectUris.map((u) => LOOPBACK.exec(u)).find((m) => m !== null)
    if (!loopback) {
      throw new LabError(
        'validation',
        `client "${auth.clientId}" has no loopback redirect URI: register http://127.0.0.1/callback (any port is allowed, RFC 8252 section 7.3)`,
      )
    }
    const listener = await openCallbackListener(loopback[3] ?? '/')
    const { verifier, challenge } = newPkce()
    const state = randomBytes(16).toString('base64url')
    const flowId = randomBytes(12).toString('base64url')
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: auth.clientId,
      redirect_uri: listener.redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      ...(auth.scope && { scope: auth.scope }),
    })
    const flow: Flow = {
      view: { flowId, kind: 'authorization_code', clientId: auth.clientId, status: 'waiting', exchangeIds: [] },
      auth,
      verifier,
      redirectUri: listener.redirectUri,
      listener,
    }
    this.#add(flow)
    void listener.received.then((q) => this.#onRedirect(flow, q, state))
    return {
      flowId,
      authorizationUrl: `${base}${ENDPOINT_PATHS.authorize}?${query}`,
      redirectUri: listener.redirectUri,
    }
  }

  /** RFC 6749 §4.1.2: check state (and iss, RFC 9207 §2.4), then redeem the code. */
  async #onRedirect(flow: Flow, q: URLSearchParams | null, state: string): Promise<void> {
    const { view } = flow
    const fail = (error: string): void => {
      view.status = 'failed'
      view.error = error
    }
    if (q === null) return fail('no redirect came back in time')
    if (q.get('state') !== state) return fail('the state in the redirect is not the one sent (RFC 6749 section 10.12)')
    const iss = q.get('iss')
    if (
      iss !== null &&
      this.deps.baseUrl() !== null &&
      iss !== this.deps.store.settings.get().issuer &&
      iss !== this.deps.baseUrl()
    )
      return fail(`the redirect's iss "${iss}" is not this server (RFC 9207 section 2.4)`)
    const error = q.get('error')
    if (error !== null) return fail(`${error}: ${q.get('error_description') ?? ''}`.trim())
    const code = q.get('code')
    if (code === null) return fail('the redirect carried no code')
    view.status = 'code_received'
    try {
      const token = await this.#send(flow, {
        target: 'token',
        params: [
          ['grant_type', 'authorization_code'],
          ['code', code],
          ['redirect_uri', flow.redirectUri!],
          ['code_verifier', flow.verifier],
        ],
      })
      view.token = token
      if (token.response.status === 200) view.status = 'redeemed'
      else fail(`the token endpoint answered ${token.response.status}`)
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err))
    }
  }

  status(flowId: string): WayOutFlowView {
    const flow = this.#flows.get(flowId)
    if (flow === undefined) throw new LabError('not_found', `no flow "${flowId}"`)
    return flow.view
  }

  /** draft-ietf-oauth-first-party-apps §5.1: the first request, or the second with auth_session and otp. */
  async challenge(input: LabParsedInput<'wayOut.challenge'>): Promise<ChallengeStep> {
    const base = this.#base()
    let flow: Flow
    let params: [string, string][]
    if (input.flowId !== undefined) {
      flow = this.#get(input.flowId, 'authorization_challenge')
      if (flow.authSession === undefined) throw new LabError('conflict', 'this flow holds no auth_session to continue')
      params = [['auth_session', flow.authSession], ...(input.otp ? ([['otp', input.otp]] as [string, string][]) : [])]
    } else {
      const { verifier, challenge } = newPkce()
      const flowId = randomBytes(12).toString('base64url')
      flow = {
        view: { flowId, kind: 'authorization_challenge', clientId: input.clientId, status: 'waiting', exchangeIds: [] },
        auth: input,
        verifier,
      }
      this.#add(flow)
      params = [
        ['code_challenge', challenge],
        ['code_challenge_method', 'S256'],
        ...(input.scope ? ([['scope', input.scope]] as [string, string][]) : []),
        ...(input.username !== undefined ? ([['username', input.username]] as [string, string][]) : []),
        ...(input.password !== undefined ? ([['password', input.password]] as [string, string][]) : []),
        ...(input.otp ? ([['otp', input.otp]] as [string, string][]) : []),
      ]
    }
    const exchange = await this.#send(flow, { target: `${base}${ENDPOINT_PATHS.challenge}`, params })
    const body = jsonOf(exchange)
    if (exchange.response.status === 200 && typeof body.authorization_code === 'string') {
      flow.code = body.authorization_code
      flow.authSession = undefined
      flow.view.status = 'code_received'
      return { flowId: flow.view.flowId, step: 'code', exchange }
    }
    if (body.error === 'insufficient_authorization' && typeof body.auth_session === 'string') {
      flow.authSession = body.auth_session
      return { flowId: flow.view.flowId, step: 'otp_required', exchange }
    }
    flow.view.status = 'failed'
    flow.view.error = typeof body.error === 'string' ? body.error : `status ${exchange.response.status}`
    return { flowId: flow.view.flowId, step: 'refused', exchange }
  }

  /** draft-ietf-oauth-first-party-apps §6.1: the code at the token endpoint with the verifier, no redirect_uri. */
  async redeemChallenge(flowId: string): Promise<Exchange> {
    const flow = this.#get(flowId, 'authorization_challenge')
    if (flow.code === undefined) throw new LabError('conflict', 'this flow holds no authorization code yet')
    const code = flow.code
    flow.code = undefined
    const token = await this.#send(flow, {
      target: 'token',
      params: [
        ['grant_type', 'authorization_code'],
        ['code', code],
        ['code_verifier', flow.verifier],
      ],
    })
    flow.view.token = token
    flow.view.status = token.response.status === 200 ? 'redeemed' : 'failed'
    return token
  }

  close(): void {
    for (const f of this.#flows.values()) f.listener?.close()
    this.#flows.clear()
  }
}
