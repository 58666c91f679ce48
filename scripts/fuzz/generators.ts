// One request generator per endpoint, all built the same way (method, target, headers, body from mutations.ts).
// A new endpoint is one more entry of GENERATORS: a GET endpoint builds its query from its pairs with `queryEndpoint`
// (the authorization endpoint), a form endpoint uses `formEndpoint` (token, introspection, revocation, challenge).
import * as fc from 'fast-check'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import type { FuzzCredentials, FuzzRequest } from './fuzz-request'
import {
  contentType,
  method,
  authorizationOf,
  bodyBytes,
  editPairs,
  encodePairs,
  headerText,
  rightOrWrong,
  shapeOf,
  type Shape,
} from './mutations'

export interface RequestGenerator {
  name: string
  arbitrary(creds: FuzzCredentials): fc.Arbitrary<FuzzRequest>
}

/** Mostly `right`, sometimes one of `others`. */
const mostly = (right: string, ...others: string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(right) }, { weight: 1, arbitrary: fc.constantFrom(...others) })

const optionalPair = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<Array<[string, string]>> =>
  fc.option(value, { nil: undefined, freq: 10 }).map((v) => (v === undefined ? [] : [[name, v]]))

/** Pairs from per-parameter arbitraries, each present or absent, in a shuffled order. */
const pairsOf = (...parts: Array<fc.Arbitrary<Array<[string, string]>>>): fc.Arbitrary<Array<[string, string]>> =>
  fc.tuple(...parts).chain((lists) => fc.shuffledSubarray(lists.flat(), { minLength: lists.flat().length }))

/** Client credentials in the body (client_secret_post, RFC 6749 §2.3.1), sometimes. */
const bodyClient = (c: FuzzCredentials) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<Array<[string, string]>>([]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(rightOrWrong(c.clientId), rightOrWrong(c.clientSecret))
        .map(([id, s]): Array<[string, string]> => [
          ['client_id', id],
          ['client_secret', s],
        ]),
    },
  )

const pickFrom = (list: () => readonly string[], fallback: string): fc.Arbitrary<string> =>
  fc.nat().map((i) => {
    const all = list()
    return all.length ? all[i % all.length]! : fallback
  })

const tokenOrJunk = (list: () => readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: pickFrom(list, 'none') },
    { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 64 }) },
  )

/** Where the request goes: the endpoint's path, now and then with a query, a trailing slash or other case. */
const targetOf = (path: string, query: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 14, arbitrary: fc.constant(path) },
    { weight: 1, arbitrary: query.map((q) => `${path}?${q}`) },
    { weight: 1, arbitrary: fc.constantFrom(`${path}/`, path.toUpperCase(), `${path}%00`, `${path}/..`, `${path};x`) },
  )

type PairsOf = (c: FuzzCredentials) => fc.Arbitrary<Array<[string, string]>>

/** The confidential client's Basic credentials, right or wrong or malformed (the default of a form endpoint). */
const confidentialBasic = (c: FuzzCredentials) =>
  authorizationOf(rightOrWrong(c.clientId), rightOrWrong(c.clientSecret))

/** A form-POST endpoint (token, introspection, revocation, the authorization challenge). */
function formEndpoint(
  name: string,
  path: string,
  pairs: PairsOf,
  authorization: (c: FuzzCredentials) => fc.Arbitrary<string | undefined> = confidentialBasic,
): RequestGenerator {
  return {
    name,
    arbitrary: (c) =>
      fc
        .record({
          method,
          shape: shapeOf(pairs(c)),
          contentType,
          authorization: authorization(c),
          corruption: fc.nat(12),
          chunked: fc.boolean(),
          extra: fc.oneof(
            { weight: 4, arbitrary: fc.constant(null) },
            {
              weight: 1,
              arbitrary: fc.tuple(
                fc.constantFrom('accept', 'x-forwarded-for', 'content-encoding', 'origin'),
                headerText,
              ),
            },
          ),
        })
        .chain((r) =>
          targetOf(path, fc.constant(encodePairs(r.shape.pairs, 0))).map((target) => toRequest(name, target, r)),
        ),
  }
}

/**
 * A GET endpoint whose parameters are the query (the authorization endpoint, RFC 6749 §4.1.1): the generated
 * pairs, edited and encoded as a form body would be, go after `?`; the method is GET but now and then another.
 */
function queryEndpoint(name: string, path: string, pairs: PairsOf): RequestGenerator {
  return {
    name,
    arbitrary: (c) =>
      fc
        .record({
          method: fc.oneof({ weight: 12, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: method }),
          shape: shapeOf(pairs(c)),
          suffix: fc.constantFrom('', '', '', '', '/', '#frag', '&', '?'),
          cookie: fc.option(headerText, { nil: undefined, freq: 6 }),
        })
        .map(({ method: m, shape, suffix, cookie }): FuzzRequest => {
          // A query is bounded by the server's header limit, not the body limit: keep it under 8 KiB.
          const query = encodePairs(
            editPairs({ ...shape, edit: shape.edit === 'huge' ? 'noise' : shape.edit }),
            shape.style,
          )
          const target = `${path}${suffix}?${query.length > 6_000 ? query.slice(0, 6_000) : query}`
          const headers: Record<string, string> = cookie === undefined ? {} : { cookie }
          return { generator: name, method: m, target, headers, body: Buffer.alloc(0), chunked: false }
        }),
  }
}

interface Parts {
  method: string
  shape: Shape
  contentType: string | undefined
  authorization: string | undefined
  corruption: number
  chunked: boolean
  extra: [string, string] | null
}

function toRequest(generator: string, target: string, r: Parts): FuzzRequest {
  const headers: Record<string, string> = {}
  if (r.contentType !== undefined) headers['content-type'] = r.contentType
  if (r.authorization !== undefined) headers.authorization = r.authorization
  if (r.extra) headers[r.extra[0]] = r.extra[1]
  const body = bodyBytes(encodePairs(editPairs(r.shape), r.shape.style), r.corruption)
  return { generator, method: r.method, target, headers, body, chunked: r.chunked }
}

const passwordPairs = (c: FuzzCredentials) =>
  pairsOf(
    optionalPair('grant_type', mostly('password', 'PASSWORD', 'password ', 'refresh_token', 'x')),
    optionalPair('username', rightOrWrong(c.username)),
    optionalPair('password', rightOrWrong(c.password)),
    optionalPair('scope', mostly('read', 'read write', 'admin', '', ' read', 'read\u0000', 'ünïcode')),
    bodyClient(c),
  )

const refreshPairs = (c: FuzzCredentials) =>
  pairsOf(
    optionalPair('grant_type', mostly('refresh_token', 'Refresh_Token', 'password')),
    optionalPair('refresh_token', tokenOrJunk(c.refreshTokens)),
    optionalPair('scope', mostly('read', 'write', 'admin', '')),
    bodyClient(c),
  )

const otherGrantPairs = (c: FuzzCredentials) =>
  pairsOf(
    optionalPair('grant_type', fc.oneof(fc.constantFrom('client_credentials', 'authorization_code'), fc.string())),
    optionalPair('code', fc.string({ maxLength: 40 })),
    optionalPair('redirect_uri', fc.webUrl()),
    bodyClient(c),
  )

const tokenHintPairs = (c: FuzzCredentials) =>
  pairsOf(
    optionalPair('token', tokenOrJunk(c.accessTokens)),
    optionalPair('token_type_hint', fc.constantFrom('access_token', 'refresh_token', 'x', '')),
    bodyClient(c),
  )

/** An RFC 7636 §4.2 S256 challenge (43 base64url characters), or something else a client might send. */
const codeChallenge = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.base64String({ minLength: 44, maxLength: 44 }).map((b) => b.slice(0, 43).replace(/[+/=]/g, 'A')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'short', 'x'.repeat(129), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
)
const challengeMethod = mostly('S256', 'plain', 's256', 'S512', '')

const authorizePairs = (c: FuzzCredentials) =>
  pairsOf(
    optionalPair('response_type', mostly('code', 'token', 'CODE', 'code id_token', '')),
    optionalPair('client_id', rightOrWrong(c.publicClientId)),
    optionalPair(
      'redirect_uri',
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(c.redirectUri) },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            c.redirectUri.replace('127.0.0.1', '127.0.0.1:8080'),
            c.redirectUri.replace('127.0.0.1', 'localhost'),
            `${c.redirectUri}/../evil`,
            `${c.redirectUri}?x=1`,
            `${c.redirectUri}#f`,
            'http://evil.example/cb',
            'http://127.0.0.1@evil.example/cb',
            '//evil.example/cb',
            'javascript:alert(1)',
          ),
        },
        { weight: 1, arbitrary: fc.webUrl() },
      ),
    ),
    optionalPair('code_challenge', codeChallenge),
    optionalPair('code_challenge_method', challengeMethod),
    optionalPair('state', fc.string({ maxLength: 40 })),
    optionalPair('scope', mostly('read', 'read write', 'admin', '', 'ünïcode')),
  )

/** Public clients name themselves with client_id (RFC 6749 §2.3, the draft's §5.1); sometimes Basic instead. */
const publicClientAuth = (c: FuzzCredentials) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 1, arbitrary: confidentialBasic(c) },
  )

const challengePairs = (c: FuzzCredentials) =>
  pairsOf(
    optionalPair('client_id', rightOrWrong(c.publicClientId)),
    optionalPair('username', rightOrWrong(c.username)),
    optionalPair('password', rightOrWrong(c.password)),
    optionalPair('code_challenge', codeChallenge),
    optionalPair('code_challenge_method', challengeMethod),
    optionalPair('scope', mostly('read', 'write', 'admin', '')),
    // Now and then a made-up auth_session with an otp (the fuzz user has no second factor: never right).
    fc.oneof(
      { weight: 5, arbitrary: fc.constant<Array<[string, string]>>([]) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.string({ maxLength: 64 }), fc.stringMatching(/^\d{0,8}$/))
          .map(([session, otp]): Array<[string, string]> => [
            ['auth_session', session],
            ['otp', otp],
          ]),
      },
    ),
  )

export const GENERATORS: readonly RequestGenerator[] = [
  formEndpoint('token:password', ENDPOINT_PATHS.token, passwordPairs),
  formEndpoint('token:refresh', ENDPOINT_PATHS.token, refreshPairs),
  formEndpoint('token:other', ENDPOINT_PATHS.token, otherGrantPairs),
  formEndpoint('introspect', ENDPOINT_PATHS.introspect, tokenHintPairs),
  formEndpoint('revoke', ENDPOINT_PATHS.revoke, tokenHintPairs),
  queryEndpoint('authorize', ENDPOINT_PATHS.authorize, authorizePairs),
  formEndpoint('challenge', ENDPOINT_PATHS.challenge, challengePairs, publicClientAuth),
]

/** Any request of any generator. */
export const anyRequest = (creds: FuzzCredentials): fc.Arbitrary<FuzzRequest> =>
  fc.oneof(...GENERATORS.map((g) => g.arbitrary(creds)))
