// The inspector's token view (the decoding and the signature check are in token-decode.ts).
import type { JSONWebKeySet } from 'jose'
import type { LabAreaHandlers } from '../shared/lab-api'
import { decodeToken } from './token-decode'

export interface TokensHandlerDeps {
  /** The embedded server's JWKS, to check a JWT's signature against. */
  jwks: () => Promise<JSONWebKeySet>
}

export function createTokensHandlers({ jwks }: TokensHandlerDeps): LabAreaHandlers<'tokens'> {
  return {
    async 'tokens.decode'({ token }) {
      return decodeToken(token, jwks)
    },
  }
}
