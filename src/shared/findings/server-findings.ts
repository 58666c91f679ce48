// Server findings: what another server's answer did wrong, read from the rules the embedded
// server follows itself (rfc-checklist.md "Judging another server's answer"). The response
// checks in src/shared/response-checks raise them; each occurrence says what was seen.
import type { FindingEntry, ServerFindingCode } from './types'

export const SERVER_FINDINGS: Record<ServerFindingCode, FindingEntry> = {
  response_not_json: {
    severity: 'error',
    rfc: 'RFC 6749 §5.1, §5.2; RFC 7662 §2.2; RFC 8414 §3.2',
    title: 'Answer is not JSON',
    why:
      'Token answers (success and error), introspection answers and metadata are JSON objects. A client cannot ' +
      'read an HTML error page or a form-encoded body, so it fails with a parse error instead of the OAuth error.',
    fix: 'Answer with a JSON object body, also for errors and from any gateway in front of the server.',
    trigger: 'A token, introspection, metadata or JWKS answer, or a revocation error, whose body is not a JSON object.',
  },
  content_type_not_json: {
    severity: 'warning',
    rfc: 'RFC 6749 §5.1, §5.2; RFC 7662 §2.2; RFC 8414 §3.2',
    title: 'Content-Type is not application/json',
    why:
      'The RFCs name application/json as the media type of these answers. Clients that check the type (or ' +
      'browsers) refuse or mis-handle a JSON body labelled text/html or text/plain.',
    fix: 'Send Content-Type: application/json (application/jwk-set+json is also fine for a JWKS).',
    trigger: 'A JSON answer whose Content-Type is missing or another media type.',
  },
  token_response_cacheable: {
    severity: 'error',
    rfc: 'RFC 6749 §5.1',
    title: 'Token answer without Cache-Control: no-store',
    why:
      'RFC 6749 §5.1: any response containing tokens, credentials or other sensitive information MUST carry ' +
      'Cache-Control: no-store, or a shared cache may hand the tokens to someone else. On an error answer no ' +
      'rule asks for it (reported as info): adding it still keeps a cache from replaying a stale answer.',
    fix: 'Add Cache-Control: no-store to every token endpoint answer, success and error.',
    trigger: 'A token endpoint answer whose Cache-Control does not include no-store.',
  },
  token_response_no_pragma: {
    severity: 'warning',
    rfc: 'RFC 6749 §5.1',
    title: 'Token answer without Pragma: no-cache',
    why:
      'RFC 6749 §5.1 also asks for Pragma: no-cache on a successful token answer, for HTTP/1.0 caches that do not ' +
      'understand Cache-Control. RFC 9111 has since deprecated Pragma, hence only a warning.',
    fix: 'Add Pragma: no-cache beside Cache-Control: no-store on token answers.',
    trigger: 'A successful token answer without Pragma: no-cache.',
  },
  invalid_client_not_401: {
    severity: 'error',
    rfc: 'RFC 6749 §5.2',
    title: 'invalid_client after Basic is not a 401',
    why:
      'RFC 6749 §5.2: when the client tried the Authorization header, the server MUST answer invalid_client with ' +
      '401 and a WWW-Authenticate header for the scheme the client used. HTTP libraries rely on the 401 to retry ' +
      'or to report an authentication failure.',
    fix: 'Answer 401 with WWW-Authenticate: Basic realm="..." when a Basic attempt fails client authentication.',
    trigger: 'An invalid_client error with a status other than 401 to a request that carried Basic credentials.',
  },
  unauthorized_without_www_authenticate: {
    severity: 'error',
    rfc: 'RFC 9110 §15.5.2, RFC 6749 §5.2',
    title: '401 without WWW-Authenticate',
    why:
      'RFC 9110 §15.5.2: a 401 MUST carry WWW-Authenticate with at least one challenge. Without it a client cannot ' +
      'tell which credentials are expected.',
    fix: 'Send WWW-Authenticate: Basic realm="..." with every 401 (the scheme the client used).',
    trigger: 'A 401 without a WWW-Authenticate header (or with an empty one).',
  },
  challenge_scheme_mismatch: {
    severity: 'error',
    rfc: 'RFC 6749 §5.2',
    title: 'WWW-Authenticate does not challenge the scheme the client used',
    why:
      'RFC 6749 §5.2: after a failed Authorization header the server "MUST include the WWW-Authenticate response ' +
      'header field matching the authentication scheme used by the client". A Bearer challenge to a Basic attempt ' +
      'tells the client to send a token it does not have.',
    fix: 'Answer a failed Basic attempt with WWW-Authenticate: Basic realm="...".',
    trigger: 'A 401 to a request with Authorization: Basic whose WWW-Authenticate has no Basic challenge.',
  },
  basic_challenge_without_realm: {
    severity: 'error',
    rfc: 'RFC 7617 §2',
    title: 'Basic challenge without realm',
    why:
      'RFC 7617 §2: "The \'realm\' authentication parameter is REQUIRED" in a Basic challenge (REQUIRED is a MUST, ' +
      'RFC 2119). Clients use the realm as the protection space their credentials belong to.',
    fix: 'Send WWW-Authenticate: Basic realm="<your server>" (and, optionally, charset="UTF-8").',
    trigger: 'A WWW-Authenticate Basic challenge without a realm parameter.',
  },
  error_body_extra_keys: {
    severity: 'warning',
    rfc: 'RFC 6749 §5.2',
    title: 'Error body with extra members',
    why:
      'RFC 6749 §5.2 defines an error answer as error, error_description and error_uri. Extra members often leak ' +
      'internals (stack traces, whether a user exists, lock counters) and clients ignore them anyway.',
    fix: 'Answer errors with error, error_description and error_uri only; keep diagnostics in the server log.',
    trigger: 'A token or revocation error body with members other than error, error_description and error_uri.',
  },
  error_body_without_error: {
    severity: 'error',
    rfc: 'RFC 6749 §5.2',
    title: 'Error answer without an error code',
    why:
      'RFC 6749 §5.2: the error member is REQUIRED in an error answer. Without it a client can only report "it ' +
      'failed" and cannot react (for example re-authenticate on invalid_grant).',
    fix: 'Put one of the §5.2 codes in an "error" string member of every error answer.',
    trigger: 'A 4xx or 5xx token or revocation answer whose JSON body has no string "error" member.',
  },
  error_code_not_registered: {
    severity: 'warning',
    rfc: 'RFC 6749 §5.2, §8.5',
    title: 'Error code outside RFC 6749 §5.2',
    why:
      'Clients branch on the error code. RFC 6749 §5.2 defines invalid_request, invalid_client, invalid_grant, ' +
      'unauthorized_client, unsupported_grant_type and invalid_scope; any other code (unless registered, §8.5) is ' +
      'one a client cannot be expected to understand.',
    fix: 'Map the failure to the closest §5.2 code and put the detail into error_description.',
    trigger: 'A token error whose code is not one of §5.2 (or, at the revocation endpoint, RFC 7009 §2.2.1).',
  },
  error_status_not_400: {
    severity: 'warning',
    rfc: 'RFC 6749 §5.2',
    title: 'Error status is not 400',
    why:
      'RFC 6749 §5.2: the server answers errors with 400 (Bad Request) unless stated otherwise; only ' +
      'invalid_client may be 401. Some clients treat 401 or 403 as "the client credentials are wrong".',
    fix: 'Answer 400 for every §5.2 error except invalid_client after an Authorization header attempt (401).',
    trigger: 'A token error other than invalid_client answered with a status other than 400.',
  },
  error_description_charset: {
    severity: 'error',
    rfc: 'RFC 6749 §5.2',
    title: 'error_description outside the allowed characters',
    why:
      'RFC 6749 §5.2: error_description MUST NOT include characters outside %x20-21 / %x23-5B / %x5D-7E, that is ' +
      'printable ASCII without " and \\. The value ends up in headers and logs where quotes, backslashes, control ' +
      'characters or non-ASCII text break parsers or allow injection.',
    fix: 'Restrict error_description to printable ASCII without double quote and backslash.',
    trigger: 'An error_description that is not a string or holds a character outside %x20-21 / %x23-5B / %x5D-7E.',
  },
  access_token_missing: {
    severity: 'error',
    rfc: 'RFC 6749 §5.1',
    title: 'Success without access_token',
    why: 'RFC 6749 §5.1: access_token is REQUIRED in a successful token answer.',
    fix: 'Return the issued token in an access_token string member.',
    trigger: 'A 2xx token answer without a non-empty string access_token.',
  },
  token_type_missing: {
    severity: 'error',
    rfc: 'RFC 6749 §5.1, §7.1',
    title: 'Success without token_type',
    why:
      'RFC 6749 §5.1: token_type is REQUIRED; §7.1: the client MUST NOT use a token whose type it does not ' +
      'understand, so a strict client discards the answer.',
    fix: 'Add "token_type": "Bearer" (or the type issued) to the token answer.',
    trigger: 'A successful token answer without a string token_type.',
  },
  expires_in_not_numeric: {
    severity: 'error',
    rfc: 'RFC 6749 §5.1, Appendix A.14',
    title: 'expires_in is not a number',
    why:
      'RFC 6749 §5.1: numerical values are JSON numbers, and expires_in is a count of seconds (Appendix A.14: ' +
      '1*DIGIT). A string or a fraction makes clients compute a wrong expiry or fail.',
    fix: 'Send expires_in as a non-negative JSON integer, e.g. "expires_in": 3600.',
    trigger: 'A successful token answer whose expires_in is not a non-negative integer JSON number.',
  },
  expires_in_missing: {
    severity: 'info',
    rfc: 'RFC 6749 §5.1',
    title: 'Success without expires_in',
    why:
      'RFC 6749 §5.1: expires_in is RECOMMENDED. Without it the client cannot tell when to refresh and learns the ' +
      'expiry only from a rejected call.',
    fix: 'Add expires_in (seconds) to the token answer.',
    trigger: 'A successful token answer without expires_in.',
  },
  scope_missing_when_changed: {
    severity: 'error',
    rfc: 'RFC 6749 §5.1, §3.3',
    title: 'Scope changed but not returned',
    why:
      'RFC 6749 §3.3 and §5.1: when the granted scope differs from the requested one, the answer MUST include ' +
      'scope; otherwise the client believes it holds the scope it asked for. Only knowable when the token itself ' +
      'shows its scope (a JWT access token, RFC 9068 §2.2.3).',
    fix: 'Include "scope" in the token answer whenever the granted scope is not exactly the requested one.',
    trigger: 'A token answer without scope whose JWT access token carries a scope other than the one requested.',
  },
  introspection_active_missing: {
    severity: 'error',
    rfc: 'RFC 7662 §2.2',
    title: 'Introspection without a boolean active',
    why:
      'RFC 7662 §2.2: active is REQUIRED and is a boolean; it is the one member a resource server must check. A ' +
      'string "true" or a missing member leaves the protected resource guessing.',
    fix: 'Answer every introspection with "active": true or "active": false (JSON booleans).',
    trigger: 'A 200 introspection answer whose active member is missing or not a JSON boolean.',
  },
  introspection_inactive_extra_members: {
    severity: 'warning',
    rfc: 'RFC 7662 §2.2',
    title: 'Inactive token introspected with extra members',
    why:
      "RFC 7662 §2.2: to avoid disclosing the server's state, the server SHOULD NOT include any additional " +
      'information about an inactive token, including why it is inactive. The answer should be exactly ' +
      '{"active": false}.',
    fix: 'Answer an inactive, unknown, expired or foreign token with exactly {"active": false}.',
    trigger: 'An introspection answer with "active": false and any other member.',
  },
  revocation_not_200: {
    severity: 'error',
    rfc: 'RFC 7009 §2.2',
    title: 'Revocation not answered with 200',
    why:
      'RFC 7009 §2.2: the server answers 200 whether the token was revoked or was invalid (unknown, expired, ' +
      'already revoked): an invalid token is no error, and the answer must not tell which tokens exist.',
    fix:
      'Answer 200 to every well-formed revocation request; keep errors for failed client authentication, ' +
      'unsupported_token_type and malformed requests (§2.2.1).',
    trigger:
      'A revocation request with a token parameter answered with a status other than 200, except invalid_client, ' +
      'unsupported_token_type and 503.',
  },
  metadata_issuer_missing: {
    severity: 'error',
    rfc: 'RFC 8414 §2',
    title: 'Metadata without issuer',
    why: 'RFC 8414 §2: issuer is REQUIRED; clients validate it against the URL before they trust any other member.',
    fix: 'Add issuer, the https URL the metadata URL was built from.',
    trigger: 'A metadata document without a string issuer.',
  },
  metadata_issuer_mismatch: {
    severity: 'error',
    rfc: 'RFC 8414 §3.3',
    title: 'Metadata issuer differs from where it was fetched',
    why:
      'RFC 8414 §3.3: the issuer MUST be identical to the issuer identifier the well-known URL was built from, ' +
      'and otherwise the metadata MUST NOT be used. It is what stops one server from impersonating another ' +
      '(mix-up attacks, RFC 9700 §4.4).',
    fix:
      'Serve issuer exactly as the base URL of the well-known path (scheme, host, port and path); behind a proxy, ' +
      'configure the public URL.',
    trigger:
      'Metadata fetched from <issuer>/.well-known/oauth-authorization-server (or with the path after it) whose issuer is another URL.',
  },
  metadata_token_endpoint_missing: {
    severity: 'error',
    rfc: 'RFC 8414 §2',
    title: 'Metadata without token_endpoint',
    why:
      'RFC 8414 §2: token_endpoint is REQUIRED unless only the implicit grant is supported, and a password grant ' +
      'client needs nothing else from the metadata.',
    fix: 'Add token_endpoint with the absolute URL of the token endpoint.',
    trigger: 'A metadata document without a string token_endpoint.',
  },
  metadata_grant_types_mismatch: {
    severity: 'warning',
    rfc: 'RFC 8414 §2',
    title: 'grant_types_supported disagrees with the token endpoint',
    why:
      'Clients and tools read grant_types_supported to decide what to try. A grant the endpoint accepts but the ' +
      'metadata does not list (or one it lists but refuses) misleads them; when the member is omitted RFC 8414 §2 ' +
      'means ["authorization_code", "implicit"].',
    fix: 'List in grant_types_supported exactly the grant types the token endpoint accepts.',
    trigger:
      'A grant type the token endpoint accepted that the metadata omits, or one it lists but answered unsupported_grant_type.',
  },
  jwks_keys_missing: {
    severity: 'error',
    rfc: 'RFC 7517 §5',
    title: 'JWK Set without keys',
    why: 'RFC 7517 §5: a JWK Set is a JSON object with a REQUIRED keys array; without it no signature can be verified.',
    fix: 'Serve {"keys": [...]} with the public signing keys.',
    trigger: 'A JWKS answer whose JSON object has no keys array.',
  },
  refresh_reuse_accepted: {
    severity: 'error',
    rfc: 'RFC 9700 §4.14.2',
    title: 'Rotated refresh token accepted again',
    why:
      'RFC 9700 §4.14.2: with rotation, a refresh token that was already used must be refused (and the family ' +
      'revoked): otherwise a stolen refresh token works as long as the legitimate client keeps refreshing.',
    fix: 'Refuse a used refresh token with invalid_grant and revoke every token of its family.',
    trigger: 'A refresh token presented a second time, after the server rotated it, answered with new tokens.',
  },
  basic_and_body_accepted: {
    severity: 'warning',
    rfc: 'RFC 6749 §2.3, §5.2',
    title: 'Basic and body credentials both accepted',
    why:
      'RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request, and §5.2 lists that ' +
      'case under invalid_request. A server that accepts both has to pick one silently, and the two may disagree.',
    fix: 'Refuse with invalid_request a request carrying Basic credentials and client_secret in the body.',
    trigger:
      'A successful token answer to a request with both an Authorization: Basic header and a body client_secret.',
  },
  basic_not_form_decoded: {
    severity: 'error',
    rfc: 'RFC 6749 §2.3.1',
    title: 'Basic credentials not form-decoded',
    why:
      'RFC 6749 §2.3.1: the client id and secret are form-encoded before base64, so the server must form-decode ' +
      'them. A server that skips it refuses conforming clients as soon as the id or secret holds a character the ' +
      'encoding changes (space, "+", "%", ":", non-ASCII).',
    fix: 'After base64-decoding and splitting at the first ":", application/x-www-form-urlencoded-decode both parts.',
    trigger: 'The same credentials refused when form-encoded in Basic and accepted when sent raw (as curl -u does).',
  },
}
