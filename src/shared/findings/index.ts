export {
  CLIENT_FINDING_CODES,
  REQUEST_CLIENT_FINDING_CODES,
  SERVER_FINDING_CODES,
  type ClientFindingCode,
  type FindingBasis,
  type FindingCode,
  type FindingDefinition,
  type FindingSeverity,
  type FindingSide,
  type ServerFindingCode,
} from './types'
export { FINDING_CATALOGUE, createFinding, findingDefinition, isFindingCode, lookupFinding } from './catalogue'
export { OAUTH_ERROR_MEANINGS, explainOAuthError, type ErrorMeaning } from './oauth-error-meanings'
