// The password grant's modes (rfc-checklist.md "Deprecating the grant"): enabled; deprecated —
// still granted, with Deprecation (RFC 9745), Sunset (RFC 8594) and Link headers; disabled —
// answered as an OAuth 2.1 server that never had the grant. A client may override the server's mode.

export const PASSWORD_GRANT_MODES = ['enabled', 'deprecated', 'disabled'] as const
export type PasswordGrantMode = (typeof PASSWORD_GRANT_MODES)[number]

/** RFC 9700 §2.4, the page that says why the grant goes and what replaces it. */
export const DEFAULT_DEPRECATION_LINK = 'https://www.rfc-editor.org/rfc/rfc9700#section-2.4'

export interface EffectivePasswordGrant {
  mode: PasswordGrantMode
  /** Where the mode comes from: the client's own override, or the server-wide setting. */
  from: 'client' | 'settings'
}

/** The client's mode when it has one (null: from settings), else the server's. */
export function effectivePasswordGrant(
  client: { passwordGrant: PasswordGrantMode | null } | null,
  settings: { passwordGrant: PasswordGrantMode },
): EffectivePasswordGrant {
  const own = client?.passwordGrant ?? null
  return own === null ? { mode: settings.passwordGrant, from: 'settings' } : { mode: own, from: 'client' }
}

/**
 * RFC 9745 §2: the `Deprecation` header says when the deprecation started. True when some mode —
 * the server's or a client's — is deprecated and no moment is recorded yet: the caller records now.
 */
export function needsDeprecationStart(
  settings: { passwordGrant: PasswordGrantMode; passwordGrantDeprecatedAt: string | null },
  clients: Iterable<{ passwordGrant: PasswordGrantMode | null }>,
): boolean {
  if (settings.passwordGrantDeprecatedAt !== null) return false
  if (settings.passwordGrant === 'deprecated') return true
  for (const c of clients) if (c.passwordGrant === 'deprecated') return true
  return false
}
