// Client findings: what a request sent to a token server did wrong (or what the trainer wants
// shown about it). The embedded server raises all of them, the recording proxy those judged from
// the request alone (REQUEST_CLIENT_FINDING_CODES); src/server/oauth/findings.ts words each
// occurrence.
import type { ClientFindingCode, FindingEntry } from './types'

export const CLIENT_FINDINGS: Record<ClientFindingCode, FindingEntry> = {
  wrong_http_method: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2; RFC 7662 §2.1; RFC 7009 §2.1; RFC 8414 §3.1',
    title: 'Wrong HTTP method',
    why:
      'RFC 6749 §3.2: the client MUST use POST for token requests, and introspection (RFC 7662 §2.1) and ' +
      'revocation (RFC 7009 §2.1) are POSTs too; metadata is a GET (RFC 8414 §3.1). A GET token request puts ' +
      'the password in the URL, where every log keeps it.',
    fix: 'POST to the token, introspection and revocation endpoints; GET the metadata and the JWKS.',
    trigger: 'A GET (or PUT, DELETE…) to the token, introspection or revocation endpoint, or a POST to the metadata.',
  },
  credentials_in_query: {
    severity: 'error',
    rfc: 'RFC 6749 §2.3.1, §3.2',
    title: 'Client credentials in the URL',
    why:
      'RFC 6749 §2.3.1 forbids client credentials in the request URI, and §3.2 requires POST with the ' +
      'parameters in the body: URLs end up in server logs, proxies and browser history.',
    fix: 'Send client_id and client_secret in the Authorization header (Basic) or in the form body, never in the query.',
    trigger: 'client_secret, refresh_token, token, access_token or client_assertion in the query string.',
  },
  password_in_query: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2',
    title: 'Password in the URL',
    why:
      "The user's password in the query string is written to every access log and proxy on the way. RFC 6749 " +
      '§3.2 requires the parameters in an application/x-www-form-urlencoded POST body.',
    fix: 'POST the parameters in the body with Content-Type: application/x-www-form-urlencoded.',
    trigger: 'A password parameter in the query string.',
  },
  missing_content_type: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2, Appendix B',
    title: 'No Content-Type',
    why:
      'The token endpoint reads an application/x-www-form-urlencoded body (§3.2); without a Content-Type the ' +
      'server cannot know how the body is encoded.',
    fix: 'Send Content-Type: application/x-www-form-urlencoded with the body.',
    trigger: 'A POST to the token, introspection or revocation endpoint without a Content-Type header.',
  },
  wrong_content_type: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2, Appendix B',
    title: 'Body not form-encoded',
    why:
      'RFC 6749 §3.2 defines the token request as application/x-www-form-urlencoded. JSON or multipart bodies ' +
      'are a common mistake that conforming servers reject with invalid_request.',
    fix: 'Encode the parameters as application/x-www-form-urlencoded and say so in Content-Type.',
    trigger: 'A POST whose Content-Type is another media type, such as application/json or multipart/form-data.',
  },
  form_charset_not_utf8: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2, Appendix B',
    title: 'Form body in a charset other than UTF-8',
    why:
      'RFC 6749 Appendix B defines the form encoding over UTF-8: non-ASCII characters are UTF-8 encoded, then ' +
      'percent-encoded. A body labelled ISO-8859-1 (or windows-1252) means a password with "é" arrives as other ' +
      'bytes than the ones the server hashed, so the user cannot log in.',
    fix: 'Encode names and values as UTF-8 and send charset=UTF-8, or no charset at all.',
    trigger: 'Content-Type: application/x-www-form-urlencoded with a charset other than UTF-8.',
  },
  malformed_form_body: {
    severity: 'error',
    rfc: 'RFC 6749 §3.2, Appendix B',
    title: 'Body is not valid form encoding',
    why:
      'Appendix B: "%" starts exactly two hex digits and the decoded bytes are UTF-8. A lone "%" (a secret with ' +
      '"100%" sent unencoded) or Latin-1 bytes are not form encoding; a strict server refuses them, a lenient one ' +
      'guesses, and the two guess differently.',
    fix: 'Build the body with a form encoder (URLSearchParams, urllib.parse.urlencode) instead of string concatenation.',
    trigger: 'A "%" not followed by two hex digits, or bytes that are not UTF-8, in the form body.',
  },
  repeated_parameter: {
    severity: 'error',
    rfc: 'RFC 6749 §3.1',
    title: 'Parameter sent twice',
    why:
      'RFC 6749 §3.1 and §3.2: request parameters MUST NOT be included more than once. Two values leave it to ' +
      'the server which one wins, a classic source of parameter-pollution bugs.',
    fix: 'Send each parameter once (check for a value set both by a library and by hand).',
    trigger: 'The same parameter name more than once in the form body.',
  },
  empty_parameter: {
    severity: 'info',
    rfc: 'RFC 6749 §3.2',
    title: 'Parameter without a value',
    why:
      'RFC 6749 §3.2: parameters sent without a value MUST be treated as if they were omitted. "scope=" asks for ' +
      'the default scope, not for no scope; "username=" is a missing username.',
    fix: 'Leave out a parameter that has no value, so what you send says what you mean.',
    trigger: 'A form parameter with an empty value, such as scope= (client_secret= has its own finding).',
  },
  unknown_parameter: {
    severity: 'info',
    rfc: 'RFC 6749 §3.2',
    title: 'Parameter the endpoint does not define',
    why:
      'RFC 6749 §3.2: the server MUST ignore unrecognized parameters. A client that sends "audience" or ' +
      '"client_name" expecting an effect gets none, silently; a typo ("grant-type") is a missing parameter.',
    fix: 'Send only the parameters the grant or endpoint defines; check the spelling of the ones you rely on.',
    trigger:
      'A body parameter that the password grant, the refresh grant, introspection or revocation does not define ' +
      '(resource, RFC 8707, is known).',
  },
  missing_parameter: {
    severity: 'error',
    rfc: 'RFC 6749 §4.3.2, §6, §5.2; RFC 7662 §2.1; RFC 7009 §2.1',
    title: 'Required parameter missing',
    why:
      'The password grant requires grant_type, username and password (RFC 6749 §4.3.2), the refresh grant ' +
      'refresh_token (§6), introspection and revocation token (RFC 7662 §2.1, RFC 7009 §2.1). A missing (or empty) ' +
      'one is invalid_request (§5.2).',
    fix: 'Send every required parameter with a value.',
    trigger: 'A token, introspection or revocation request without one of its required parameters (or with it empty).',
  },
  accept_not_json: {
    severity: 'warning',
    rfc: 'RFC 6749 §5.1, §5.2; RFC 9110 §12.5.1',
    title: 'Accept does not include JSON',
    why:
      'Token, introspection and error answers are application/json (RFC 6749 §5.1, §5.2). A client that says it ' +
      'accepts only text/html or application/xml asks for something no OAuth server sends; some gateways then ' +
      'answer 406 or an HTML page instead of the OAuth error.',
    fix: 'Send Accept: application/json, or no Accept header.',
    trigger: 'An Accept header that application/json does not match (no application/json, application/*, */*).',
  },
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
    trigger:
      'Basic credentials holding characters a form encoder escapes, or that only match the client when read ' +
      'without form-decoding.',
  },
  basic_and_body_credentials: {
    severity: 'error',
    rfc: 'RFC 6749 §2.3, §5.2',
    title: 'Two client authentication methods at once',
    why:
      'RFC 6749 §2.3: the client MUST NOT use more than one authentication method in each request; §5.2 lists it ' +
      'under invalid_request. With Basic and a body secret the server would have to pick one, and the two may ' +
      'name different clients or secrets.',
    fix: 'Send the secret either in the Authorization header (Basic) or as client_secret in the body, not both.',
    trigger: 'An Authorization: Basic header and a client_secret in the form body.',
  },
  empty_client_secret: {
    severity: 'warning',
    rfc: 'RFC 6749 §2.3.1, §3.2',
    title: 'Empty client secret',
    why:
      'RFC 6749 §3.2: an empty parameter counts as omitted, and §2.3.1 lets a client whose secret is empty omit ' +
      'client_secret. So "client_secret=" (or Basic "id:") is no authentication at all: a confidential client is ' +
      'refused, and a public client should send client_id alone.',
    fix: 'A confidential client sends its secret; a public client sends client_id in the body and no secret.',
    trigger: 'client_secret= with no value in the body, or Basic credentials whose secret is empty.',
  },
  client_secret_post_used: {
    severity: 'info',
    rfc: 'RFC 6749 §2.3.1',
    title: 'Client secret in the body',
    why:
      'RFC 6749 §2.3.1: client_secret_post is "NOT RECOMMENDED and SHOULD be limited to clients unable to ' +
      'directly utilize the HTTP Basic authentication scheme".',
    fix: 'Prefer Basic authentication (client_secret_basic) where the client library supports it.',
    trigger: 'A client_secret in the form body (and no Authorization header).',
  },
  insecure_transport: {
    severity: 'info',
    rfc: 'RFC 6749 §1.6, §3.2',
    title: 'Credentials over plain HTTP',
    why:
      'RFC 6749 requires TLS for the token endpoint (§3.2) and for every request carrying a password (§1.6, ' +
      '§2.3.1). The lab listens on loopback only; a real server must not accept plain HTTP.',
    fix: 'Use https:// for the token endpoint of any real server.',
    trigger: 'A password, a client secret or an Authorization header sent over http:// rather than https://.',
  },
  scope_comma_separated: {
    severity: 'warning',
    rfc: 'RFC 6749 §3.3',
    title: 'Scope separated by commas',
    why:
      'RFC 6749 §3.3: scope is a list of space-delimited strings. "read,write" is one scope token named ' +
      '"read,write" (a comma is a legal character in it), which the server does not know: the habit comes from ' +
      'APIs (GitHub, Facebook) that took their own liberties.',
    fix: 'Join scopes with a single space: scope=read%20write (or read+write in the form body).',
    trigger: 'A scope parameter holding a comma.',
  },
  secret_from_public_client: {
    severity: 'error',
    rfc: 'RFC 6749 §2.1, §10.1',
    title: 'A public client sent a secret',
    why:
      'A public client (a mobile or browser app) cannot keep a secret (RFC 6749 §2.1), so the server issues it ' +
      'none and must not rely on one (§10.1). A secret shipped in such an app is public: anyone can extract it and ' +
      'pose as the client.',
    fix: 'Send client_id in the body and no secret; if the client can keep a secret, register it as confidential instead.',
    trigger: 'Basic credentials or a client_secret presented for a client registered as public.',
  },
  auth_method_switched: {
    severity: 'warning',
    rfc: 'RFC 6749 §2.3; RFC 8414 §2',
    title: 'Retried with another authentication method',
    why:
      'After a failed request the same client came back within seconds authenticating another way (Basic, then ' +
      'client_secret in the body). golang.org/x/oauth2 does this by default (AuthStyleAutoDetect): every ' +
      'failure costs two requests, a wrong secret is sent twice, and the real error is hidden behind the second ' +
      'answer. RFC 8414 §2 token_endpoint_auth_methods_supported tells the client which method to use.',
    fix: 'Configure the method once (Go: Endpoint.AuthStyle = oauth2.AuthStyleInHeader) or read it from the metadata.',
    trigger:
      'A token request that authenticates a client with another method than its failed request of the last 10 seconds.',
  },
  unknown_scope: {
    severity: 'error',
    rfc: 'RFC 6749 §3.3, §5.2',
    title: 'Scope the server does not know',
    why:
      'RFC 6749 §5.2: invalid_scope covers a scope that is "invalid, unknown, malformed". Scope names are ' +
      'case-sensitive (§3.3): "Read" is not "read". Clients often copy scope names from another provider.',
    fix: 'Request only scopes the server defines (RFC 8414 scopes_supported lists them), spelled exactly.',
    trigger: 'A password grant asking for a scope token the workspace does not define.',
  },
  scope_widened_on_refresh: {
    severity: 'error',
    rfc: 'RFC 6749 §6',
    title: 'Refresh asked for more scope than granted',
    why:
      'RFC 6749 §6: the requested scope MUST NOT include any scope not originally granted, and an omitted scope ' +
      'means the original one. A refresh is no way to gain scope: that takes a new grant.',
    fix: 'Omit scope on refresh, or ask for a subset of the original grant.',
    trigger: 'A refresh_token grant whose scope holds a token the original grant did not include.',
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
  failure_burst: {
    severity: 'warning',
    rfc: 'RFC 6749 §4.3.2; RFC 6819 §4.4.3.6',
    title: 'Burst of failed logins for one user',
    why:
      'RFC 6749 §4.3.2: because the password grant takes the password, the server MUST protect the endpoint ' +
      'against brute force. Many failures for one username within a minute is online guessing (RFC 6819 ' +
      '§4.4.3.6) — or a client retrying a wrong password in a loop, which locks the user out.',
    fix: 'Never retry invalid_grant automatically: ask the user again. On the server: lockout, rate limits and alerts.',
    trigger: 'The 5th (and every further) failed password grant for the same username within 60 seconds.',
  },
  refresh_token_expired: {
    severity: 'warning',
    rfc: 'RFC 6749 §6, §5.2',
    title: 'Refresh token used after it expired',
    why:
      'An expired refresh token is invalid_grant (RFC 6749 §5.2) and will never work again. A client that keeps ' +
      'presenting it (or only then notices) should have gone back to the user; with the password grant that ' +
      'means asking for the password again, which is why clients are tempted to store it.',
    fix: 'On invalid_grant from a refresh, drop the tokens and start a new grant; never store the password to do it.',
    trigger: 'A refresh_token grant presenting a refresh token past its expiry.',
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
  pkce_missing: {
    severity: 'error',
    rfc: 'RFC 7636 §4.3; RFC 9700 §2.1.1',
    title: 'Authorization request without PKCE',
    why:
      'Without a code_challenge, whoever intercepts the authorization code (a malicious app on the same ' +
      'custom scheme, a log, a referrer) can redeem it. RFC 9700 §2.1.1 requires PKCE for public clients and ' +
      'recommends it for all; this server requires it.',
    fix: 'Make a fresh code_verifier per request, send code_challenge=BASE64URL(SHA256(verifier)) with method S256, and the verifier at the token endpoint.',
    trigger: 'An authorization or authorization challenge request without code_challenge.',
  },
  pkce_plain: {
    severity: 'error',
    rfc: 'RFC 7636 §4.2; RFC 9700 §2.1.1',
    title: 'PKCE with the plain method',
    why:
      'With plain, the challenge is the verifier itself, sent through the browser where PKCE is meant to ' +
      'protect it. RFC 9700 §2.1.1: use S256; this server refuses plain (and an absent method, which means plain).',
    fix: 'Send code_challenge_method=S256 with code_challenge=BASE64URL(SHA256(code_verifier)).',
    trigger: 'code_challenge_method=plain, or a code_challenge without a method.',
  },
  pkce_verifier_mismatch: {
    severity: 'error',
    rfc: 'RFC 7636 §4.6',
    title: 'Wrong or missing code_verifier',
    why:
      'The token request must prove it comes from whoever made the authorization request: the verifier must ' +
      'hash to the challenge the code was bound to. A mismatch means a lost verifier, a mixed-up flow, or a ' +
      'stolen code.',
    fix: "Keep the code_verifier of each authorization request with its state and send it with that request's code.",
    trigger: "An authorization_code grant whose code_verifier is missing or does not hash to the code's challenge.",
  },
  redirect_uri_mismatch: {
    severity: 'error',
    rfc: 'RFC 9700 §4.1.3; RFC 6749 §3.1.2.3, §4.1.3',
    title: 'Redirect URI not registered, or not the same',
    why:
      'Redirect URIs are compared as exact strings (RFC 9700 §4.1.3): pattern matching has let attackers ' +
      'send codes to their own pages. Only a loopback redirect may change its port (RFC 8252 §7.3). At the ' +
      'token endpoint, redirect_uri must repeat the one of the authorization request (RFC 6749 §4.1.3).',
    fix: 'Register every redirect URI in full on the client and send exactly one of them; repeat it in the token request.',
    trigger:
      'An authorization request whose redirect_uri is not registered, or a token request whose redirect_uri differs.',
  },
  state_missing: {
    severity: 'warning',
    rfc: 'RFC 6749 §10.12; RFC 9700 §2.1',
    title: 'Authorization request without state',
    why:
      'state ties the answer to the request the client made, protecting its redirect endpoint from cross-site ' +
      'request forgery (RFC 6749 §10.12). PKCE also does (RFC 9700 §2.1), but a client that checks neither ' +
      'accepts any code an attacker sends it.',
    fix: 'Send an unguessable state with each authorization request and compare it when the redirect comes back.',
    trigger: 'An authorization request without state.',
  },
  authorization_code_reused: {
    severity: 'error',
    rfc: 'RFC 6749 §4.1.2, §10.5',
    title: 'Authorization code used twice',
    why:
      'An authorization code is single-use (RFC 6749 §4.1.2). A second use means the code leaked or the client ' +
      'retried blindly; the server refuses it and revokes the tokens the first use issued.',
    fix: 'Redeem each code once; on a network error start a new authorization request rather than resending the code.',
    trigger: 'An authorization_code grant presenting a code that was already redeemed.',
  },
  challenge_not_first_party: {
    severity: 'warning',
    rfc: 'RFC 6749 §2.1; draft-ietf-oauth-first-party-apps §7.1',
    title: 'Authorization challenge from a client not marked first-party',
    why:
      "The authorization challenge endpoint lets an app collect the user's credentials itself: only apps of " +
      'the same operator as the server may (draft-ietf-oauth-first-party-apps §7.1). Others are sent to the ' +
      "browser (redirect_to_web), where the user signs in on the server's own page.",
    fix: 'Use the authorization code flow with PKCE in the browser, or mark the client first-party if it really is.',
    trigger: 'A request to the authorization challenge endpoint from a client without firstParty.',
  },
}
