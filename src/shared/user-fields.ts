// Every per-user field, once (the username and the password aside: identity and credential).
// Adding a field is one line here; `users.create` and `users.update`, the workspace file's users
// and UserView all follow.
import { z } from 'zod'
import { field } from './fields'

/** What JSON can carry: the input may come from elsewhere than JSON.parse (IPC, tests). */
function isJsonValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true
  if (typeof v === 'number') return Number.isFinite(v)
  if (Array.isArray(v)) return v.every(isJsonValue)
  if (typeof v !== 'object' || ![Object.prototype, null].includes(Object.getPrototypeOf(v))) return false
  return Object.values(v).every(isJsonValue)
}

export const USER_FIELDS = {
  disabled: field(z.boolean(), false),
  // Free JSON: no key is unknown here; added to JWT access tokens and introspection.
  claims: field(z.record(z.string(), z.unknown().refine(isJsonValue, 'must be a JSON value')), {}),
  // RFC 9700 §2.4: the password grant cannot do a second factor, so it can never succeed for this user.
  requiresMfa: field(z.boolean(), false),
  // The grant cannot lead the user to change the password: refused like requiresMfa.
  passwordExpired: field(z.boolean(), false),
} as const
