// The migration report's pure parts: where a client's password grant mode is read (the field is
// newer than some workspaces), the recommendation heuristics, and the Markdown escaping.
import { describe, expect, it } from 'vitest'
import { buildMigrationReport, markdownText } from '../../src/lab/report/index'
import { recommend } from '../../src/lab/report/recommend'
import { movementOf } from '../../src/lab/report/movement'
import type { ClientMigration, FlowUse } from '../../src/shared/migration-report'
import type { Flow } from '../../src/shared/wire'
import type { ReportAggregates } from '../../src/store/index'

const NO_TOTALS: ReportAggregates['totals'] = {
  passwordRequests: 0,
  passwordSuccesses: 0,
  distinctUsers: 0,
  withoutClient: 0,
  refreshRequests: 0,
  firstAt: null,
  lastAt: null,
  excludedPasswordRequests: 0,
}
const EMPTY: ReportAggregates = {
  grants: [],
  errors: [],
  auth: [],
  findings: [],
  userAgents: [],
  deprecation: [],
  flows: [],
  totals: NO_TOTALS,
}

function build(clients: Array<Record<string, unknown>>, settings: object = {}) {
  return buildMigrationReport({
    aggregates: EMPTY,
    clients: clients.map((c) => ({ public: false, grantTypes: ['password'], ...c }) as never),
    settings,
    since: null,
    until: null,
    origins: ['external'],
    movedAfterDays: 14,
    generatedAt: '2030-01-01T00:00:00.000Z',
  })
}

describe('the password grant mode, read defensively', () => {
  it('from the client record when it has one, else the settings, else enabled — and says which', () => {
    const r = build(
      [
        { clientId: 'own', passwordGrant: 'deprecated' },
        { clientId: 'inherits', passwordGrant: null },
        { clientId: 'odd', passwordGrant: 'sometimes' },
      ],
      { passwordGrant: 'disabled' },
    )
    expect(r.clients.map((c) => [c.clientId, c.mode, c.modeSource])).toEqual([
      ['inherits', 'disabled', 'settings'],
      ['odd', 'disabled', 'settings'],
      ['own', 'deprecated', 'client'],
    ])
    expect(build([{ clientId: 'legacy' }]).clients[0]).toMatchObject({ mode: 'enabled', modeSource: 'default' })
    expect(r.summary.modes).toEqual({ enabled: 0, deprecated: 1, disabled: 2 })
  })

  it('lists only the registered clients allowed the password grant when none used it', () => {
    const r = build([{ clientId: 'a' }, { clientId: 'b', grantTypes: ['refresh_token'] }])
    expect(r.clients.map((c) => c.clientId)).toEqual(['a'])
    expect(r.summary.clientsUsingGrant).toBe(0)
  })
})

function facts(overrides: Partial<ClientMigration> & { users?: number; requests?: number }) {
  const { users = 2, requests = 5, ...rest } = overrides
  return {
    clientId: 'app',
    registered: true,
    type: 'confidential' as const,
    userAgents: [],
    firstParty: false,
    movement: { status: 'password_only' as const, successors: [], daysSincePasswordGrant: 0 },
    refresh: { requests: 0, successes: 0, failures: 0, reuseDetected: 0, reuseAccepted: 0 },
    passwordGrants: {
      requests,
      successes: requests,
      failures: 0,
      failuresByError: [],
      distinctUsers: users,
      onlyUser: users === 1 ? 'svc' : null,
      firstSeen: null,
      lastSeen: null,
    },
    ...rest,
  }
}

describe('the recommendation heuristics', () => {
  it('several people: authorization code with PKCE (RFC 9700 §2.1.1, RFC 7636)', () => {
    expect(recommend(facts({ users: 3 }))).toMatchObject({
      kind: 'authorization_code_pkce',
      rfc: 'RFC 9700 §2.1.1, RFC 7636',
    })
  })

  it('one technical user of a confidential client: client credentials (RFC 6749 §4.4)', () => {
    const r = recommend(facts({ users: 1 }))
    expect(r).toMatchObject({ kind: 'client_credentials', rfc: 'RFC 6749 §4.4' })
    expect(r.reason).toContain('All 5 password grants name one user, "svc"')
  })

  it('one user of a public client: not client credentials, which needs a confidential client', () => {
    const r = recommend(facts({ users: 1, type: 'public' }))
    expect(r.kind).toBe('authorization_code_pkce')
    expect(r.reason).toContain('client credentials would need a confidential client (RFC 6749 §4.4)')
  })

  it('RFC 8628: a public client whose User-Agent is a TV or a CLI; any client whose id names a device', () => {
    const tv = [{ value: 'Roku/DVP-12.0 (12.0.0.4182)', count: 1 }]
    const cli = [{ value: 'curl/8.5.0', count: 3 }]
    expect(recommend(facts({ type: 'public', userAgents: tv })).kind).toBe('device_authorization')
    expect(recommend(facts({ type: 'public', userAgents: cli })).kind).toBe('device_authorization')
    // A confidential backend that happens to use curl is no device.
    expect(recommend(facts({ type: 'confidential', userAgents: cli })).kind).toBe('authorization_code_pkce')
    expect(recommend(facts({ clientId: 'lobby-kiosk', users: 1 })).kind).toBe('device_authorization')
    expect(recommend(facts({ clientId: 'ops_cli' })).reason).toContain('names a device ("cli")')
    // A device word inside another word is no hint.
    expect(recommend(facts({ clientId: 'clinic-portal' })).kind).toBe('authorization_code_pkce')
  })

  it('no password grant and no refresh: remove the grant', () => {
    expect(recommend(facts({ requests: 0, users: 0 })).kind).toBe('remove_password_grant')
    const refreshing = facts({ requests: 0, users: 0 })
    refreshing.refresh = { ...refreshing.refresh, requests: 2 }
    const r = recommend(refreshing)
    expect(r.kind).toBe('authorization_code_pkce')
    expect(r.reason).toContain('No password grant in the period, but 2 refreshes')
  })

  it('a first-party client whose people sign in: the authorization challenge; a technical user still client credentials', () => {
    const r = recommend(facts({ firstParty: true, users: 3 }))
    expect(r).toMatchObject({ kind: 'authorization_challenge' })
    expect(r.reason).toContain('a first-party client of this workspace')
    expect(recommend(facts({ firstParty: true, users: 1 })).kind).toBe('client_credentials')
    expect(recommend(facts({ firstParty: false, users: 3 })).kind).toBe('authorization_code_pkce')
  })

  it('says which successor is already in use and since when', () => {
    const moving = facts({
      movement: {
        status: 'both',
        successors: [{ flow: 'authorization_code', firstUsedAt: '2030-01-02T10:00:00.000Z' }],
        daysSincePasswordGrant: 1,
      },
    })
    expect(recommend(moving).reason).toMatch(/It already uses authorization code with PKCE since 2030-01-02\.$/)
  })
})

describe('movement: password grant only, both, moved', () => {
  const use = (flow: Flow, lastAt: string, firstSuccessAt: string | null = lastAt): FlowUse => ({
    flow,
    requests: 1,
    successes: firstSuccessAt ? 1 : 0,
    firstSuccessAt,
    lastSuccessAt: firstSuccessAt,
    lastAt,
  })
  const end = '2030-01-31T00:00:00.000Z'
  it('moved once N whole days passed since the last password grant, a successor having succeeded', () => {
    const pw = use('password', '2030-01-10T00:00:00.000Z')
    const code = use('authorization_code', '2030-01-30T00:00:00.000Z', '2030-01-05T00:00:00.000Z')
    expect(movementOf([pw, code], end, 14)).toEqual({
      status: 'moved',
      successors: [{ flow: 'authorization_code', firstUsedAt: '2030-01-05T00:00:00.000Z' }],
      daysSincePasswordGrant: 21,
    })
    expect(movementOf([pw, code], end, 22).status).toBe('both')
    expect(movementOf([pw], end, 14).status).toBe('password_only')
    // A successor that never succeeded is no move.
    expect(movementOf([pw, use('client_credentials', end, null)], end, 14).status).toBe('password_only')
    expect(movementOf([use('authorization_challenge', end)], end, 14)).toMatchObject({
      status: 'moved',
      daysSincePasswordGrant: null,
    })
    expect(movementOf([], end, 14).status).toBe('not_seen')
  })
})

describe('Markdown escaping', () => {
  it('keeps values text: HTML, links, emphasis, pipes and line breaks are escaped', () => {
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>')
    expect(markdownText('a|b\nc')).toBe('a\\|b c')
    expect(markdownText('[x](javascript:y) *bold* `code`')).toBe('\\[x\\](javascript:y) \\*bold\\* \\`code\\`')
    expect(markdownText('client_secret_basic _em_')).toBe('client_secret_basic \\_em\\_')
    expect(markdownText('&amp; \\')).toBe('\\&amp; \\\\')
  })
})
