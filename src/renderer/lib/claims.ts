// One line per claim a token or an introspection answer may carry (RFC 7519 §4.1, RFC 9068
// §2.2, RFC 7662 §2.2, RFC 8693 §4.3), so a reader learns what each one is for.
import { describeNumericDate } from './time'

const CLAIM_MEANINGS: Record<string, string> = {
  iss: 'Issuer: who created and signed the token (the authorization server).',
  sub: 'Subject: whom the token is about, here the resource owner (the user).',
  aud: 'Audience: the resource server(s) that must accept this token; others must reject it.',
  exp: 'Expires: after this time the token must not be accepted.',
  nbf: 'Not before: the token must not be accepted before this time.',
  iat: 'Issued at: when the token was created.',
  jti: 'JWT ID: unique id of this token, lets a server detect replay or revoke it.',
  client_id: 'The client the token was issued to (RFC 9068 §2.2).',
  scope: 'Space-separated scopes granted (RFC 6749 §3.3): what the token allows.',
  username: "The resource owner's username, as typed in the password grant.",
  auth_time: 'When the user last authenticated.',
  token_type: 'Type of the token, e.g. Bearer (RFC 6750).',
  active: 'Whether the token is currently valid (RFC 7662 §2.2); everything else is only present when true.',
  email: "The user's e-mail address (an OpenID Connect standard claim), from the user's claims in the workspace.",
  name: "The user's display name (an OpenID Connect standard claim), from the user's claims in the workspace.",
  typ: 'Media type of the JWT; "at+jwt" marks an access token (RFC 9068 §2.1).',
  alg: 'Signature algorithm; never "none" for an access token.',
  kid: "Key ID: which key of the server's JWKS signed the token.",
}

export const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time'])

export interface ClaimRow {
  name: string
  value: string
  /** For NumericDate claims: local time and relative time. */
  when?: string
  meaning: string
}

export function claimMeaning(name: string): string {
  return CLAIM_MEANINGS[name] ?? "A custom claim (from the user's claims in the workspace, or the issuer's own)."
}

export function formatClaimValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

export function explainClaims(claims: Record<string, unknown>, nowMs: number): ClaimRow[] {
  return Object.entries(claims).map(([name, value]) => ({
    name,
    value: formatClaimValue(value),
    when: TIME_CLAIMS.has(name) && typeof value === 'number' ? describeNumericDate(value, nowMs) : undefined,
    meaning: claimMeaning(name),
  }))
}
