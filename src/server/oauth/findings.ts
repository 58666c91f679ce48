// The RFC deviations (and trainer cautions) the server detects in what a client sent. Code, side,
// RFC section and default severity come from the findings catalogue; each constructor words the
// occurrence with what it saw.
import type { Finding } from '../../shared/exchange'
import { createFinding } from '../../shared/findings/catalogue'

export const findings = {
  basicNotFormEncoded(clientId: string, lenient: boolean): Finding {
    return createFinding(
      'basic_not_form_encoded',
      `The Basic credentials of client "${clientId}" only match when read without form-decoding: the client ` +
        'did not application/x-www-form-urlencode the client id and secret before base64 as RFC 6749 §2.3.1 ' +
        'requires (curl -u, requests-oauthlib, Insomnia and Bruno skip this). ' +
        (lenient
          ? 'Accepted because the client allows non-form-encoded Basic credentials.'
          : 'Rejected with invalid_client (strict mode); enable "accept Basic credentials that are not form-encoded" on the client to accept them.'),
      lenient ? 'warning' : 'error',
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
  repeatedParameter(names: string[]): Finding {
    return createFinding(
      'repeated_parameter',
      `Parameter(s) ${names.map((n) => `"${n}"`).join(', ')} appear more than once; RFC 6749 §3.1: request parameters MUST NOT be included more than once.`,
    )
  },
  clientSecretPostUsed(): Finding {
    return createFinding(
      'client_secret_post_used',
      'The client sent its secret in the request body (client_secret_post). RFC 6749 §2.3.1: this is "NOT ' +
        'RECOMMENDED and SHOULD be limited to clients unable to directly utilize the HTTP Basic authentication scheme".',
    )
  },
  insecureTransport(): Finding {
    return createFinding(
      'insecure_transport',
      'Credentials travelled over plain HTTP. RFC 6749 requires TLS for the token endpoint (§3.2) and for any ' +
        'request carrying a password (§1.6, §2.3.1); the lab listens on loopback only, a real server must not.',
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
  refreshTokenReuse(familyId: string): Finding {
    return createFinding(
      'refresh_token_reuse',
      'A refresh token that had already been used (rotated) was presented again. Either the client kept an old ' +
        `token or it was stolen; the whole token family ${familyId} was revoked (RFC 9700 §4.14.2).`,
    )
  },
}
