// Error responses of the token endpoint, RFC 6749 §5.2, over every one the run received.
import {
  expectDescriptionCharset,
  expectErrorStatus,
  expectJsonObject,
  expectKnownErrorCode,
  expectNoStore,
  expectOnlyErrorKeys,
} from '../assert'
import type { CheckGroup } from '../check'
import { errors, judgeEvery } from './judge-all'

const KIND = 'error responses of the token endpoint'
const onErrors = (name: string, rfc: string, ...rules: Parameters<typeof judgeEvery>[4][]) =>
  judgeEvery(name, rfc, errors, KIND, ...rules)

export const errorResponseChecks: CheckGroup = {
  name: 'error responses',
  checks: [
    onErrors(
      '§5.2 error bodies have only error, error_description and error_uri',
      'RFC 6749 §5.2',
      expectOnlyErrorKeys,
    ),
    onErrors('§5.2 error codes are the ones §5.2 defines', 'RFC 6749 §5.2', expectKnownErrorCode),
    onErrors('§5.2 error_description is printable ASCII without " or \\', 'RFC 6749 §5.2', expectDescriptionCharset),
    onErrors('§5.2 errors are 400, or 401 for invalid_client', 'RFC 6749 §5.2', expectErrorStatus),
    onErrors('§5.2 error responses carry Cache-Control: no-store', 'RFC 6749 §5.2, §5.1', expectNoStore),
    onErrors('§5.2 error responses are application/json', 'RFC 6749 §5.2', expectJsonObject),
  ],
}
