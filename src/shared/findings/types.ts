// The findings catalogue's vocabulary (architecture.md "Findings"): every code is a member of one
// union, so a typo is a compile error and the UI, scenarios and tests can match on codes safely.

export type FindingSeverity = 'error' | 'warning' | 'info'

/** `client`: what a request did wrong. `server`: what a response did wrong. */
export type FindingSide = 'client' | 'server'

/**
 * The client findings a request shows on its own, without the server's state (no client record,
 * no token, no history): the recording proxy raises these on what a client sends to a real server,
 * with the same check functions the embedded server runs.
 */
export const REQUEST_CLIENT_FINDING_CODES = [
  'wrong_http_method',
  'credentials_in_query',
  'password_in_query',
  'missing_content_type',
  'wrong_content_type',
  'form_charset_not_utf8',
  'malformed_form_body',
  'repeated_parameter',
  'empty_parameter',
  'unknown_parameter',
  'missing_parameter',
  'accept_not_json',
  'basic_not_form_encoded',
  'basic_and_body_credentials',
  'empty_client_secret',
  'client_secret_post_used',
  'insecure_transport',
  'scope_comma_separated',
] as const

/** The client findings only the embedded server can raise: they need its clients, tokens or history. */
export const SERVER_STATE_CLIENT_FINDING_CODES = [
  'secret_from_public_client',
  'auth_method_switched',
  'unknown_scope',
  'scope_widened_on_refresh',
  'scope_without_consent',
  'failure_burst',
  'refresh_token_expired',
  'refresh_token_reuse',
  'password_grant_deprecated',
] as const

/** Raised by the embedded server (and, for those judged from the request alone, the proxy) on what a client sent. */
export const CLIENT_FINDING_CODES = [...REQUEST_CLIENT_FINDING_CODES, ...SERVER_STATE_CLIENT_FINDING_CODES] as const
export type ClientFindingCode = (typeof CLIENT_FINDING_CODES)[number]

/** Raised by the response checks on what another server answered. */
export const SERVER_FINDING_CODES = [
  'response_not_json',
  'content_type_not_json',
  'token_response_cacheable',
  'token_response_no_pragma',
  'invalid_client_not_401',
  'unauthorized_without_www_authenticate',
  'challenge_scheme_mismatch',
  'basic_challenge_without_realm',
  'error_body_extra_keys',
  'error_body_without_error',
  'error_code_not_registered',
  'error_status_not_400',
  'error_description_charset',
  'access_token_missing',
  'token_type_missing',
  'expires_in_not_numeric',
  'expires_in_missing',
  'scope_missing_when_changed',
  'introspection_active_missing',
  'introspection_inactive_extra_members',
  'revocation_not_200',
  'metadata_issuer_missing',
  'metadata_issuer_mismatch',
  'metadata_token_endpoint_missing',
  'metadata_grant_types_mismatch',
  'jwks_keys_missing',
  'refresh_reuse_accepted',
  'basic_and_body_accepted',
  'basic_not_form_decoded',
] as const
export type ServerFindingCode = (typeof SERVER_FINDING_CODES)[number]

export type FindingCode = ClientFindingCode | ServerFindingCode

/**
 * What a finding is judged from: `request` — the request alone (the embedded server and the proxy);
 * `server-state` — the request against what the embedded server knows (its clients, scopes, tokens,
 * recent failures); `response` — another server's answer (the response checks).
 */
export type FindingBasis = 'request' | 'server-state' | 'response'

export interface FindingDefinition {
  code: FindingCode
  side: FindingSide
  basis: FindingBasis
  /** The usual severity; one occurrence may raise or lower it (its message then says why). */
  severity: FindingSeverity
  /** e.g. `RFC 6749 §2.3.1` */
  rfc: string
  /** A few words, shown as the finding's heading. */
  title: string
  /** Why the rule exists, in plain words. */
  why: string
  /** What to change so the finding goes away. */
  fix: string
  /** One line: what makes the checks raise it. */
  trigger: string
}

/** A catalogue entry as written in the side's table: code and side come from where it sits. */
export type FindingEntry = Omit<FindingDefinition, 'code' | 'side' | 'basis'>
