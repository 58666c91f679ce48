// Error responses of the token endpoint, RFC 6749 §5.2, over every one the run received.
import {
  expectDescriptionCharset,
  expectErrorStatus,
  expectJsonObject,
  expectKnownErrorCode,
  expectNoStore,
  expectOnlyErrorKeys,
} from '../assert'
import type { Check, CheckGroup } from '../check'
import { errors, judgeAll } from './judge-all'

const KIND = 'error responses of the token endpoint'

const keys: Check = {
  name: '§5.2 error bodies have only error, error_description and error_uri',
  rfc: 'RFC 6749 §5.2',
  async run(step) {
    judgeAll(step, errors(step), KIND, expectOnlyErrorKeys)
  },
}

const codes: Check = {
  name: '§5.2 error codes are the ones §5.2 defines',
  rfc: 'RFC 6749 §5.2',
  async run(step) {
    judgeAll(step, errors(step), KIND, expectKnownErrorCode)
  },
}

const description: Check = {
  name: '§5.2 error_description is printable ASCII without " or \\',
  rfc: 'RFC 6749 §5.2',
  async run(step) {
    judgeAll(step, errors(step), KIND, expectDescriptionCharset)
  },
}

const status: Check = {
  name: '§5.2 errors are 400, or 401 for invalid_client',
  rfc: 'RFC 6749 §5.2',
  async run(step) {
    judgeAll(step, errors(step), KIND, expectErrorStatus)
  },
}

const noStore: Check = {
  name: '§5.2 error responses carry Cache-Control: no-store',
  rfc: 'RFC 6749 §5.2, §5.1',
  async run(step) {
    judgeAll(step, errors(step), KIND, expectNoStore)
  },
}

const json: Check = {
  name: '§5.2 error responses are application/json',
  rfc: 'RFC 6749 §5.2',
  async run(step) {
    judgeAll(step, errors(step), KIND, expectJsonObject)
  },
}

export const errorResponseChecks: CheckGroup = {
  name: 'error responses',
  checks: [keys, codes, description, status, noStore, json],
}
