// The RFC deviations (and trainer cautions) the server detects in what a client sent. Code, side,
// RFC section and default severity come from the findings catalogue; each constructor words the
// occurrence with what it saw. No message holds a secret, a password or a token: client ids,
// usernames, parameter names and scope tokens only.
import type { Finding } from '../../shared/exchange'
import { createFinding } from '../../shared/findings/catalogue'
import type { AuthMethod } from '../../shared/wire'

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ')

/** The client id as sent and as form-decoded (RFC 6749 §2.3.1), both shown: they are not secrets. */
export interface BasicIdReadings {
  rawId: string
  /** null when form-decoding failed. */
  decodedId: string | null
}

function idReadings({ rawId, decodedId }: BasicIdReadings): string {
  if (decodedId === null) return `client id as sent "${rawId}" (it cannot be form-decoded)`
  return rawId === decodedId
    ? `client id "${rawId}" (the same sent and form-decoded)`
    : `client id as sent "${rawId}", form-decoded "${decodedId}"`
}

export const findings = {
  wrongHttpMethod(method: string, endpoint: string, expected: readonly string[]): Finding {
    return createFinding(
      'wrong_http_method',
      `${method} to the ${endpoint} endpoint, which accepts ${expected.join(' or ')} only` +
        (expected.includes('POST')
          ? ' (RFC 6749 §3.2, RFC 7662 §2.1, RFC 7009 §2.1): parameters belong in a form-encoded POST body.'
          : ' (RFC 8414 §3.1).'),
    )
  },
  credentialsInQuery(names: string[]): Finding {
    return createFinding(
      'credentials_in_query',
      `Credentials (${names.join(', ')}) were sent in the URL query string. RFC 6749 §2.3.1 forbids client ` +
        'credentials in the request URI and §3.2 requires POST with the parameters in the body: URLs end up in ' +
        'logs, proxies and browser history.',
    )
  },
  passwordInQuery(): Finding {
    return createFinding(
      'password_in_query',
      "The user's password was sent in the URL query string. Token requests must be POSTed with the " +
        'parameters in an application/x-www-form-urlencoded body (RFC 6749 §3.2); URLs are logged everywhere.',
    )
  },
  missingContentType(): Finding {
    return createFinding(
      'missing_content_type',
      'The request has no Content-Type; the body must be sent as application/x-www-form-urlencoded.',
    )
  },
  wrongContentType(contentType: string): Finding {
    return createFinding(
      'wrong_content_type',
      `The body was sent as "${contentType}"; the token endpoint accepts application/x-www-form-urlencoded only.`,
    )
  },
  formCharsetNotUtf8(charset: string): Finding {
    return createFinding(
      'form_charset_not_utf8',
      `The form body is labelled charset=${charset}. RFC 6749 Appendix B defines application/x-www-form-urlencoded ` +
        'over UTF-8: send UTF-8 (charset=UTF-8, or no charset).',
    )
  },
  malformedFormBody(description: string): Finding {
    return createFinding(
      'malformed_form_body',
      `The body is not valid application/x-www-form-urlencoded (RFC 6749 Appendix B): ${description}.`,
    )
  },
  repeatedParameter(names: string[]): Finding {
    return createFinding(
      'repeated_parameter',
      `Parameter(s) ${quoted(names)} appear more than once; RFC 6749 §3.1: request parameters MUST NOT be included more than once.`,
    )
  },
  emptyParameter(names: string[]): Finding {
    return createFinding(
      'empty_parameter',
      `Parameter(s) ${quoted(names)} sent without a value: treated as omitted (RFC 6749 §3.2).`,
    )
  },
  unknownParameter(names: string[], where: string): Finding {
    return createFinding(
      'unknown_parameter',
      `Parameter(s) ${quoted(names)} are not defined for ${where}: ignored (RFC 6749 §3.2). Check the spelling ` +
        'if the client expects them to do something.',
    )
  },
  missingParameter(names: string[], where: string): Finding {
    return createFinding(
      'missing_parameter',
      `${where} without ${quoted(names)} (missing or empty): invalid_request (RFC 6749 §5.2).`,
    )
  },
  acceptNotJson(accept: string): Finding {
    return createFinding(
      'accept_not_json',
      `Accept: ${accept.length > 120 ? `${accept.slice(0, 120)}…` : accept} does not include application/json, ` +
        'the media type of every token, introspection and error answer (RFC 6749 §5.1, §5.2).',
    )
  },
  /**
   * Seen from the request alone: the Basic halves hold characters a form encoder escapes (or cannot
   * be form-decoded), so the client skipped RFC 6749 §2.3.1's encoding. `changesValue`: decoding
   * reads other characters than were sent ("+" as a space, "%41" as "A").
   */
  basicCharactersNotEncoded(ids: BasicIdReadings, where: 'client id' | 'secret' | 'client id and secret'): Finding {
    const changes = ids.decodedId === null || ids.decodedId !== ids.rawId
    return createFinding(
      'basic_not_form_encoded',
      `The Basic credentials (${idReadings(ids)}) hold characters in the ${where} that application/x-www-form-` +
        'urlencoding would have escaped (RFC 6749 §2.3.1, Appendix B): the client sent them raw. ' +
        (ids.decodedId === null
          ? 'A server that follows the RFC cannot form-decode them at all.'
          : 'A server that follows the RFC form-decodes them and may read another secret ("+" becomes a space, ' +
            '"%" starts an escape).'),
      ids.decodedId === null ? 'error' : changes ? 'error' : 'warning',
    )
  },
  /** Seen by the embedded server: only the raw (not form-decoded) reading matched the client. */
  basicNotFormEncoded(ids: BasicIdReadings, lenient: boolean): Finding {
    return createFinding(
      'basic_not_form_encoded',
      `The Basic credentials (${idReadings(ids)}) only match when read without form-decoding: the client ` +
        'did not application/x-www-form-urlencode the client id and secret before base64 as RFC 6749 §2.3.1 ' +
        'requires (curl -u, requests-oauthlib, Insomnia and Bruno skip this). ' +
        (lenient
          ? 'Accepted because the client allows non-form-encoded Basic credentials.'
          : 'Rejected with invalid_client (strict mode); enable "accept Basic credentials that are not form-encoded" on the client to accept them.'),
      lenient ? 'warning' : 'error',
    )
  },
  basicAndBodyCredentials(basicId: string): Finding {
    return createFinding(
      'basic_and_body_credentials',
      `Basic credentials (client id "${basicId}") and a client_secret in the body in one request: RFC 6749 §2.3, ` +
        'one authentication method per request (invalid_request).',
    )
  },
  emptyClientSecret(where: 'body' | 'basic', clientId: string | undefined): Finding {
    const who = clientId === undefined ? '' : ` for client "${clientId}"`
    return createFinding(
      'empty_client_secret',
      (where === 'body'
        ? `client_secret was sent empty${who}: an empty parameter counts as omitted (RFC 6749 §3.2), so the ` +
          'request carries no secret.'
        : `The Basic credentials${who} have an empty secret: that is no client authentication.`) +
        ' A public client sends client_id alone; a confidential one its secret (RFC 6749 §2.3.1).',
    )
  },
  clientSecretPostUsed(): Finding {
    return createFinding(
      'client_secret_post_used',
      'The client sent its secret in the request body (client_secret_post). RFC 6749 §2.3.1: this is "NOT ' +
        'RECOMMENDED and SHOULD be limited to clients unable to directly utilize the HTTP Basic authentication scheme".',
    )
  },
  insecureTransport(what: readonly string[]): Finding {
    return createFinding(
      'insecure_transport',
      `Credentials (${what.join(', ')}) travelled over plain HTTP. RFC 6749 requires TLS for the token endpoint ` +
        '(§3.2) and for any request carrying a password (§1.6, §2.3.1); the lab listens on loopback only, a real ' +
        'server must not.',
    )
  },
  scopeCommaSeparated(scope: string): Finding {
    const withCommas = scope.split(' ').filter((t) => t.includes(','))
    return createFinding(
      'scope_comma_separated',
      `scope "${scope}" uses commas; RFC 6749 §3.3 separates scope tokens with spaces, so ${quoted(withCommas)} ` +
        (withCommas.length === 1 ? 'is one scope name with the commas in it.' : 'are scope names with commas in them.'),
    )
  },
  secretFromPublicClient(clientId: string, method: AuthMethod): Finding {
    return createFinding(
      'secret_from_public_client',
      `Client "${clientId}" is registered as public but presented a secret (${method}). A public client cannot ` +
        'keep one (RFC 6749 §2.1, §10.1): it sends client_id alone.',
    )
  },
  authMethodSwitched(clientId: string, before: AuthMethod, now: AuthMethod, msAgo: number): Finding {
    const ago = msAgo < 1000 ? 'under a second' : `${Math.round(msAgo / 1000)} s`
    return createFinding(
      'auth_method_switched',
      `Client "${clientId}" failed with ${before} ${ago} ago and now authenticates with ${now}: a client ` +
        'probing authentication methods (golang.org/x/oauth2 AuthStyleAutoDetect does: Basic, then the body). ' +
        'Configure one method.',
    )
  },
  unknownScope(unknown: readonly string[], allowed: readonly string[]): Finding {
    return createFinding(
      'unknown_scope',
      `Scope ${quoted(unknown)} ${unknown.length === 1 ? 'is' : 'are'} not defined on this server (names are ` +
        `case-sensitive, RFC 6749 §3.3); the client may ask for ${allowed.length ? quoted(allowed) : 'no scope'}.`,
    )
  },
  scopeWidenedOnRefresh(extra: readonly string[], original: string): Finding {
    return createFinding(
      'scope_widened_on_refresh',
      `The refresh asked for ${quoted(extra)}, which the original grant ("${original}") did not include; ` +
        'RFC 6749 §6: a refresh may narrow the scope, never widen it.',
    )
  },
  scopeWithoutConsent(clientId: string, scope: string): Finding {
    return createFinding(
      'scope_without_consent',
      `Client "${clientId}" obtained scope "${scope || '(none)'}" without the resource owner ever seeing a consent ` +
        'screen: with the password grant the client chooses the scope and holds the password. RFC 9700 §2.4: the ' +
        'resource owner password credentials grant MUST NOT be used.',
    )
  },
  failureBurst(username: string, failures: number, windowSeconds: number, lockoutEnabled: boolean): Finding {
    return createFinding(
      'failure_burst',
      `${failures} failed password grants for user "${username}" within ${windowSeconds} s: online guessing ` +
        '(RFC 6819 §4.4.3.6) or a client retrying a wrong password. ' +
        (lockoutEnabled
          ? 'The lockout policy is what protects the user here (RFC 6749 §4.3.2).'
          : 'Lockout is off: nothing stops the guessing (RFC 6749 §4.3.2 requires brute-force protection).'),
    )
  },
  refreshTokenExpired(expiredAt: string): Finding {
    return createFinding(
      'refresh_token_expired',
      `The refresh token expired at ${expiredAt} and was presented anyway: invalid_grant. The client must start a ` +
        'new grant (RFC 6749 §6, §5.2), not retry the refresh.',
    )
  },
  refreshTokenReuse(familyId: string): Finding {
    return createFinding(
      'refresh_token_reuse',
      'A refresh token that had already been used (rotated) was presented again. Either the client kept an old ' +
        `token or it was stolen; the whole token family ${familyId} was revoked (RFC 9700 §4.14.2).`,
    )
  },
  pkceMissing(where: string): Finding {
    return createFinding(
      'pkce_missing',
      `${where} without code_challenge: this server requires PKCE (RFC 7636, RFC 9700 §2.1.1).`,
    )
  },
  pkcePlain(method: string | undefined): Finding {
    return createFinding(
      'pkce_plain',
      method === undefined
        ? 'code_challenge without code_challenge_method, which means plain (RFC 7636 §4.3); only S256 is accepted.'
        : `code_challenge_method=${method}: only S256 is accepted (RFC 9700 §2.1.1).`,
    )
  },
  pkceVerifierMismatch(missing: boolean): Finding {
    return createFinding(
      'pkce_verifier_mismatch',
      missing
        ? 'The token request has no code_verifier, but the code is bound to a code_challenge (RFC 7636 §4.5).'
        : 'The code_verifier does not hash (S256) to the code_challenge the code was bound to (RFC 7636 §4.6).',
    )
  },
  redirectUriMismatch(clientId: string, redirectUri: string, where: 'authorize' | 'token'): Finding {
    return createFinding(
      'redirect_uri_mismatch',
      where === 'authorize'
        ? `redirect_uri "${redirectUri}" is not registered for client "${clientId}" (exact match, RFC 9700 §4.1.3; any port only on a loopback URI, RFC 8252 §7.3).`
        : `The token request's redirect_uri "${redirectUri}" is not the one of the authorization request (RFC 6749 §4.1.3).`,
    )
  },
  stateMissing(clientId: string): Finding {
    return createFinding(
      'state_missing',
      `Client "${clientId}" sent no state with its authorization request (RFC 6749 §10.12).`,
    )
  },
  authorizationCodeReused(clientId: string, revoked: number): Finding {
    return createFinding(
      'authorization_code_reused',
      `Client "${clientId}" presented an authorization code that was already redeemed; ${revoked} token(s) it issued were revoked (RFC 6749 §4.1.2).`,
    )
  },
  challengeNotFirstParty(clientId: string): Finding {
    return createFinding(
      'challenge_not_first_party',
      `Client "${clientId}" is not marked first-party: it was answered redirect_to_web (draft-ietf-oauth-first-party-apps §7.1).`,
    )
  },
}
