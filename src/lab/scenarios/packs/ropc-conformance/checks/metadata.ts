// Authorization server metadata, RFC 8414, judged against what the token endpoint actually does.
import { issuerForMetadataUrl, metadataUrlsFor } from '../../resolve-target'
import { expectJudged } from '../judged'
import { expectStatus } from '../outcomes'
import type { Check, CheckGroup, Step } from '../check'
import { errorOf, issuedToken, jsonObject, type Reply } from '../reply'
import { skip, SkipCheck } from '../skip'
import { firstRefresh } from './refresh'

const AUTH_METHOD_NAMES = { basic: 'client_secret_basic', post: 'client_secret_post', none: 'none' } as const

function metadataUrl(step: Step): string {
  const url = step.session.target.metadataUrl
  if (url === undefined) {
    skip(
      'no RFC 8414 metadata was found (neither /.well-known/oauth-authorization-server nor ' +
        '/.well-known/openid-configuration answered with a document naming a token endpoint)',
    )
  }
  return url
}

/** The metadata fetched by this run (for its exchange), once. */
function fetched(step: Step): Promise<Reply> {
  const s = step.session
  const url = metadataUrl(step)
  return s.memo('metadata.fetch', () =>
    s.send('metadata', url, [], { method: 'GET', auth: s.auth('none', { clientId: '' }) }),
  )
}

/** The document: as fetched now, else as found when the target was resolved. */
async function documentOf(step: Step): Promise<Record<string, unknown>> {
  const r = step.use(await fetched(step))
  const doc = (r.status === 200 ? jsonObject(r) : undefined) ?? step.session.target.metadata
  if (doc === undefined) skip('the metadata could not be read (see "RFC 8414 §3.2 ...")')
  return doc
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined
}

const served: Check = {
  id: 'metadata.served',
  name: 'RFC 8414 §3.2 metadata is a JSON object served with 200',
  rfc: 'RFC 8414 §3.2',
  quote:
    'A successful response MUST use the 200 OK HTTP status code and return a JSON object using the "application/json" content type',
  level: 'MUST',
  async run(step) {
    const r = step.use(await fetched(step))
    if (step.expect(expectStatus(r, 200)))
      expectJudged(step, r, new Set(['response_not_json', 'content_type_not_json'] as const))
  },
}

const issuerMatches: Check = {
  id: 'metadata.issuer',
  name: 'RFC 8414 §3.3 issuer matches the URL the metadata was fetched from',
  rfc: 'RFC 8414 §3.3',
  quote:
    'The "issuer" value returned MUST be identical to the authorization server\'s issuer identifier value into which the well-known URI string was inserted to create the URL used to retrieve the metadata.',
  level: 'MUST',
  async run(step) {
    const url = metadataUrl(step)
    const doc = await documentOf(step)
    const issuer = doc['issuer']
    const expected = issuerForMetadataUrl(url) ?? '(the issuer the URL was built from)'
    let ok = false
    if (typeof issuer === 'string') {
      try {
        ok = metadataUrlsFor(issuer).includes(url)
      } catch {
        ok = false
      }
    }
    if (!ok)
      step.fail(`issuer (metadata fetched from ${url})`, JSON.stringify(expected), JSON.stringify(issuer ?? '(absent)'))
  },
}

const tokenEndpoint: Check = {
  id: 'metadata.token-endpoint',
  name: 'RFC 8414 §2 token_endpoint is present',
  rfc: 'RFC 8414 §2',
  quote:
    "token_endpoint: URL of the authorization server's token endpoint. This is REQUIRED unless only the implicit grant type is supported.",
  level: 'MUST',
  async run(step) {
    const doc = await documentOf(step)
    const value = doc['token_endpoint']
    let absolute = false
    try {
      absolute = typeof value === 'string' && /^https?:$/.test(new URL(value).protocol)
    } catch {
      absolute = false
    }
    if (!absolute) step.fail('token_endpoint', 'an absolute http(s) URL', JSON.stringify(value ?? '(absent)'))
  },
}

/** Whether refreshing worked in this run; undefined when the run could not find out. */
async function refreshWorked(step: Step): Promise<boolean | undefined> {
  try {
    const f = await firstRefresh(step.session)
    if (f.reply === undefined) return undefined
    step.use(f.reply)
    return issuedToken(f.reply) ? true : errorOf(f.reply) === 'unsupported_grant_type' ? false : undefined
  } catch (err) {
    if (err instanceof SkipCheck) return undefined
    throw err
  }
}

const grantTypesAgree: Check = {
  id: 'metadata.grant-types',
  name: 'RFC 8414 §2 grant_types_supported agrees with the token endpoint',
  rfc: 'RFC 8414 §2',
  quote:
    'grant_types_supported OPTIONAL. JSON array containing a list of the OAuth 2.0 grant type values that this authorization server supports. (A list that disagrees misleads clients; no MUST, hence a warning.)',
  level: 'SHOULD',
  requires: ['token'],
  async run(step) {
    const doc = await documentOf(step)
    const list = stringList(doc['grant_types_supported'])
    if (list === undefined) {
      skip(
        'the metadata has no grant_types_supported (RFC 8414 §2: then only authorization_code and implicit are implied)',
      )
    }
    const actual = JSON.stringify(list)
    const main = step.use(await step.session.mainGrant())
    if (issuedToken(main) && !list.includes('password')) {
      step.fail('grant_types_supported', 'includes "password" (the token endpoint granted it)', actual)
    }
    if (errorOf(main) === 'unsupported_grant_type' && list.includes('password')) {
      step.fail(
        'grant_types_supported',
        'without "password" (the token endpoint answered unsupported_grant_type)',
        actual,
      )
    }
    const refresh = await refreshWorked(step)
    if (refresh === true && !list.includes('refresh_token')) {
      step.fail('grant_types_supported', 'includes "refresh_token" (the token endpoint refreshed)', actual)
    }
    if (refresh === false && list.includes('refresh_token')) {
      step.fail('grant_types_supported', 'without "refresh_token" (a refresh got unsupported_grant_type)', actual)
    }
  },
}

const authMethodAdvertised: Check = {
  id: 'metadata.auth-methods',
  name: 'RFC 8414 §2 token_endpoint_auth_methods_supported includes the method in use',
  rfc: 'RFC 8414 §2',
  quote:
    'token_endpoint_auth_methods_supported OPTIONAL. JSON array containing a list of client authentication methods supported by this token endpoint. If omitted, the default is "client_secret_basic".',
  level: 'SHOULD',
  requires: ['token'],
  async run(step) {
    const doc = await documentOf(step)
    const main = step.use(await step.session.mainGrant())
    if (!issuedToken(main)) skip('the password grant did not succeed, so which method works is not known')
    // RFC 8414 §2: when omitted, the default is client_secret_basic.
    const list = stringList(doc['token_endpoint_auth_methods_supported']) ?? ['client_secret_basic']
    const method = AUTH_METHOD_NAMES[(await step.session.clientAuth()).method]
    if (!list.includes(method)) {
      step.fail('token_endpoint_auth_methods_supported', `includes "${method}" (it worked)`, JSON.stringify(list))
    }
  },
}

export const metadataChecks: CheckGroup = {
  name: 'metadata',
  checks: [served, issuerMatches, tokenEndpoint, grantTypesAgree, authMethodAdvertised],
}
