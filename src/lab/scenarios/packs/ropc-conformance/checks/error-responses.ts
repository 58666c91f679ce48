// Error responses of the token endpoint, RFC 6749 §5.2, over every one the run received, judged by
// the shared judge (src/shared/response-checks/error-answer.ts). Levels are the judge's: an error
// code outside §5.2 is a warning (temporarily_unavailable and server_error only an info), and
// Cache-Control: no-store on an error is info only: §5.1's MUST covers answers carrying tokens, and
// neither §5.2 nor RFC 9700 has a SHOULD about caching errors.
import type { CheckGroup } from '../check'
import { errors, judgeEvery } from './judge-all'

const KIND = 'error responses of the token endpoint'

export const errorResponseChecks: CheckGroup = {
  name: 'error responses',
  checks: [
    judgeEvery({
      id: 'error-response.members',
      name: '§5.2 error bodies have error, and only error, error_description and error_uri',
      rfc: 'RFC 6749 §5.2',
      quote: 'error REQUIRED. A single ASCII error code from the following',
      level: 'MUST',
      select: errors,
      kind: KIND,
      codes: ['error_body_without_error', 'error_body_extra_keys'],
    }),
    judgeEvery({
      id: 'error-response.code',
      name: '§5.2 error codes are the ones §5.2 defines',
      rfc: 'RFC 6749 §5.2',
      quote: 'error REQUIRED. A single ASCII error code from the following: invalid_request, invalid_client, ...',
      level: 'MUST',
      select: errors,
      kind: KIND,
      codes: ['error_code_not_registered'],
    }),
    judgeEvery({
      id: 'error-response.description-charset',
      name: '§5.2 error_description is printable ASCII without " or \\',
      rfc: 'RFC 6749 §5.2',
      quote:
        'Values for the "error_description" parameter MUST NOT include characters outside the set %x20-21 / %x23-5B / %x5D-7E.',
      level: 'MUST',
      select: errors,
      kind: KIND,
      codes: ['error_description_charset'],
    }),
    judgeEvery({
      id: 'error-response.status',
      // The 401 and its challenge after Basic are judged by the client authentication checks, on the
      // probe that tests them, so one broken rule fails one check.
      name: '§5.2 errors are 400, or 401 for invalid_client',
      rfc: 'RFC 6749 §5.2',
      quote:
        'The authorization server responds with an HTTP 400 (Bad Request) status code (unless specified otherwise)',
      level: 'MUST',
      select: errors,
      kind: KIND,
      codes: ['error_status_not_400'],
    }),
    judgeEvery({
      id: 'error-response.no-store',
      name: '§5.2 error responses carry Cache-Control: no-store (info)',
      rfc: 'RFC 6749 §5.1 (spirit)',
      quote:
        '§5.1 requires no-store on "any response containing tokens, credentials, or other sensitive information"; ' +
        '§5.2 asks nothing about caching errors, and no SHOULD or BCP sentence does, so this is info only.',
      level: 'info',
      select: errors,
      kind: KIND,
      codes: ['token_response_cacheable'],
    }),
    judgeEvery({
      id: 'error-response.json',
      name: '§5.2 error responses are application/json',
      rfc: 'RFC 6749 §5.2',
      quote:
        'The parameters are included in the entity-body of the HTTP response using the "application/json" media type',
      level: 'MUST',
      select: errors,
      kind: KIND,
      codes: ['response_not_json', 'content_type_not_json'],
    }),
  ],
}
