// Successful token responses, RFC 6749 §5.1, over every one the run received.
import { expectBearer, expectExpiresInSeconds, expectJsonObject, expectNoStore, expectPragmaNoCache } from '../assert'
import type { CheckGroup } from '../check'
import { stringField, type Reply } from '../reply'
import { judgeEvery, successes } from './judge-all'

const KIND = 'successful token responses'

function accessToken(r: Reply) {
  const token = stringField(r, 'access_token')
  return token !== undefined && token !== ''
    ? []
    : [{ what: `${r.label}: access_token`, expected: 'a non-empty string', actual: '(absent)' }]
}

const onSuccesses = (name: string, rfc: string, ...rules: Parameters<typeof judgeEvery>[4][]) =>
  judgeEvery(name, rfc, successes, KIND, ...rules)

export const tokenResponseChecks: CheckGroup = {
  name: 'token responses',
  checks: [
    onSuccesses(
      '§5.1 a token response has access_token and token_type Bearer',
      'RFC 6749 §5.1',
      accessToken,
      expectBearer,
    ),
    onSuccesses('§5.1 expires_in is a number of seconds', 'RFC 6749 §5.1, Appendix A.14', expectExpiresInSeconds),
    onSuccesses(
      '§5.1 token responses carry Cache-Control: no-store and Pragma: no-cache',
      'RFC 6749 §5.1',
      expectNoStore,
      expectPragmaNoCache,
    ),
    onSuccesses('§5.1 token responses are application/json', 'RFC 6749 §5.1', expectJsonObject),
  ],
}
