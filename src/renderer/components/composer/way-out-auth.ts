// The composer's client fields as the way-out calls take them (shared/way-out-api.ts).
import type { LabInput } from '../../../shared/lab-api'
import type { ComposerDraft } from '../../lib/composer-request'

export function wayOutAuth(draft: ComposerDraft): LabInput<'wayOut.startAuthorizationCode'> {
  return {
    clientId: draft.clientId,
    authMethod: draft.authMethod,
    ...(draft.authMethod !== 'none' && draft.clientSecret ? { clientSecret: draft.clientSecret } : {}),
    ...(draft.scope ? { scope: draft.scope } : {}),
  }
}
