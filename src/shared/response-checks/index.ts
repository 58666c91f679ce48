// Response checks: pure functions that judge another server's answer and raise server findings
// (architecture.md "Findings"). The renderer, the request runner, the recording proxy and the
// conformance pack all call these; none of them keeps a copy of the rules.
import type { Finding } from '../exchange'
import { judgeChallenge } from './error-answer'
import {
  judgeIntrospectionResponse,
  judgeJwksResponse,
  judgeMetadataResponse,
  judgeRevocationResponse,
} from './endpoint-answers'
import { read, type JudgedExchange } from './judged-exchange'
import { judgeBasicAndBodyAccepted } from './paired'
import { judgeTokenResponse } from './token-answer'

export { classifyEndpoint } from './classify'
export { TOKEN_ERROR_CODES } from '../wire'
export { issuerFromMetadataUrl } from '../metadata-urls'
export {
  judgeIntrospectionResponse,
  judgeJwksResponse,
  judgeMetadataResponse,
  judgeRevocationResponse,
} from './endpoint-answers'
export type { JudgedEndpoint, JudgedExchange } from './judged-exchange'
export {
  judgeBasicAndBodyAccepted,
  judgeBasicNotFormDecoded,
  judgeGrantTypesSupported,
  judgeRefreshReuse,
} from './paired'
export { judgeTokenResponse, jwtScope } from './token-answer'

/** every server finding one exchange shows on its own */
export function judgeResponse(x: JudgedExchange): Finding[] {
  const findings = judgeChallenge(read(x))
  switch (x.endpoint) {
    case 'token':
      findings.push(...judgeTokenResponse(x), ...judgeBasicAndBodyAccepted(x))
      break
    case 'introspect':
      findings.push(...judgeIntrospectionResponse(x), ...judgeBasicAndBodyAccepted(x))
      break
    case 'revoke':
      findings.push(...judgeRevocationResponse(x), ...judgeBasicAndBodyAccepted(x))
      break
    case 'metadata':
      findings.push(...judgeMetadataResponse(x))
      break
    case 'jwks':
      findings.push(...judgeJwksResponse(x))
      break
    case 'unknown':
      break
  }
  return findings
}
