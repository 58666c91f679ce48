// One request generator per endpoint, all built the same way (method, target, headers, body from mutations.ts).
// A new endpoint is one more entry of GENERATORS: a GET endpoint builds its query from `pairs` instead of a body
// (a form-only generator with the method fixed to GET), a form endpoint uses `formEndpoint` as the token, introspection and revocation ones do.
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

/** A form-POST endpoint (token, introspection, revocation; the challenge endpoint when it lands). */
function formEndpoint(
  name: string,
  path: string,
  pairs: (c: FuzzCredentials) => fc.Arbitrary<Array<[string, string]>>,
): RequestGenerator {
  return {
    name,
    arbitrary: (c) =>
      fc
        .record({
          method,
          shape: shapeOf(pairs(c)),
          contentType,
          authorization: authorizationOf(rightOrWrong(c.clientId), rightOrWrong(c.clientSecret)),
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

export const GENERATORS: readonly RequestGenerator[] = [
  formEndpoint('token:password', ENDPOINT_PATHS.token, passwordPairs),
  formEndpoint('token:refresh', ENDPOINT_PATHS.token, refreshPairs),
  formEndpoint('token:other', ENDPOINT_PATHS.token, otherGrantPairs),
  formEndpoint('introspect', ENDPOINT_PATHS.introspect, tokenHintPairs),
  formEndpoint('revoke', ENDPOINT_PATHS.revoke, tokenHintPairs),
]

/** Any request of any generator. */
export const anyRequest = (creds: FuzzCredentials): fc.Arbitrary<FuzzRequest> =>
  fc.oneof(...GENERATORS.map((g) => g.arbitrary(creds)))
