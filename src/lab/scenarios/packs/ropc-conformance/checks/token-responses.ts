// Successful token responses, RFC 6749 §5.1, over every one the run received.
import { expectBearer, expectExpiresInSeconds, expectJsonObject, expectNoStore, expectPragmaNoCache } from '../assert'
import type { Check, CheckGroup } from '../check'
import { stringField, type Reply } from '../reply'
import { judgeAll, successes } from './judge-all'

const KIND = 'successful token responses'

function accessToken(r: Reply) {
  const token = stringField(r, 'access_token')
  return token !== undefined && token !== ''
    ? []
    : [{ what: `${r.label}: access_token`, expected: 'a non-empty string', actual: '(absent)' }]
}

const members: Check = {
  name: '§5.1 a token response has access_token and token_type Bearer',
  rfc: 'RFC 6749 §5.1',
  async run(step) {
    judgeAll(step, successes(step), KIND, accessToken, expectBearer)
  },
}

const expiresIn: Check = {
  name: '§5.1 expires_in is a number of seconds',
  rfc: 'RFC 6749 §5.1, Appendix A.14',
  async run(step) {
    judgeAll(step, successes(step), KIND, expectExpiresInSeconds)
  },
}

const noStore: Check = {
  name: '§5.1 token responses carry Cache-Control: no-store and Pragma: no-cache',
  rfc: 'RFC 6749 §5.1',
  async run(step) {
    judgeAll(step, successes(step), KIND, expectNoStore, expectPragmaNoCache)
  },
}

const json: Check = {
  name: '§5.1 token responses are application/json',
  rfc: 'RFC 6749 §5.1',
  async run(step) {
    judgeAll(step, successes(step), KIND, expectJsonObject)
  },
}

export const tokenResponseChecks: CheckGroup = { name: 'token responses', checks: [members, expiresIn, noStore, json] }
