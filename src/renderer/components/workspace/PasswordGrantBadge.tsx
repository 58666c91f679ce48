// The password grant's mode as a badge that tells the three apart at a glance, in colour and in words:
// enabled (plain), deprecated (warning: still granted, with Deprecation and Sunset headers, RFC 9745,
// RFC 8594) and disabled (refused with unsupported_grant_type, as OAuth 2.1 does).
import type { PasswordGrantMode } from '../../../shared/password-grant'

const LOOK: Record<PasswordGrantMode, { className: string; mark: string }> = {
  enabled: { className: 'badge', mark: '' },
  deprecated: { className: 'badge warn', mark: '⚠ ' },
  disabled: { className: 'badge off', mark: '⊘ ' },
}

export function PasswordGrantBadge({ mode, title }: { mode: PasswordGrantMode; title?: string }) {
  const { className, mark } = LOOK[mode]
  return (
    <span className={className} title={title}>
      <span aria-hidden="true">{mark}</span>password {mode}
    </span>
  )
}
