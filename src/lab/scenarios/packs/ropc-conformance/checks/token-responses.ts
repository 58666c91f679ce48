// Successful token responses, RFC 6749 §5.1, over every one the run received, judged by the shared
// judge (src/shared/response-checks/token-answer.ts).
import type { CheckGroup } from '../check'
import { judgeEvery, successes } from './judge-all'

const KIND = 'successful token responses'

export const tokenResponseChecks: CheckGroup = {
  name: 'token responses',
  checks: [
    judgeEvery({
      id: 'token-response.members',
      name: '§5.1 a token response has access_token and token_type',
      rfc: 'RFC 6749 §5.1',
      quote: 'access_token REQUIRED. The access token issued by the authorization server. token_type REQUIRED.',
      level: 'MUST',
      select: successes,
      kind: KIND,
      codes: ['access_token_missing', 'token_type_missing'],
    }),
    judgeEvery({
      id: 'token-response.expires-in',
      name: '§5.1 expires_in is a number of seconds',
      rfc: 'RFC 6749 §5.1, Appendix A.14',
      quote: 'expires_in RECOMMENDED. The lifetime in seconds of the access token. (expires-in = 1*DIGIT)',
      level: 'MUST',
      select: successes,
      kind: KIND,
      codes: ['expires_in_not_numeric', 'expires_in_missing'],
    }),
    judgeEvery({
      id: 'token-response.no-store',
      name: '§5.1 token responses carry Cache-Control: no-store and Pragma: no-cache',
      rfc: 'RFC 6749 §5.1',
      quote:
        'The authorization server MUST include the HTTP "Cache-Control" response header field with a value of ' +
        '"no-store" in any response containing tokens, credentials, or other sensitive information, as well as ' +
        'the "Pragma" response header field with a value of "no-cache".',
      level: 'MUST',
      select: successes,
      kind: KIND,
      codes: ['token_response_cacheable', 'token_response_no_pragma'],
    }),
    judgeEvery({
      id: 'token-response.json',
      name: '§5.1 token responses are application/json',
      rfc: 'RFC 6749 §5.1',
      quote:
        'The parameters are included in the entity-body of the HTTP response using the "application/json" media type',
      level: 'MUST',
      select: successes,
      kind: KIND,
      codes: ['response_not_json', 'content_type_not_json'],
    }),
  ],
}
