// Client credentials grant, RFC 6749 §4.4: the client acts for no user, on its own behalf. Only a
// confidential client may use it (§4.4: "MUST only be used by confidential clients"), and no refresh
// token is issued (§4.4.3: "A refresh token SHOULD NOT be included").
import type { TokenResponse } from '../../../shared/wire'
import { OAuthError } from '../errors'
import { formatScope, resolveScope } from '../scope'
import type { Grant, GrantContext } from './index'

/** The tokens of this grant name no user: the token table keeps '' and `sub` is the client (RFC 9068 §2.2). */
export const NO_USER = ''

export const clientCredentialsGrant: Grant = {
  type: 'client_credentials',
  requiredParams: [],

  async handle(ctx: GrantContext): Promise<TokenResponse> {
    const { svc, client, trace } = ctx
    if (client.public) {
      trace.fail(
        'grant.client_type',
        `"${client.clientId}" is a public client: it cannot keep credentials (RFC 6749 section 4.4)`,
      )
      throw new OAuthError('unauthorized_client', 'The client_credentials grant is for confidential clients only.')
    }
    trace.ok('grant.client_type', `"${client.clientId}" is confidential and authenticated`)
    const scope = formatScope(resolveScope(svc.store, client, ctx.requestedScope, trace))
    const response = await svc.tokens.issue(
      {
        ...(ctx.overrides && { overrides: ctx.overrides }),
        client,
        username: NO_USER,
        userClaims: {},
        scope,
        refresh: { kind: 'none' },
      },
      trace,
    )
    if (response === null) throw new Error('a token without a refresh family cannot lose a compare-and-set')
    return response
  },
}
