// Every server-wide setting, once: type and range, default, and whether it is a preference of the
// desktop app. Adding a setting is one line here; the LabApi `settings.update` input, the workspace
// file's `settings` section, `Settings` and DEFAULT_SETTINGS all follow.
import { z } from 'zod'
import { TOKEN_FORMATS } from './wire'
import { desktopPref, field, group, intIn, oneOf, text, ttl } from './fields'
import { IMF_FIXDATE_MESSAGE, isImfFixdate } from './http-date'
import { DEFAULT_DEPRECATION_LINK, PASSWORD_GRANT_MODES } from './password-grant'

/** RFC 9110 §5.6.7: the only form of HTTP date a sender generates. */
const httpDate = z.string().refine(isImfFixdate, IMF_FIXDATE_MESSAGE)

const LINK_MESSAGE = 'must be an http(s) URL, e.g. https://example.com/migrate-to-code-flow'
/** It goes inside `Link: <…>` (RFC 8288 §3): no space, quote or angle bracket, printable ASCII. */
const linkUrl = z
  .url({ protocol: /^https?$/, error: LINK_MESSAGE })
  .max(2000, 'must be at most 2000 characters')
  .refine(
    (u) => /^[\x21\x23-\x3b\x3d\x3f-\x7e]+$/.test(u),
    `${LINK_MESSAGE}, printable ASCII without spaces, quotes or < >`,
  )

export const SETTINGS_FIELDS = {
  // RFC 8414 §2: the issuer is an http(s) URL (https outside a lab); null means the listening URL. Also `iss` of JWTs.
  issuer: field(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:8443' }).nullable(),
    null,
  ),
  tokenFormat: field(oneOf(TOKEN_FORMATS, 'token format'), 'opaque'),
  accessTokenTtl: field(ttl, 300),
  refreshTokenTtl: field(ttl, 3600),
  // A new refresh token on each use; reuse of an old one revokes the family (RFC 9700 §4.14.2).
  refreshTokenRotation: field(z.boolean(), true),
  // RFC 6749 §4.3.2 brute-force protection: consecutive failures lock a user for lockSeconds.
  lockout: group({
    enabled: field(z.boolean(), true),
    maxFailures: field(intIn(1, 1000), 5),
    lockSeconds: field(intIn(1, 86_400), 300),
  }),
  bcryptCost: field(intIn(4, 14), 10),
  // `aud` of JWT access tokens.
  audience: field(text(1, 200), 'ropc-lab'),
  // rfc-checklist.md "Deprecating the grant": enabled, deprecated (Deprecation/Sunset/Link headers
  // and a finding on each success) or disabled (unsupported_grant_type, absent from the metadata).
  passwordGrant: field(oneOf(PASSWORD_GRANT_MODES, 'password grant mode'), 'enabled'),
  // RFC 9745 §2: when the deprecation started, the `Deprecation: @<unix-seconds>` value; set to the
  // moment the mode (of the server or of a client) first becomes deprecated when left empty.
  passwordGrantDeprecatedAt: field(httpDate.nullable(), null),
  // RFC 8594 §3: when the grant stops working, sent as `Sunset` in deprecated mode; null: no date.
  passwordGrantSunset: field(httpDate.nullable(), null),
  // RFC 9745 §3: `Link: <url>; rel="deprecation"`, the page that explains the migration.
  passwordGrantDeprecationLink: field(linkUrl, DEFAULT_DEPRECATION_LINK),
  // RFC 6819 §5.2.2.3: a refresh token must not outlive the password it was obtained with.
  revokeRefreshTokensOnPasswordChange: field(z.boolean(), true),
  // The port the desktop app's embedded server asks for.
  port: desktopPref(intIn(0, 65_535), 8443),
  // Serve the embedded server over HTTPS with the lab's own certificate (RFC 6749 §1.6, §3.2).
  https: desktopPref(z.boolean(), false),
  // How many exchanges are kept (oldest dropped first).
  exchangeRetention: desktopPref(intIn(10, 1_000_000), 10_000),
  // JWT signing algorithm for new keys.
  jwtAlg: desktopPref(oneOf(['RS256', 'ES256'], 'JWT algorithm'), 'RS256'),
} as const
