// The LabApi calls of the "Why caution" lesson (src/lab/lesson/): schemas and outputs of one area,
// spread into the LabApi map in lab-api.ts. The lesson runs on a lab of its own, never the person's.
import { z } from 'zod'
import type { Exchange } from './exchange'
import type { RunnerRequest } from './lab-api'
import type { UserView } from './model'
import { passwordSchema, scopeName, usernameSchema } from './fields'

/** The lesson's own demo values (documented on purpose, like the demo workspace's): never the person's. */
export const LESSON_CAST = {
  /** The confidential "legacy app" of the login form (Basic authentication). */
  legacyClient: 'legacy-app',
  /** A second confidential client the same password also opens (step 5). */
  partnerClient: 'partner-portal',
  /** A public client: its id is no secret, so a look-alike form can send it too (step 5). */
  publicClient: 'legacy-mobile',
  /** Signs in through the legacy app (steps 1, 3, 5). */
  signInUser: 'dana',
  signInPassword: 'Dana-loves-2-ski',
  /** The target of the guessing run: a weak password from the word list (step 2). */
  guessedUser: 'sam',
  /** A name no user has: its answers must look like those of a known user (step 2). */
  unknownUser: 'sam.smith',
  /** Must use a second factor (step 4). */
  mfaUser: 'mia',
  /** Must change the password first (step 4). */
  expiredUser: 'leo',
  /** Changes the password while a refresh token is out (step 6). */
  tokenUser: 'tom',
  /** The first-party app of step 7's way out: code + PKCE and the authorization challenge. */
  wayOutClient: 'shop-app',
} as const

export const LESSON_DEFAULT_GUESSES = 50
export const LESSON_MAX_GUESSES = 300
/** No guessing run lasts longer than this, whatever it was asked. */
export const LESSON_MAX_RUN_SECONDS = 30

const lessonCredentials = z.object({ username: usernameSchema, password: passwordSchema }).strict()
const lessonNoInput = z.object({}).strict()

export const lessonApiInputs = {
  /** Where the lesson lab listens (null when not started) and what it waits for. */
  'lesson.status': lessonNoInput,
  /** Starts the lesson lab on 127.0.0.1 (port 0), if it is not running. */
  'lesson.start': lessonNoInput,
  /** Stops any run and closes the lesson lab: its users, clients, tokens and log are gone. */
  'lesson.reset': lessonNoInput,
  /** Step 1: the legacy app's login form sends the password grant. */
  'lesson.signIn': lessonCredentials,
  /** Any lesson exchange unmasked, as a careless log would keep it (memory only). */
  'lesson.reveal': z.object({ id: z.string().min(1).max(100) }).strict(),
  /** Step 2: a bounded guessing run against the lesson's user, loopback only; progress as `lesson.progress`. */
  'lesson.guess': z
    .object({
      lockout: z.boolean(),
      guesses: z.number().int().min(1).max(LESSON_MAX_GUESSES).default(LESSON_DEFAULT_GUESSES),
      /** A pause between guesses, so the chart can be watched. */
      paceMs: z.number().int().min(0).max(1000).default(40),
      maxSeconds: z.number().int().min(1).max(LESSON_MAX_RUN_SECONDS).default(LESSON_MAX_RUN_SECONDS),
    })
    .strict(),
  'lesson.stopGuessing': lessonNoInput,
  /** Step 2: the real user signs in with the right password after the run. */
  'lesson.realUser': lessonNoInput,
  /** Step 2: wrong passwords for a known and an unknown user, interleaved: the answers and their timing. */
  'lesson.compareUsers': z.object({ rounds: z.number().int().min(1).max(20).default(6) }).strict(),
  /** Step 3: the legacy app asks for a scope of its choosing. */
  'lesson.scope': z.object({ scope: scopeName.default('admin') }).strict(),
  /** Step 4: users who must use a second factor or change their password first. */
  'lesson.secondFactor': lessonNoInput,
  /** Step 5: the same password through two clients. */
  'lesson.sharedPassword': lessonNoInput,
  /** Step 5: what a look-alike form collected, sent with the public client's id. */
  'lesson.lookalike': lessonCredentials,
  /** Step 6: tokens, then a password change, then the refresh token again. */
  'lesson.tokensOutlive': z.object({ revokeOnPasswordChange: z.boolean() }).strict(),
  /** Step 7: which clients the lesson's passwords went through. */
  'lesson.wayOut': lessonNoInput,
  /**
   * Step 7: one sign-in with the grant deprecated (RFC 9745, RFC 8594 headers) or disabled
   * (unsupported_grant_type, as OAuth 2.1); the lesson lab is back to enabled afterwards.
   */
  'lesson.migrate': z.object({ mode: z.enum(['deprecated', 'disabled']) }).strict(),
  /**
   * Step 7, live: the same user signs in by the password grant, by code + PKCE (the lab plays the
   * browser on the server's sign-in page) and by the authorization challenge; then the user with a
   * second factor, refused by the password grant and signed in through the challenge.
   */
  'lesson.wayOutLive': lessonNoInput,
} as const

export interface LessonStatus {
  running: boolean
  /** `http://127.0.0.1:<port>` of the lesson lab, never the person's server. */
  baseUrl: string | null
  guessing: boolean
}

/** How one guess ended, read from the server's decision trace. */
export type LessonGuessOutcome = 'wrong' | 'locked' | 'correct_but_locked' | 'accepted'

export interface LessonAttempt {
  /** 1-based. */
  n: number
  /** Since the run started. */
  atMs: number
  durationMs: number
  status: number
  error?: string
  outcome: LessonGuessOutcome
  /** This failure locked the user (RFC 6749 §4.3.2). */
  lockedNow: boolean
  exchangeId: string
}

export type LessonRunEnd = 'count' | 'found' | 'time' | 'stopped'

export interface LessonGuessRun {
  runId: string
  lockout: boolean
  maxFailures: number
  planned: number
  attempts: LessonAttempt[]
  endedBy: LessonRunEnd
  elapsedMs: number
  /** The attempt whose failure locked the user, or null. */
  lockedAt: number | null
  /** The attempt the server accepted, or null. */
  foundAt: number | null
  /** The target user after the run. */
  user: UserView
}

export type LessonProgress =
  | { kind: 'attempt'; runId: string; lockout: boolean; planned: number; attempt: LessonAttempt }
  | { kind: 'done'; runId: string; run: LessonGuessRun }

export interface LessonUserSample {
  username: string
  known: boolean
  status: number
  body: string
  durationsMs: number[]
  medianMs: number
}

/** Who held the password in one flow: each request that carried it, and who sent it. */
export interface LessonPasswordSeen {
  /** e.g. `token`, `sign-in`, `challenge`. */
  step: string
  /** `client`: the app sent it (it held it); `browser`: the server's own sign-in page sent it. */
  by: 'client' | 'browser'
}

export interface LessonFlowRun {
  flow: 'password' | 'authorization_code' | 'authorization_challenge'
  /** The flow's exchanges in order, as the log keeps them. */
  exchanges: Exchange[]
  passwordSeen: LessonPasswordSeen[]
  /** A token came out at the end. */
  signedIn: boolean
}

export interface LessonApiOutputs {
  'lesson.status': LessonStatus
  'lesson.start': LessonStatus
  'lesson.reset': LessonStatus
  /** `request` is what the legacy app sent (the password in it); `exchange` as the lab's log keeps it. */
  'lesson.signIn': { baseUrl: string; request: RunnerRequest; exchange: Exchange }
  'lesson.reveal': Exchange
  'lesson.guess': LessonGuessRun
  'lesson.stopGuessing': { stopped: boolean }
  'lesson.realUser': { exchange: Exchange; user: UserView }
  'lesson.compareUsers': { samples: LessonUserSample[]; sameAnswer: boolean }
  'lesson.scope': { requested: string; granted: string | null; exchange: Exchange }
  'lesson.secondFactor': { mfa: Exchange; expired: Exchange }
  'lesson.sharedPassword': { exchanges: Exchange[] }
  'lesson.lookalike': { exchange: Exchange }
  'lesson.tokensOutlive': {
    revokeOnPasswordChange: boolean
    signIn: Exchange
    oldPassword: Exchange
    refresh: Exchange
  }
  'lesson.wayOut': {
    /** Password grants the lesson lab received, by client. */
    clients: Array<{ clientId: string; requests: number; accepted: number; users: string[] }>
    total: number
  }
  'lesson.migrate': { mode: 'deprecated' | 'disabled'; exchange: Exchange }
  'lesson.wayOutLive': {
    username: string
    flows: LessonFlowRun[]
    /** The user with a second factor: the password grant refuses; the challenge asks for the code. */
    secondFactor: { username: string; passwordGrant: Exchange; challenge: LessonFlowRun }
  }
}
