// The inspector's token view: a JWT decoded and its signature checked against the embedded
// server's JWKS (RFC 9068 §4: validate typ, signature, kid); anything else is an opaque token.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import type { DecodedToken } from '../shared/lab-api'
import { STRIPPED_SIGNATURE } from '../shared/masking'

export async function decodeToken(token: string, jwks: () => Promise<JSONWebKeySet>): Promise<DecodedToken> {
  let header: Record<string, unknown>
  let payload: Record<string, unknown>
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>
    payload = decodeJwt(token) as Record<string, unknown>
  } catch {
    return { kind: 'opaque' }
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined
  const alg = typeof header.alg === 'string' ? header.alg : undefined
  if (token.endsWith(`.${STRIPPED_SIGNATURE}`)) {
    const error =
      'the exchange log keeps no signature (tokens are never stored as issued); send the request again to verify one'
    return {
      kind: 'jwt',
      header,
      payload,
      signature: { verified: false, ...(kid && { kid }), ...(alg && { alg }), error },
    }
  }
  try {
    // Expiry is shown, not enforced, here: an expired token still has a valid signature.
    await jwtVerify(token, createLocalJWKSet(await jwks()), { currentDate: new Date(0), typ: 'at+jwt' })
    return { kind: 'jwt', header, payload, signature: { verified: true, ...(kid && { kid }), ...(alg && { alg }) } }
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err)
    return {
      kind: 'jwt',
      header,
      payload,
      signature: { verified: false, ...(kid && { kid }), ...(alg && { alg }), error },
    }
  }
}
