// Drives the way-out flows over real HTTP as a scripted client would (way-out.md): the sign-in page's
// hidden fields and cookie are read from the page, as curl or a script reads them.
import { createHash, randomBytes } from 'node:crypto'
import { TOTP, Secret } from 'otpauth'
import { tokenDigest } from '../../src/server/tokens/opaque'
import { ENDPOINT_PATHS } from '../../src/shared/wire'
import type { Settings } from '../../src/shared/model'
import { form, type ClientSeed, type Harness, type HttpResult, startHarness } from './token-server-harness'

/** The redirect URI of the way-out tests' browser-based client. */
export const SPA_REDIRECT = 'http://127.0.0.1/cb'

/**
 * A token server with what most way-out tests start from: the public client `spa` (authorization code,
 * redirect URI SPA_REDIRECT; `client` changes any of it) and the user `alice` / `alice-password-1`.
 */
export async function startSpaHarness(
  settings: Partial<Settings> = {},
  client: Partial<ClientSeed> = {},
): Promise<Harness> {
  const h = await startHarness(settings)
  await h.addClient({
    clientId: 'spa',
    public: true,
    grantTypes: ['authorization_code'],
    redirectUris: [SPA_REDIRECT],
    ...client,
  })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
  return h
}

export interface Pkce {
  verifier: string
  challenge: string
}

/** RFC 7636 §4.1–§4.2, computed here independently of the server's helper. */
export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** The current RFC 6238 code for a base32 secret, from the otpauth library. */
export function totpNow(secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at,
  })
}

export function authorizeUrl(params: Record<string, string>): string {
  return `${ENDPOINT_PATHS.authorize}?${new URLSearchParams({ response_type: 'code', ...params })}`
}

/** The hidden csrf_token of a sign-in page and the cookie that came with it. */
export function pageState(page: HttpResult, cookie?: string): { csrf: string; cookie: string } {
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1]
  const setCookie = page.headers['set-cookie']?.[0]?.split(';')[0]
  if (csrf === undefined) throw new Error(`no csrf_token in the page (status ${page.status})`)
  return { csrf, cookie: setCookie ?? cookie ?? '' }
}

/** POSTs the sign-in form of a page. */
export function submitSignIn(
  h: Harness,
  state: { csrf: string; cookie: string },
  fields: Record<string, string>,
): Promise<HttpResult> {
  return h.request('POST', ENDPOINT_PATHS.authorize, {
    body: form({ csrf_token: state.csrf, ...fields }),
    headers: { Cookie: state.cookie },
  })
}

/** The query of a redirect's Location. */
export function locationParams(r: HttpResult): URLSearchParams {
  const location = r.headers.location
  if (location === undefined) throw new Error(`no Location (status ${r.status}): ${r.text.slice(0, 200)}`)
  return new URL(location).searchParams
}

/**
 * Whether a token a public client holds is still usable, read from the store: RFC 7662 §2.1 has the
 * introspection endpoint refuse a client that does not authenticate, so such a client cannot ask.
 */
export function activeInStore(h: Harness, token: string): boolean {
  const found = h.store.tokens.find(tokenDigest(token))
  if (found === null) throw new Error('no such token in the store: it was never issued here')
  if (found.revokedAt !== null) return false
  const family = found.familyId === null ? null : h.store.tokens.family(found.familyId)
  return family?.revokedAt == null && found.expiresAt > h.clock.now
}
