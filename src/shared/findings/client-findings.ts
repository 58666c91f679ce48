// Client findings: what a request sent to a token server did wrong (or what the trainer wants
// shown about it). The embedded server raises these; src/server/oauth/findings.ts words each
// occurrence.
import type { ClientFindingCode, FindingEntry } from './types'

export const CLIENT_FINDINGS: Record<ClientFindingCode, FindingEntry> = {
  basic_not_form_encoded: {
    severity: 'error',
    rfc: 'RFC 6749 §2.3.1',
    title: 'Basic credentials not form-encoded',
    why:
      'RFC 6749 §2.3.1 has the client application/x-www-form-urlencode the client id and the secret before ' +
      'joining them with ":" and base64-encoding them. A client that skips it sends different bytes as soon as ' +
      'the id or secret holds a space, "+", "%", ":" or non-ASCII text, and a conforming server rejects them.',
    fix:
      'Form-encode the client id and the secret (Appendix B) before base64, or use client_secret_post. ' +
      'curl -u, requests-oauthlib, Insomnia and Bruno skip the encoding: encode the values yourself first.',
    trigger: 'Basic credentials that only match the client when read without form-decoding.',
  },
  credentials_in_query: {
    severity: 'error',
    rfc: 'RFC 6749 §2.3.1, §3.2',
    title: 'Client credentials in the URL',
    why:
      'RFC 6749 §2.3.1 forbids client credentials in the request URI, and §3.2 requires POST with the ' +
      'parameters in the body: URLs end up in server logs, proxies and browser history.',
    fix: 'Send client_id and client_secret in the Authorization header (Basic) or in the form body, never in the query.',
    trigger:
      'client_secret, refresh_token, token, access_token or client_assertion in the query string of a POST endpoint.',
  },
  password_in_query: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2',
    title: 'Password in the URL',
    why:
      "The user's password in the query string is written to every access log and proxy on the way. RFC 6749 " +
      '§3.2 requires the parameters in an application/x-www-form-urlencoded POST body.',
    fix: 'POST the parameters in the body with Content-Type: application/x-www-form-urlencoded.',
    trigger: 'A password parameter in the query string of a POST endpoint.',
  },
  missing_content_type: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2, Appendix B',
    title: 'No Content-Type',
    why:
      'The token endpoint reads an application/x-www-form-urlencoded body (§3.2); without a Content-Type the ' +
      'server cannot know how the body is encoded.',
    fix: 'Send Content-Type: application/x-www-form-urlencoded with the body.',
    trigger: 'A request to a POST endpoint (token, introspection, revocation) without a Content-Type header.',
  },
  wrong_content_type: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2, Appendix B',
    title: 'Body not form-encoded',
    why:
      'RFC 6749 §3.2 defines the token request as application/x-www-form-urlencoded. JSON or multipart bodies ' +
      'are a common mistake that conforming servers reject with invalid_request.',
    fix: 'Encode the parameters as application/x-www-form-urlencoded and say so in Content-Type.',
    trigger: 'A request to a POST endpoint whose Content-Type is not application/x-www-form-urlencoded.',
  },
  repeated_parameter: {
    severity: 'error',
    rfc: 'RFC 6749 §3.1',
    title: 'Parameter sent twice',
    why:
      'RFC 6749 §3.1: request parameters MUST NOT be included more than once. Two values leave it to the ' +
      'server which one wins, a classic source of parameter-pollution bugs.',
    fix: 'Send each parameter once (check for a value set both by a library and by hand).',
    trigger: 'The same parameter name more than once in the form body.',
  },
  client_secret_post_used: {
    severity: 'info',
    rfc: 'RFC 6749 §2.3.1',
    title: 'Client secret in the body',
    why:
      'RFC 6749 §2.3.1: client_secret_post is "NOT RECOMMENDED and SHOULD be limited to clients unable to ' +
      'directly utilize the HTTP Basic authentication scheme".',
    fix: 'Prefer Basic authentication (client_secret_basic) where the client library supports it.',
    trigger: 'A client that authenticated with client_secret in the form body.',
  },
  insecure_transport: {
    severity: 'info',
    rfc: 'RFC 6749 §1.6, §3.2',
    title: 'Credentials over plain HTTP',
    why:
      'RFC 6749 requires TLS for the token endpoint (§3.2) and for every request carrying a password (§1.6, ' +
      '§2.3.1). The lab listens on loopback only; a real server must not accept plain HTTP.',
    fix: 'Use https:// for the token endpoint of any real server.',
    trigger: 'A secret or password received over http:// rather than https://.',
  },
  scope_without_consent: {
    severity: 'info',
    rfc: 'RFC 9700 §2.4, RFC 6749 §10.7',
    title: 'Scope granted without consent',
    why:
      'With the password grant the client holds the password and chooses the scope; the resource owner never ' +
      'sees a consent screen. RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used.',
    fix: 'Move the client to the authorization code grant with PKCE (or device authorization for input-constrained devices).',
    trigger: 'Every successful password grant.',
  },
  refresh_token_reuse: {
    severity: 'error',
    rfc: 'RFC 9700 §4.14.2',
    title: 'Used refresh token presented again',
    why:
      'With rotation every refresh returns a new refresh token and the old one stops working. Seeing an old one ' +
      'again means the client kept a stale token or an attacker has it, so RFC 9700 §4.14.2 revokes the family.',
    fix: 'Store the refresh token of each refresh response and discard the one you sent; serialize concurrent refreshes.',
    trigger: 'A refresh_token grant presenting a refresh token that was already rotated.',
  },
  password_grant_deprecated: {
    severity: 'warning',
    rfc: 'RFC 9700 §2.4, RFC 9745, RFC 8594',
    title: 'Deprecated password grant used',
    why:
      'RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used, and OAuth 2.1 drops it. ' +
      'This server still answers it but has deprecated it: its answers carry a Deprecation header (RFC 9745), ' +
      'a Sunset header when a date is set (RFC 8594) and a Link to the migration page. After the sunset the ' +
      'grant is switched off and the client gets unsupported_grant_type.',
    fix:
      'Move the client to the authorization code grant with PKCE (the device authorization grant on devices ' +
      'without a browser), and watch for Deprecation and Sunset headers in the answers it receives.',
    trigger: 'A successful password grant while the grant is deprecated for the client or server-wide.',
  },
}
