// The composer's form turned into the runner's request, and the preview of the bytes it will
// send. Building and formatting are the shared functions the runner itself uses, so the
// preview is exactly what goes on the wire.
import type { RunnerRequest } from '../../shared/lab-api'
import { buildTokenRequest, formatRawRequest, type BuiltRequest } from '../../shared/token-request'
import { ENDPOINT_PATHS } from '../../shared/wire'

export type ComposerAuthMethod = 'basic' | 'body' | 'none'

export interface ExtraParam {
  id: number
  name: string
  value: string
}

/**
 * The composer's flows: the password grant (RFC 6749 §4.3) and the ones that replace it (way-out.md):
 * authorization code with PKCE (§4.1, RFC 7636), the authorization challenge
 * (draft-ietf-oauth-first-party-apps) and client credentials (§4.4). Absent: the password grant.
 */
export const COMPOSER_FLOWS = [
  'password',
  'authorization_code',
  'authorization_challenge',
  'client_credentials',
] as const
export type ComposerFlow = (typeof COMPOSER_FLOWS)[number]

export type ComposerTarget = { kind: 'embedded' } | { kind: 'url'; url: string }

export interface ComposerDraft {
  clientId: string
  clientSecret: string
  authMethod: ComposerAuthMethod
  /** RFC 6749 §2.3.1; off reproduces clients that skip the form-encoding. */
  formEncodeBasic: boolean
  username: string
  password: string
  scope: string
  extraParams: ExtraParam[]
  target: ComposerTarget
  flow?: ComposerFlow
}

export const EMPTY_DRAFT: ComposerDraft = {
  clientId: '',
  clientSecret: '',
  authMethod: 'basic',
  formEncodeBasic: true,
  username: '',
  password: '',
  scope: '',
  extraParams: [],
  target: { kind: 'embedded' },
}

export function embeddedTokenUrl(baseUrl: string | null): string {
  return baseUrl ? baseUrl.replace(/\/$/, '') + ENDPOINT_PATHS.token : ''
}

export function targetOf(draft: Pick<ComposerDraft, 'target'>): RunnerRequest['target'] {
  return draft.target.kind === 'embedded' ? 'token' : draft.target.url.trim()
}

export function authOf(draft: ComposerDraft): RunnerRequest['auth'] {
  return {
    method: draft.authMethod,
    clientId: draft.clientId,
    clientSecret: draft.authMethod === 'none' ? '' : draft.clientSecret,
    formEncodeBasic: draft.formEncodeBasic,
  }
}

/**
 * RFC 6749 §4.3.2: grant_type, username, password, and scope when given. Empty fields are
 * left out (the server treats an empty parameter as omitted anyway, §3.2), so clearing a
 * field is how one tries a missing parameter. Extra rows are sent as typed.
 */
export function runnerRequestFromDraft(draft: ComposerDraft): RunnerRequest {
  // RFC 6749 §4.4.2: client credentials carry no user, only the scope.
  const credentials = draft.flow === 'client_credentials'
  const params: Array<[string, string]> = [['grant_type', credentials ? 'client_credentials' : 'password']]
  if (draft.username && !credentials) params.push(['username', draft.username])
  if (draft.password && !credentials) params.push(['password', draft.password])
  if (draft.scope) params.push(['scope', draft.scope])
  for (const p of draft.extraParams) if (p.name) params.push([p.name, p.value])
  return { target: targetOf(draft), auth: authOf(draft), params, extraHeaders: [] }
}

export type RequestPreview = { ok: true; built: BuiltRequest; raw: string } | { ok: false; message: string }

export function previewRequest(request: RunnerRequest, embeddedBaseUrl: string | null): RequestPreview {
  try {
    const built = buildTokenRequest(request, embeddedBaseUrl)
    return { ok: true, built, raw: formatRawRequest(built) }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return { ok: false, message: why.includes('URL') ? `not a valid URL: ${request.target}` : why }
  }
}

/** "Hide password": a display choice only; what is sent is never changed. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s.length >= 1) out = out.split(s).join('•'.repeat(8))
  return out
}
