// The RFC meanings of OAuth error codes live beside the findings catalogue in shared/, so the
// renderer and the response checks read one table.
export { OAUTH_ERROR_MEANINGS, explainOAuthError, type ErrorMeaning } from '../../shared/findings/oauth-error-meanings'
