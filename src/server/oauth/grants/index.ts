// The grant registry (the node-oidc-provider idea): one module per grant, each declaring the
// parameters it requires and the checks it can run before the client is authenticated.
import type { HeaderList } from '../../../shared/exchange'
import type { GrantType, TokenResponse } from '../../../shared/wire'
import type { ClientRecord } from '../../../store/index'
import type { ServerServices } from '../../services'
import type { IssueOverrides } from '../../tokens/token-service'
import type { Trace } from '../trace'
import { authorizationCodeGrant } from './authorization-code'
import { clientCredentialsGrant } from './client-credentials'
import { passwordGrant } from './password'
import { refreshTokenGrant } from './refresh-token'

export interface GrantContext {
  svc: ServerServices
  params: Map<string, string>
  client: ClientRecord
  /** The parsed `scope` parameter, null when omitted. */
  requestedScope: string[] | null
  trace: Trace
  /** A fault rule's changes to the tokens issued (http/fault-point.ts). */
  overrides?: IssueOverrides
  /** Headers a successful answer carries besides no-store (the deprecation headers, RFC 9745). */
  headers: HeaderList
}

export interface Grant {
  readonly type: GrantType
  /** Missing → invalid_request, checked before any hash (RFC 6749 §4.3.2, §6). */
  readonly requiredParams: readonly string[]
  /** Syntax checks that need neither the client nor a hash; throw OAuthError. */
  precheck?(params: Map<string, string>, trace: Trace): void
  /** Runs after the client is authenticated and allowed the grant. */
  handle(ctx: GrantContext): Promise<TokenResponse>
}

export const GRANTS: ReadonlyMap<string, Grant> = new Map<string, Grant>([
  [passwordGrant.type, passwordGrant],
  [refreshTokenGrant.type, refreshTokenGrant],
  [clientCredentialsGrant.type, clientCredentialsGrant],
  [authorizationCodeGrant.type, authorizationCodeGrant],
])
