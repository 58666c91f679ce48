// Every per-scope field, once (the name aside: it is the scope token). Adding a field is one line
// here; `scopes.create` and `scopes.update`, the workspace file's scopes and Scope all follow.
import { z } from 'zod'
import { field } from './fields'

export const SCOPE_FIELDS = {
  description: field(z.string().max(500, 'must be at most 500 characters'), ''),
  // Granted when a request omits `scope` (RFC 6749 §3.3).
  default: field(z.boolean(), false),
} as const
