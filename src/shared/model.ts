// The workspace as the lab sees it. Secrets and passwords never appear here: only whether
// one is set. Field names follow workspace-format.md (camelCase), not the wire.
import { CLIENT_FIELDS } from './client-fields'
import { withDefaults, type FieldValues } from './fields'
import { SCOPE_FIELDS } from './scope-fields'
import { SETTINGS_FIELDS } from './settings-fields'
import { USER_FIELDS } from './user-fields'

/** Every setting; the meaning of each is in settings-fields.ts. */
export type Settings = FieldValues<typeof SETTINGS_FIELDS>
/** Consecutive failures that lock a user (RFC 6749 §4.3.2 brute-force protection). */
export type LockoutPolicy = Settings['lockout']

export const DEFAULT_SETTINGS: Settings = withDefaults(SETTINGS_FIELDS, {})

/** A scope; the meaning of each field is in scope-fields.ts. */
export type Scope = { name: string } & FieldValues<typeof SCOPE_FIELDS>

/** A client as the lab shows it; the meaning of each field is in client-fields.ts. */
export type ClientView = {
  clientId: string
  /** true when a secret hash is stored (confidential clients). */
  hasSecret: boolean
} & FieldValues<typeof CLIENT_FIELDS>

/** A user as the lab shows it; the meaning of each field is in user-fields.ts. */
export type UserView = {
  username: string
} & FieldValues<typeof USER_FIELDS> & {
    failedAttempts: number
    /** ISO time until which the user is locked, or null. */
    lockedUntil: string | null
    /** true when a TOTP secret (RFC 6238) is enrolled; the secret itself never leaves the server side. */
    hasTotp: boolean
  }

export interface WorkspaceSnapshot {
  settings: Settings
  scopes: Scope[]
  clients: ClientView[]
  users: UserView[]
}
