// What each client should move to instead of the password grant (RFC 9700 §2.4), by the simple
// heuristics of RECOMMENDATION_RULES (shared/migration-report.ts), tried in that order. They read
// only what the exchange log shows: the users, the client's type, its User-Agent and its id.
import type { ClientMigration, Recommendation, RecommendationKind } from '../../shared/migration-report'
import { plural } from '../../shared/migration-report-text'

/** TVs, consoles, streaming sticks and command-line tools: devices without a comfortable browser. */
export const DEVICE_USER_AGENT =
  /smart-?tv|tizen|web0?os|roku|apple ?tv|tvos|android ?tv|google ?tv|bravia|hbbtv|crkey|fire ?tv|aft[a-z]\b|playstation|xbox|nintendo|\bcurl\/|httpie|\bwget\//i
/** A device word as a whole part of the client id (`living-room-tv`, `ops_cli`), not inside another word. */
export const DEVICE_CLIENT_ID = /(?:^|[^a-z0-9])(tv|cli|console|device|kiosk|iot|terminal|stb)(?:[^a-z0-9]|$)/i

const TITLES: Record<RecommendationKind, { title: string; rfc: string; why: string }> = {
  authorization_code_pkce: {
    title: 'Authorization code with PKCE',
    rfc: 'RFC 9700 §2.1.1, RFC 7636',
    why:
      'the person signs in at the authorization server in a browser, so the client never sees the password and ' +
      'multi-factor sign-in becomes possible',
  },
  device_authorization: {
    title: 'Device authorization grant',
    rfc: 'RFC 8628',
    why:
      'the device shows a short code and the person signs in on a phone or computer, so no password is typed ' +
      'on the device',
  },
  authorization_challenge: {
    title: 'Authorization challenge (first-party apps)',
    rfc: 'draft-ietf-oauth-first-party-apps, RFC 7636',
    why:
      'the app keeps its own sign-in form, but the authorization server decides: it can ask for a second factor ' +
      'and the app gets an authorization code redeemed with PKCE, not a password to keep',
  },
  client_credentials: {
    title: 'Client credentials',
    rfc: 'RFC 6749 §4.4',
    why:
      'the client authenticates as itself, so no user password has to be stored in it, rotated with it or leaked ' +
      'from it',
  },
  remove_password_grant: {
    title: 'Remove the password grant',
    rfc: 'RFC 9700 §2.4',
    why: 'nothing depends on it: take "password" out of its grant types, or set its mode to disabled',
  },
}

type Facts = Pick<
  ClientMigration,
  'clientId' | 'registered' | 'type' | 'passwordGrants' | 'refresh' | 'userAgents' | 'firstParty' | 'movement'
>

const SUCCESSOR_NAMES: Record<ClientMigration['movement']['successors'][number]['flow'], string> = {
  authorization_code: 'authorization code with PKCE',
  authorization_challenge: 'the authorization challenge',
  client_credentials: 'client credentials',
}

/** What the log shows of a move already begun: each successor and the day it first succeeded. */
function successorFact(c: Facts): string {
  const used = c.movement.successors.map((s) => `${SUCCESSOR_NAMES[s.flow]} since ${s.firstUsedAt.slice(0, 10)}`)
  return used.length ? ` It already uses ${used.join(' and ')}.` : ''
}

function make(kind: RecommendationKind, facts: string): Recommendation {
  const t = TITLES[kind]
  return { kind, title: t.title, rfc: t.rfc, reason: `${facts}. ${t.title} (${t.rfc}): ${t.why}.` }
}

function withSuccessor(r: Recommendation, c: Facts): Recommendation {
  return { ...r, reason: r.reason + successorFact(c) }
}

/** Why this looks like an input-constrained device, or null. */
function deviceHint(c: Facts): string | null {
  const name = DEVICE_CLIENT_ID.exec(c.clientId)
  if (name) return `its client id "${c.clientId}" names a device ("${name[1]}")`
  if (c.type !== 'public') return null
  const agent = c.userAgents.find((ua) => DEVICE_USER_AGENT.test(ua.value))
  return agent
    ? `a public client whose User-Agent "${agent.value}" looks like a TV, console or command-line tool`
    : null
}

function usersFact(c: Facts): string {
  const g = c.passwordGrants
  if (g.requests === 0) {
    return `No password grant in the period, but ${plural(c.refresh.requests, 'refresh', 'refreshes')} of tokens an earlier password grant issued`
  }
  if (g.distinctUsers === 0) return `${plural(g.requests, 'password grant')}, with no user recorded`
  if (g.distinctUsers === 1) {
    return g.requests === 1
      ? `Its one password grant names the user "${g.onlyUser}"`
      : `All ${g.requests} password grants name one user, "${g.onlyUser}"`
  }
  return `${plural(g.distinctUsers, 'different user')} signed in through it (${plural(g.requests, 'password grant')})`
}

/** An id this workspace does not know whose grants all failed: more likely a stray caller than a dependency. */
function strangerFact(c: Facts): string {
  return !c.registered && c.passwordGrants.requests > 0 && c.passwordGrants.successes === 0
    ? 'Not a client of this workspace, and none of its password grants succeeded: find out who sends them. '
    : ''
}

export function recommend(c: Facts): Recommendation {
  return withSuccessor(choose(c), c)
}

function choose(c: Facts): Recommendation {
  if (c.passwordGrants.requests === 0 && c.refresh.requests === 0) {
    return make('remove_password_grant', 'No password grant and no refresh recorded in the period')
  }
  const stranger = strangerFact(c)
  const device = deviceHint(c)
  if (device) return make('device_authorization', `${stranger}${usersFact(c)}; ${device}`)
  const users = c.passwordGrants.distinctUsers
  if (c.type === 'confidential' && users === 1) {
    return make('client_credentials', `${stranger}${usersFact(c)}: a technical user serving this one client`)
  }
  if (c.firstParty) {
    return make(
      'authorization_challenge',
      `${stranger}${usersFact(c)}; a first-party client of this workspace, so its own sign-in form may stay`,
    )
  }
  const why =
    users === 1
      ? `; client credentials would need a confidential client (RFC 6749 §4.4), and this one is ${c.type}`
      : users === 0
        ? ', and nothing points to a device or a technical user'
        : ': people sign in interactively'
  return make('authorization_code_pkce', `${stranger}${usersFact(c)}${why}`)
}
