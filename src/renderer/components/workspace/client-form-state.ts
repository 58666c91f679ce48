// The client form's fields, one line each (CLIENT_FIELDS in shared/ has their schema), and how the form
// becomes the LabApi input.
import type { LabInput } from '../../../shared/lab-api'
import type { ClientView } from '../../../shared/model'
import type { PasswordGrantMode } from '../../../shared/password-grant'
import type { AuthMethod, GrantType, TokenFormat } from '../../../shared/wire'
import { asIs, lines, orNull, showForm, wholeNumber, type FormState, type FormValues } from '../../lib/form-fields'

const lifetime = () => wholeNumber({ unit: 'seconds', example: '300', emptyMeans: 'use the settings' })

export const CLIENT_FORM = {
  clientId: asIs(),
  public: asIs<boolean>(),
  /** Create only: empty means "generate one". */
  secret: asIs(),
  authMethods: asIs<AuthMethod[]>(),
  grantTypes: asIs<GrantType[]>(),
  scopes: asIs<string[]>(),
  /** Off: the allowed scopes marked default are granted when a request omits scope (RFC 6749 §3.3). */
  customDefaults: asIs<boolean>(),
  defaultScopes: asIs<string[]>(),
  tokenFormat: orNull<TokenFormat>(),
  accessTokenTtl: lifetime(),
  refreshTokenTtl: lifetime(),
  lenientBasicAuth: asIs<boolean>(),
  /** '' : from settings. */
  passwordGrant: orNull<PasswordGrantMode>(),
  /** RFC 6749 §3.1.2: one per line, matched exactly (RFC 9700 §4.1.3). */
  redirectUris: lines(),
  firstParty: asIs<boolean>(),
}

export type ClientFormState = FormState<typeof CLIENT_FORM>
type ClientFormValues = FormValues<typeof CLIENT_FORM>

const NEW_CLIENT: ClientFormValues = {
  clientId: '',
  public: false,
  secret: '',
  authMethods: ['client_secret_basic', 'client_secret_post'],
  grantTypes: ['password', 'refresh_token'],
  scopes: [],
  customDefaults: false,
  defaultScopes: [],
  tokenFormat: null,
  accessTokenTtl: null,
  refreshTokenTtl: null,
  lenientBasicAuth: false,
  passwordGrant: null,
  redirectUris: [],
  firstParty: false,
}

export function clientForm(c: ClientView | null): ClientFormState {
  if (!c) return showForm(CLIENT_FORM, NEW_CLIENT)
  return showForm(CLIENT_FORM, {
    ...c,
    secret: '',
    customDefaults: c.defaultScopes !== null,
    defaultScopes: [...(c.defaultScopes ?? [])],
  })
}

/** Public clients authenticate with `none` only (RFC 6749 §2.1, §3.2.1). */
export function withClientType(state: ClientFormState, isPublic: boolean): Partial<ClientFormState> {
  const authMethods: AuthMethod[] = isPublic
    ? ['none']
    : state.authMethods.includes('none')
      ? ['client_secret_basic', 'client_secret_post']
      : state.authMethods
  return { public: isPublic, authMethods, secret: isPublic ? '' : state.secret }
}

/** The read form → `clients.create` (with `secret` when one was typed) or `clients.update`. */
export function clientInput(read: object, creating: boolean): LabInput<'clients.create'> {
  const { customDefaults, defaultScopes, secret, ...rest } = read as ClientFormValues
  return {
    ...rest,
    // Only scopes still allowed can be defaults.
    defaultScopes: customDefaults ? defaultScopes.filter((s) => rest.scopes.includes(s)) : null,
    ...(creating && !rest.public && secret ? { secret } : {}),
  }
}
