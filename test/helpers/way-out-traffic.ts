// A recorded run for the migration report's way-out columns: real HTTP from outside clients to a
// real lab on 127.0.0.1:0 — password grants, then the successor each client moved to (the
// authorization challenge with PKCE, client credentials) — and one client that never moved.
import type { Lab } from '../../src/lab/lab-types'
import { basicAuthorization } from '../../src/shared/token-request'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import { post } from './migration-traffic'
import { newPkce } from './way-out'

export const WAY_OUT_WORKSPACE = {
  version: 1,
  settings: { bcryptCost: 4, tokenFormat: 'opaque' },
  scopes: [{ name: 'read', default: true }],
  clients: [
    // A first-party phone app: people sign in; it moves to the authorization challenge.
    { clientId: 'mobile', public: true, firstParty: true, grantTypes: ['password', 'authorization_code'] },
    // A batch job with one technical user: it moves to client credentials.
    {
      clientId: 'batch',
      secret: 'batch-secret',
      grantTypes: ['password', 'client_credentials'],
      authMethods: ['client_secret_basic'],
    },
    // A web portal that has not moved.
    { clientId: 'portal', secret: 'portal-secret', authMethods: ['client_secret_basic'] },
  ],
  users: [
    { username: 'alice', password: 'alice-password' },
    { username: 'bob', password: 'bob-password' },
    { username: 'svc', password: 'svc-password' },
  ],
}

const password = (username: string): Array<[string, string]> => [
  ['grant_type', 'password'],
  ['username', username],
  ['password', `${username}-password`],
]

/** Sends the run (starting the lab unless given its running base URL): mobile 2 password grants + 1 challenge flow, batch 1 + 1 client credentials, portal 2. */
export async function recordWayOutTraffic(lab: Lab, running?: string): Promise<void> {
  const baseUrl = running ?? (await lab.start({ port: 0 })).baseUrl
  const token = `${baseUrl}${ENDPOINT_PATHS.token}`
  const mobile = (params: Array<[string, string]>) => post(token, { params: [...params, ['client_id', 'mobile']] })
  await mobile(password('alice'))
  await mobile(password('bob'))
  // draft-ietf-oauth-first-party-apps §4.1: the app's own form posts to the challenge endpoint, then
  // redeems the code with its PKCE verifier (RFC 7636 §4.5).
  const pkce = newPkce()
  const answer = await post(`${baseUrl}${ENDPOINT_PATHS.challenge}`, {
    params: [
      ['client_id', 'mobile'],
      ['username', 'alice'],
      ['password', 'alice-password'],
      ['code_challenge', pkce.challenge],
      ['code_challenge_method', 'S256'],
    ],
  })
  const redeemed = await mobile([
    ['grant_type', 'authorization_code'],
    ['code', String(answer.authorization_code)],
    ['code_verifier', pkce.verifier],
  ])
  if (typeof redeemed.access_token !== 'string') throw new Error(`challenge flow failed: ${JSON.stringify(redeemed)}`)

  const batch = { authorization: basicAuthorization('batch', 'batch-secret') }
  await post(token, { ...batch, params: password('svc') })
  await post(token, { ...batch, params: [['grant_type', 'client_credentials']] })

  const portal = { authorization: basicAuthorization('portal', 'portal-secret') }
  await post(token, { ...portal, params: password('alice') })
  await post(token, { ...portal, params: password('bob') })
}
