// The set-up of the browser tests of a native app signing in (RFC 8252): a token server on 127.0.0.1
// over a real SQLite file, a public client whose redirect URI is a private-use scheme, one user, and
// real Chromium (headless, fresh profile) when it is installed. Call once at a test file's top level.
import { afterAll, beforeAll } from 'vitest'
import { chromiumAvailability, launchChromium, type LaunchedBrowser } from './browser'
import { requiresTool } from './requires-tool'
import { type Harness, startHarness } from './token-server-harness'

/** A private-use scheme: Chromium hands the redirect to the OS, and a test reads it from the request. */
export const NATIVE_REDIRECT = 'com.example.app:/oauth2redirect'
export const NATIVE_CLIENT = 'native-app'
export const NATIVE_USER = { username: 'alice', password: 'alice-password-1' }

export interface NativeAppSignIn {
  readonly hasChromium: boolean
  /** Set in beforeAll. */
  readonly h: Harness
  /** Set in beforeAll when Chromium is installed. */
  readonly browser: LaunchedBrowser | null
}

export function nativeAppSignIn(): NativeAppSignIn {
  const check = chromiumAvailability()
  const hasChromium = requiresTool('Chromium', check.available ? null : check.reason)
  let h: Harness | null = null
  let browser: LaunchedBrowser | null = null
  beforeAll(async () => {
    h = await startHarness()
    await h.addClient({
      clientId: NATIVE_CLIENT,
      public: true,
      grantTypes: ['authorization_code'],
      redirectUris: [NATIVE_REDIRECT],
    })
    await h.addUser(NATIVE_USER)
    if (hasChromium) browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await h?.close()
  })
  return {
    hasChromium,
    get h() {
      if (h === null) throw new Error('the harness starts in beforeAll')
      return h
    },
    get browser() {
      return browser
    },
  }
}
