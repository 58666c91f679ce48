// "Why caution", step by step: RFC 9700 §2.4 says the password grant MUST NOT be used; each step shows
// one reason live, on the lesson's own lab. The data of each step: its title, the sources it cites,
// what the trainer says, and the action that shows it (a `lesson.*` call; the panel for the step id
// in ../step-panels.tsx renders its result).
import type { LessonMethod } from './lesson-method'

export interface LessonSource {
  /** As cited: `RFC 9700 §2.4`. */
  label: string
  href: string
  /** The words of the source the step rests on. */
  says: string
}

export type WhyCautionStepId =
  | 'client-holds-password'
  | 'guessing'
  | 'no-consent'
  | 'no-second-factor'
  | 'shared-password'
  | 'tokens-outlive'
  | 'way-out'

export interface WhyCautionStep {
  id: WhyCautionStepId
  title: string
  sources: LessonSource[]
  /** What the step says, a paragraph each. */
  text: string[]
  /** The live action: what its button says and the lab call it makes. */
  action: { label: string; method: LessonMethod }
}

const rfc = (n: number, section: string) => `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`

const RFC9700_2_4: LessonSource = {
  label: 'RFC 9700 §2.4',
  href: rfc(9700, '2.4'),
  says: 'The resource owner password credentials grant MUST NOT be used.',
}

export const WHY_CAUTION_STEPS: readonly WhyCautionStep[] = [
  {
    id: 'client-holds-password',
    title: 'The client holds the password',
    sources: [
      RFC9700_2_4,
      {
        label: 'RFC 6749 §4.3.1',
        href: rfc(6749, '4.3.1'),
        says: 'The client MUST discard the credentials once an access token has been obtained.',
      },
      {
        label: 'RFC 6749 §10.7',
        href: rfc(6749, '10.7'),
        says: 'The password could unintentionally be disclosed to an attacker (e.g., via log files or other records kept by the client).',
      },
      {
        label: 'RFC 6819 §4.4.3.1',
        href: rfc(6819, '4.4.3.1'),
        says: 'Threat: accidental exposure of passwords at the client site.',
      },
    ],
    text: [
      'A plain "legacy app" asks for the user’s password in its own form and sends it to the token endpoint itself.',
      'From that moment the password exists in more places than the authorization server: the app’s memory, the request, and every proxy or log the request passes.',
    ],
    action: { label: 'Sign in', method: 'lesson.signIn' },
  },
  {
    id: 'guessing',
    title: 'Guessing',
    sources: [
      {
        label: 'RFC 6749 §4.3.2',
        href: rfc(6749, '4.3.2'),
        says: 'The authorization server MUST protect the endpoint against brute force attacks.',
      },
      {
        label: 'RFC 6819 §4.4.3.6',
        href: rfc(6819, '4.4.3.6'),
        says: 'Online guessing: an attacker might try to guess valid username/password combinations using the interface of the authorization server.',
      },
    ],
    text: [
      'The token endpoint takes a password from anyone who can reach it. A short run from a small word list tries one password after another against Sam.',
      'Without lockout the right word is found; with lockout Sam is locked after a few failures — and the real Sam is locked out too. The answers, and their timing, are the same for a user who exists and one who does not.',
    ],
    action: { label: 'Guess with lockout off', method: 'lesson.guess' },
  },
  {
    id: 'no-consent',
    title: 'No consent, any scope',
    sources: [
      {
        label: 'RFC 6749 §10.7',
        href: rfc(6749, '10.7'),
        says: 'The client can obtain access tokens with a broader scope than desired by the resource owner.',
      },
      {
        label: 'RFC 6819 §4.4.3.2',
        href: rfc(6819, '4.4.3.2'),
        says: 'Threat: the client obtains scopes without end-user authorization.',
      },
    ],
    text: [
      'The legacy app asks for admin. The server grants it.',
      'There is no screen where the user could see what is asked, or refuse: the user’s part ended when the password was typed.',
    ],
    action: { label: 'Ask for admin', method: 'lesson.scope' },
  },
  {
    id: 'no-second-factor',
    title: 'No second factor',
    sources: [
      {
        ...RFC9700_2_4,
        says: 'The resource owner password credentials grant is not designed to work with two-factor authentication and authentication processes that require multiple user interaction steps.',
      },
    ],
    text: [
      'Mia must use a second factor; Leo must change his password first. Both type the right password.',
      'The grant has one request and one answer: there is no step where a second factor or a new password could be asked. Through this grant they can never succeed.',
    ],
    action: { label: 'Sign in as Mia and Leo', method: 'lesson.secondFactor' },
  },
  {
    id: 'shared-password',
    title: 'The password is shared',
    sources: [
      {
        ...RFC9700_2_4,
        says: 'Usage of this grant results in an increased attack surface and in training users to enter their credentials in places other than the authorization server.',
      },
      {
        label: 'RFC 6749 §10.7',
        href: rfc(6749, '10.7'),
        says: 'It maintains the password anti-pattern this protocol seeks to avoid.',
      },
    ],
    text: [
      'Dana’s one password opens every client that asks for it: the legacy app and the partner portal alike.',
      'Users who type their password into apps learn to type it into any form that looks right. A look-alike form collects it just as well — and a public client’s id is no secret.',
    ],
    action: { label: 'Sign in to both clients', method: 'lesson.sharedPassword' },
  },
  {
    id: 'tokens-outlive',
    title: 'Tokens outlive the password',
    sources: [
      {
        label: 'RFC 6819 §4.4.3.3',
        href: rfc(6819, '4.4.3.3'),
        says: 'Threat: the client obtains a refresh token through automatic authorization.',
      },
      {
        label: 'RFC 6819 §5.2.2.3',
        href: rfc(6819, '5.2.2.3'),
        says: 'The authorization server may revoke refresh tokens automatically in case of a security event, such as: password change, logout at the authorization server.',
      },
    ],
    text: [
      'Tom signs in, then changes his password — perhaps because it leaked.',
      'The app still holds a refresh token obtained with the old password. Unless the server revokes it when the password changes, it keeps working.',
    ],
    action: { label: 'Sign in, change the password, refresh', method: 'lesson.tokensOutlive' },
  },
  {
    id: 'way-out',
    title: 'The way out',
    sources: [
      RFC9700_2_4,
      {
        label: 'RFC 6749 §10.7',
        href: rfc(6749, '10.7'),
        says: 'The authorization server and client SHOULD minimize use of this grant type and utilize other grant types whenever possible.',
      },
      {
        label: 'RFC 7636',
        href: 'https://www.rfc-editor.org/rfc/rfc7636',
        says: 'Proof Key for Code Exchange: the authorization code is useless without the verifier only the client holds.',
      },
      {
        label: 'RFC 6238',
        href: 'https://www.rfc-editor.org/rfc/rfc6238',
        says: 'TOTP: the one-time code an authenticator app shows, which the password grant has no step to ask for.',
      },
    ],
    text: [
      'With the authorization code grant and PKCE the password is typed on the authorization server’s own page and goes nowhere else: the client gets a code, then tokens.',
      'Live: the same user signs in by the password grant, by code + PKCE and by the authorization challenge (the IETF draft for first-party apps), and a user with a second factor is refused by the password grant but signed in through the challenge.',
      'The migration: deprecate the grant (RFC 9745 Deprecation and RFC 8594 Sunset headers), watch the report of who still uses it, then disable it (unsupported_grant_type, as OAuth 2.1).',
    ],
    action: { label: 'Count from the lesson’s log', method: 'lesson.wayOut' },
  },
]
