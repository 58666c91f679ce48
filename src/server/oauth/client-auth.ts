// Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3,
// §2.3.1, §3.2.1; RFC 7662 §2.1; RFC 7009 §2.1). Two phases so that the token endpoint can run
// every check without a hash first: readClientCredentials (syntax only) and authenticateClient
// (lookup and secret verification, at most one bcrypt compare per reading).
import type { AuthMethod } from '../../shared/wire'
import type { ClientRecord } from '../../store/index'
import { verifySecret } from '../credentials/credentials'
import { dummyCost } from '../credentials/dummy-hashes'
import type { ServerServices } from '../services'
import type { BasicAuthorization, BasicCredentials } from './basic-auth'
import { OAuthError } from './errors'
import { findings } from './findings'
import type { Trace } from './trace'

type BasicParsed = Extract<BasicAuthorization, { kind: 'basic' }>

export type ClientCredentials =
  | { method: 'client_secret_basic'; basic: BasicParsed }
  | { method: 'client_secret_post'; clientId: string; secret: string }
  | { method: 'none'; clientId: string }

/** The same answer for an unknown client and a wrong secret. */
const AUTH_FAILED = 'Client authentication failed.'

// RFC 6749 Appendix A.1 / A.2: client_id and client_secret are VSCHAR (%x20-7E).
const VSCHAR = /^[\x20-\x7e]*$/

/**
 * Phase 1, no hash: which method the client used, and whether it used exactly one. `header` is the
 * Authorization header as readForm parsed it; the findings on it came from the request rules.
 */
export function readClientCredentials(
  header: BasicAuthorization,
  params: Map<string, string>,
  trace: Trace,
): ClientCredentials {
  const credentials = readCredentials(header, params, trace)
  trace.authMethod = credentials.method
  return credentials
}

function readCredentials(header: BasicAuthorization, params: Map<string, string>, trace: Trace): ClientCredentials {
  const bodyId = params.get('client_id')
  const bodySecret = params.get('client_secret')
  for (const [name, value] of [
    ['client_id', bodyId],
    ['client_secret', bodySecret],
  ] as const) {
    if (value !== undefined && !VSCHAR.test(value)) {
      trace.fail('client_auth.method', `${name} has characters outside printable ASCII`)
      throw new OAuthError('invalid_request', `The ${name} must be printable ASCII (RFC 6749 Appendix A).`)
    }
  }

  if (header.kind === 'other-scheme') {
    trace.fail('client_auth.method', `Authorization scheme "${header.scheme}" is not supported`)
    throw new OAuthError(
      'invalid_client',
      `The Authorization scheme '${header.scheme}' is not supported; use Basic (client_secret_basic).`,
      { basicTried: true },
    )
  }
  if (header.kind === 'malformed') {
    trace.fail('client_auth.method', `malformed Authorization header: ${header.reason}`)
    throw new OAuthError('invalid_client', `Malformed Basic credentials: ${header.reason}.`, { basicTried: true })
  }

  if (header.kind === 'basic') {
    const id = header.decoded?.id ?? header.raw.id
    trace.clientId = id
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    if (bodySecret !== undefined) {
      trace.fail('client_auth.method', 'Basic credentials and client_secret in the body')
      throw new OAuthError(
        'invalid_request',
        'Use one client authentication method per request: Basic credentials and a client_secret in the body were both sent (RFC 6749 section 2.3).',
      )
    }
    if (bodyId !== undefined && bodyId !== header.raw.id && bodyId !== header.decoded?.id) {
      trace.fail('client_auth.method', `body client_id "${bodyId}" differs from the Basic client id "${id}"`)
      throw new OAuthError(
        'invalid_request',
        'The client_id in the body differs from the client id in the Basic credentials.',
      )
    }
    trace.ok(
      'client_auth.method',
      header.decoded === null
        ? `client_secret_basic (raw id "${header.raw.id}"; form-decoding failed: ${header.decodeProblem ?? 'unknown'})`
        : header.wasEncodedDifferently
          ? `client_secret_basic (form-decoded id "${header.decoded.id}", raw id "${header.raw.id}")`
          : `client_secret_basic (form-decoded id "${header.decoded.id}")`,
    )
    return { method: 'client_secret_basic', basic: header }
  }

  if (bodySecret !== undefined) {
    if (bodyId === undefined) {
      trace.fail('client_auth.method', 'client_secret without client_id')
      throw new OAuthError('invalid_request', 'client_secret was sent without client_id.')
    }
    trace.clientId = bodyId
    trace.ok('client_auth.method', `client_secret_post (client_id "${bodyId}")`)
    return { method: 'client_secret_post', clientId: bodyId, secret: bodySecret }
  }
  if (bodyId !== undefined) {
    trace.clientId = bodyId
    trace.ok('client_auth.method', `none (public client, client_id "${bodyId}")`)
    return { method: 'none', clientId: bodyId }
  }
  trace.fail('client_auth.method', 'no client authentication and no client_id')
  // RFC 6749 §5.2: invalid_client covers "no client authentication included".
  throw new OAuthError('invalid_client', 'Client authentication is required: send Basic credentials or client_id.')
}

/**
 * Public clients send client_id only, confidential ones a secret (RFC 6749 §2.1, §3.2.1); the
 * method must be one the client is registered for. No hash here: a client id is not a secret
 * (RFC 6749 §2.2), so telling "wrong method" apart from "unknown" reveals nothing worth a hash.
 */
function checkMethod(client: ClientRecord, method: AuthMethod, trace: Trace, basicTried: boolean): void {
  if (client.public && method !== 'none') {
    trace.fail('client.auth_method', `public client "${client.clientId}" presented a secret (${method})`)
    trace.finding(findings.secretFromPublicClient(client.clientId, method))
    throw new OAuthError(
      'invalid_client',
      'This client is public: it must not present a secret (send client_id only).',
      {
        basicTried,
      },
    )
  }
  if (!client.public && method === 'none') {
    trace.fail('client.auth_method', `confidential client "${client.clientId}" sent no secret`)
    throw new OAuthError('invalid_client', 'This client is confidential: it must authenticate with its secret.')
  }
  if (!client.authMethods.includes(method)) {
    trace.fail('client.auth_method', `${method} is not among the client's methods (${client.authMethods.join(', ')})`)
    throw new OAuthError('invalid_client', `The authentication method ${method} is not allowed for this client.`, {
      basicTried,
    })
  }
  trace.ok('client.auth_method', `${method} is allowed`)
}

async function payDummy(svc: ServerServices, plaintext: string, trace: Trace, why: string): Promise<void> {
  // At the cost the stored secret hashes have, which the setting may no longer say: otherwise the
  // compare's time alone told an unknown client from a wrong secret.
  const cost = dummyCost(svc.store.clients.commonHashPrefix(), svc.store.settings.get().bcryptCost)
  const { ms } = await svc.dummy.compare(plaintext, cost)
  trace.hash('client.secret', 'fail', `${why}: one dummy hash compared so timing does not tell`, ms)
}

async function checkSecret(
  svc: ServerServices,
  client: ClientRecord,
  secret: string,
  trace: Trace,
  label: string,
): Promise<boolean> {
  if (client.secretHash === null) {
    // A public client has no secret to check (refused earlier); still pay the hash, never an early answer.
    await payDummy(svc, secret, trace, `${label}: client "${client.clientId}" has no secret`)
    return false
  }
  const v = await verifySecret(svc.hashPool, svc.secretCache, client.clientId, secret, client.secretHash)
  if (v.cached) {
    trace.hash('client.secret', 'ok', `${label}: verified before, remembered (cached, no hash)`, 0, false)
  } else {
    trace.hash('client.secret', v.match ? 'ok' : 'fail', `${label}: ${v.match ? 'verified' : 'does not match'}`, v.ms)
  }
  return v.match
}

async function authenticateBasic(svc: ServerServices, basic: BasicParsed, trace: Trace): Promise<ClientRecord> {
  // RFC 6749 §2.3.1: the id and secret are form-encoded before base64, so the form-decoded
  // reading is the one that counts. The raw reading is tried only to explain a failure (the
  // client skipped the encoding) and, for clients that allow it, to accept it.
  const readings: Array<{ creds: BasicCredentials; formDecoded: boolean }> = []
  if (basic.decoded !== null) readings.push({ creds: basic.decoded, formDecoded: true })
  if (basic.decoded === null || basic.wasEncodedDifferently) readings.push({ creds: basic.raw, formDecoded: false })

  let compared = false
  for (const { creds, formDecoded } of readings) {
    const which = formDecoded ? 'form-decoded' : 'raw (not form-decoded)'
    const client = svc.store.clients.get(creds.id)
    if (client === null) {
      trace.fail('client.lookup', `no client "${creds.id}" (${which} id)`)
      continue
    }
    trace.ok('client.lookup', `client "${client.clientId}" found (${which} id)`)
    checkMethod(client, 'client_secret_basic', trace, true)
    compared = true
    if (!(await checkSecret(svc, client, creds.secret, trace, `${which} secret`))) continue
    trace.clientId = client.clientId
    if (formDecoded) return client

    // Only the raw reading matched: the client did not form-encode (RFC 6749 §2.3.1). This verdict
    // replaces the request rules' look at the same header: it knows which reading matched.
    const ids = { rawId: basic.raw.id, decodedId: basic.decoded?.id ?? null }
    trace.finding(findings.basicNotFormEncoded(ids, client.lenientBasicAuth), true)
    if (client.lenientBasicAuth) {
      trace.info('client.basic_encoding', 'credentials are not form-encoded; accepted (the client allows it)')
      return client
    }
    trace.fail('client.basic_encoding', 'credentials are not form-encoded; refused (strict mode)')
    throw new OAuthError(
      'invalid_client',
      'The Basic credentials are not form-encoded: RFC 6749 section 2.3.1 requires the client id and secret to be application/x-www-form-urlencoded before base64.',
      { basicTried: true },
    )
  }
  if (!compared) await payDummy(svc, basic.decoded?.secret ?? basic.raw.secret, trace, 'unknown client')
  throw new OAuthError('invalid_client', AUTH_FAILED, { basicTried: true })
}

/** Phase 2: find the client and verify its secret. Throws invalid_client on any failure. */
export async function authenticateClient(
  svc: ServerServices,
  creds: ClientCredentials,
  trace: Trace,
): Promise<ClientRecord> {
  if (creds.method === 'client_secret_basic') return authenticateBasic(svc, creds.basic, trace)

  const client = svc.store.clients.get(creds.clientId)
  if (client === null) {
    trace.fail('client.lookup', `no client "${creds.clientId}"`)
    await payDummy(svc, creds.method === 'client_secret_post' ? creds.secret : creds.clientId, trace, 'unknown client')
    throw new OAuthError('invalid_client', AUTH_FAILED)
  }
  trace.ok('client.lookup', `client "${client.clientId}" found (${client.public ? 'public' : 'confidential'})`)
  checkMethod(client, creds.method, trace, false)
  if (creds.method === 'none') return client
  if (!(await checkSecret(svc, client, creds.secret, trace, 'client_secret'))) {
    throw new OAuthError('invalid_client', AUTH_FAILED)
  }
  return client
}
