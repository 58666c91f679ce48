// The client form's own state (strings while typing) and its conversion to the LabApi input.
import type { LabInput } from '../../../shared/lab-api'
import type { ClientView } from '../../../shared/model'
import type { PasswordGrantMode } from '../../../shared/password-grant'
import type { AuthMethod, GrantType, TokenFormat } from '../../../shared/wire'
import type { FieldErrors } from '../../lib/field-errors'

export interface ClientFormState {
  clientId: string
  isPublic: boolean
  authMethods: AuthMethod[]
  grantTypes: GrantType[]
  scopes: string[]
  /** Off: the allowed scopes marked default are granted when a request omits scope (RFC 6749 §3.3). */
  customDefaults: boolean
  defaultScopes: string[]
  tokenFormat: TokenFormat | ''
  accessTokenTtl: string
  refreshTokenTtl: string
  lenientBasicAuth: boolean
  /** '' : from settings. */
  passwordGrant: PasswordGrantMode | ''
  /** Create only: empty means "generate one". */
  ownSecret: string
}

export const NEW_CLIENT: ClientFormState = {
  clientId: '',
  isPublic: false,
  authMethods: ['client_secret_basic', 'client_secret_post'],
  grantTypes: ['password', 'refresh_token'],
  scopes: [],
  customDefaults: false,
  defaultScopes: [],
  tokenFormat: '',
  accessTokenTtl: '',
  refreshTokenTtl: '',
  lenientBasicAuth: false,
  passwordGrant: '',
  ownSecret: '',
}

export function formFromClient(c: ClientView): ClientFormState {
  return {
    clientId: c.clientId,
    isPublic: c.public,
    authMethods: [...c.authMethods],
    grantTypes: [...c.grantTypes],
    scopes: [...c.scopes],
    customDefaults: c.defaultScopes !== null,
    defaultScopes: [...(c.defaultScopes ?? [])],
    tokenFormat: c.tokenFormat ?? '',
    accessTokenTtl: c.accessTokenTtl === null ? '' : String(c.accessTokenTtl),
    refreshTokenTtl: c.refreshTokenTtl === null ? '' : String(c.refreshTokenTtl),
    lenientBasicAuth: c.lenientBasicAuth,
    passwordGrant: c.passwordGrant ?? '',
    ownSecret: '',
  }
}

/** Public clients authenticate with `none` only (RFC 6749 §2.1, §3.2.1). */
export function withClientType(state: ClientFormState, isPublic: boolean): ClientFormState {
  const authMethods: AuthMethod[] = isPublic
    ? ['none']
    : state.authMethods.includes('none')
      ? ['client_secret_basic', 'client_secret_post']
      : state.authMethods
  return { ...state, isPublic, authMethods, ownSecret: isPublic ? '' : state.ownSecret }
}

/** '' → null (from settings); anything else must be whole seconds. */
function parseTtl(text: string, field: string, errors: FieldErrors): number | null {
  const trimmed = text.trim()
  if (!trimmed) return null
  if (!/^\d+$/.test(trimmed)) {
    errors[field] = ['a whole number of seconds, or empty to use the settings']
    return null
  }
  return Number(trimmed)
}

export function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? [...list] : [...list, item]) : list.filter((x) => x !== item)
}

export function clientInput(state: ClientFormState): { input: LabInput<'clients.create'>; localErrors: FieldErrors } {
  const localErrors: FieldErrors = {}
  const input: LabInput<'clients.create'> = {
    clientId: state.clientId,
    public: state.isPublic,
    authMethods: state.authMethods,
    grantTypes: state.grantTypes,
    scopes: state.scopes,
    defaultScopes: state.customDefaults ? state.defaultScopes.filter((s) => state.scopes.includes(s)) : null,
    tokenFormat: state.tokenFormat || null,
    accessTokenTtl: parseTtl(state.accessTokenTtl, 'accessTokenTtl', localErrors),
    refreshTokenTtl: parseTtl(state.refreshTokenTtl, 'refreshTokenTtl', localErrors),
    lenientBasicAuth: state.lenientBasicAuth,
    passwordGrant: state.passwordGrant || null,
  }
  if (!state.isPublic && state.ownSecret) input.secret = state.ownSecret
  return { input, localErrors }
}
