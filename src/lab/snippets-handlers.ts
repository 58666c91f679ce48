// The composer's "Copy as": the request the composer would send, built by the same shared function the
// runner sends with, as code to paste. Secrets become placeholders unless the person asks for them.
import { LabError, type LabAreaHandlers } from '../shared/lab-api'
import { buildTokenRequest, type BuiltRequest } from '../shared/token-request'
import { requestSnippet } from './snippets'

export function createSnippetsHandlers(embeddedBaseUrl: () => string | null): LabAreaHandlers<'snippets'> {
  return {
    async 'snippets.render'({ request, language, includeSecrets }) {
      let built: BuiltRequest
      try {
        built = buildTokenRequest(request, embeddedBaseUrl())
      } catch (err) {
        // A target that is no URL, or the embedded server not running: said, not a crash.
        throw new LabError('validation', err instanceof Error ? err.message : String(err))
      }
      // The LabApi's language names are the generator's (a test checks the two lists are the same).
      return { text: requestSnippet(built, language, { includeSecrets }) }
    },
  }
}
