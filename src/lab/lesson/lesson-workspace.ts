// The lesson's own workspace: loaded into a second, in-memory lab that only the lesson uses, so the
// person's workspace is never touched. Demo values, documented on purpose (like the demo workspace);
// the lesson lab stores only their bcrypt hashes, and forgets everything on reset.
import { LESSON_CAST } from '../../shared/lab-api'
import { WORD_LIST } from './word-list'

/** The word the guessing run finds, 42nd on the list: a weak password of the kind lists are made of. */
export const GUESSED_PASSWORD = 'summer2024'

export const LESSON_SECRETS = {
  legacyClient: 'legacy-app-demo-secret',
  partnerClient: 'partner-portal-demo-secret',
} as const

/** Passwords of the other lesson users. */
export const LESSON_PASSWORDS = {
  mfaUser: 'Mia-has-a-token-9',
  expiredUser: 'Leo-since-2019',
  tokenUser: 'Tom-before-the-change',
  /** What Tom changes his password to (step 6). */
  tokenUserChanged: 'Tom-after-the-change',
  /** A wrong password for the known-versus-unknown comparison (step 2). */
  wrong: 'not-the-password',
} as const

/**
 * Mia's TOTP key (RFC 6238), a documented demo value like the passwords: the lab computes her code,
 * as a trainer without a phone would need (step 7).
 */
export const LESSON_TOTP_SECRET = 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BAJJ2W24DT'

/** Consecutive failures that lock a user when the run has lockout on (RFC 6749 §4.3.2). */
export const LESSON_MAX_FAILURES = 5

if (WORD_LIST[41] !== GUESSED_PASSWORD) throw new Error('the lesson word list must hold the guessed password 42nd')

export const LESSON_WORKSPACE = {
  version: 1,
  settings: {
    // JWT access tokens: the log's masked copy still shows the claims (the granted scope of step 3).
    tokenFormat: 'jwt',
    // An EC key is made in milliseconds: the lesson lab is ready as soon as it is asked for.
    jwtAlg: 'ES256',
    accessTokenTtl: 300,
    refreshTokenTtl: 3600,
    // Cost 4 keeps a guessing run of 300 within seconds on a laptop; the lesson says a real server
    // pays more per guess and is guessed just the same.
    bcryptCost: 4,
    lockout: { enabled: true, maxFailures: LESSON_MAX_FAILURES, lockSeconds: 300 },
  },
  scopes: [
    { name: 'read', description: 'Read your own orders', default: true },
    { name: 'write', description: 'Place orders', default: false },
    { name: 'admin', description: 'Administer every account', default: false },
  ],
  clients: [
    {
      clientId: LESSON_CAST.legacyClient,
      secret: LESSON_SECRETS.legacyClient,
      grantTypes: ['password', 'refresh_token'],
      // RFC 6749 §10.7: nothing but the client decides which of these it asks for.
      scopes: ['read', 'write', 'admin'],
      authMethods: ['client_secret_basic'],
    },
    {
      clientId: LESSON_CAST.partnerClient,
      secret: LESSON_SECRETS.partnerClient,
      grantTypes: ['password', 'refresh_token'],
      scopes: ['read'],
      authMethods: ['client_secret_basic'],
    },
    { clientId: LESSON_CAST.publicClient, public: true, grantTypes: ['password'], scopes: ['read'] },
    // Step 7's way out: the same shop as a first-party native app (draft-ietf-oauth-first-party-apps)
    // with a loopback redirect URI for code + PKCE (RFC 8252 §7.3).
    {
      clientId: LESSON_CAST.wayOutClient,
      public: true,
      firstParty: true,
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/callback'],
      scopes: ['read'],
    },
  ],
  users: [
    { username: LESSON_CAST.signInUser, password: LESSON_CAST.signInPassword, claims: { name: 'Dana' } },
    { username: LESSON_CAST.guessedUser, password: GUESSED_PASSWORD, claims: { name: 'Sam' } },
    { username: LESSON_CAST.tokenUser, password: LESSON_PASSWORDS.tokenUser, claims: { name: 'Tom' } },
    // RFC 9700 §2.4: the grant cannot do a second factor, nor lead a user to a new password.
    {
      username: LESSON_CAST.mfaUser,
      password: LESSON_PASSWORDS.mfaUser,
      requiresMfa: true,
      totpSecret: LESSON_TOTP_SECRET,
      claims: { name: 'Mia' },
    },
    {
      username: LESSON_CAST.expiredUser,
      password: LESSON_PASSWORDS.expiredUser,
      passwordExpired: true,
      claims: { name: 'Leo' },
    },
  ],
} as const
