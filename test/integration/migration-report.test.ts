// @vitest-environment jsdom
// The migration report from a recorded run with known counts (test/helpers/migration-traffic.ts):
// real HTTP to a real lab on 127.0.0.1:0 and through its recording proxy, then the model's counts
// asserted exactly, the recommendations, the Markdown table and the HTML as a browser parses it.
// jsdom only for DOMParser: the traffic is node:http, the lab real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Lab } from '../../src/lab/lab-types'
import type { ClientMigration, MigrationReport } from '../../src/shared/migration-report'
import { DEPRECATED_AT, labWithMigrationTraffic, SCRIPT_CLIENT, TV_USER_AGENT } from '../helpers/migration-traffic'

let lab: Lab
let report: MigrationReport

beforeAll(async () => {
  lab = await labWithMigrationTraffic(':memory:')
  report = await lab.handlers['report.get']({ includeLabTraffic: false })
})
afterAll(async () => {
  await lab?.close()
})

/** The part of the DOM these tests read (this file is type-checked without the DOM library). */
interface ParsedElement {
  textContent: string | null
  getAttribute(name: string): string | null
  getAttributeNames(): string[]
  querySelector(selectors: string): ParsedElement | null
  querySelectorAll(selectors: string): ArrayLike<ParsedElement> & Iterable<ParsedElement>
}
/** jsdom's DOMParser: HTML parsed as a browser parses it. */
function parseHtml(text: string): ParsedElement {
  const { DOMParser } = globalThis as unknown as {
    DOMParser: new () => { parseFromString(text: string, type: 'text/html'): ParsedElement }
  }
  return new DOMParser().parseFromString(text, 'text/html')
}

function client(id: string): ClientMigration {
  const found = report.clients.find((c) => c.clientId === id)
  if (!found) throw new Error(`no client ${id} in the report: ${report.clients.map((c) => c.clientId).join(', ')}`)
  return found
}

describe('the migration report model (RFC 9700 §2.4: who still uses the password grant)', () => {
  it('summary: 6 clients still use the grant, 17 password grants, 13 succeeded', () => {
    const { migrationPath, firstSeen, lastSeen, ...summary } = report.summary
    expect(summary).toEqual({
      clientsUsingGrant: 6,
      clientsWithSuccess: 5,
      passwordGrants: { requests: 17, successes: 13, failures: 4, distinctUsers: 5 },
      grantsWithoutClient: 1,
      refreshGrants: 3,
      modes: { enabled: 7, deprecated: 0, disabled: 0 },
      clientsIgnoringDeprecation: 1,
      recommendations: {
        authorization_code_pkce: 3,
        authorization_challenge: 0,
        device_authorization: 1,
        client_credentials: 2,
        remove_password_grant: 1,
      },
      // No client here uses a successor flow; `dormant` sent nothing at all.
      movement: { password_only: 6, both: 0, moved: 0, not_seen: 1 },
    })
    expect(firstSeen! < lastSeen!).toBe(true)
    expect(migrationPath.map((s) => s.step)).toEqual(['deprecate', 'watch', 'disable'])
    expect(report.scope).toEqual({
      since: null,
      until: null,
      origins: ['external', 'proxy'],
      excludedLabGrants: 1,
      movedAfterDays: 14,
    })
  })

  it('lists the clients that used the grant, most grants first, then the one allowed it that never did', () => {
    expect(report.clients.map((c) => c.clientId)).toEqual([
      'batch-job',
      'legacy-web',
      'old-sdk',
      'media-player',
      'mobile-app',
      SCRIPT_CLIENT,
      'dormant',
    ])
  })

  it('password grants per client: successes, failures by error code, distinct users', () => {
    const grants = Object.fromEntries(
      report.clients.map(({ clientId, passwordGrants: { firstSeen: _f, lastSeen: _l, ...g } }) => [clientId, g]),
    )
    expect(grants).toEqual({
      'batch-job': {
        requests: 4,
        successes: 3,
        failures: 1,
        failuresByError: [{ error: 'invalid_grant', count: 1 }],
        distinctUsers: 1,
        onlyUser: 'svc-batch',
      },
      'legacy-web': {
        requests: 4,
        successes: 3,
        failures: 1,
        failuresByError: [{ error: 'invalid_grant', count: 1 }],
        distinctUsers: 3,
        onlyUser: null,
      },
      'old-sdk': { requests: 3, successes: 3, failures: 0, failuresByError: [], distinctUsers: 1, onlyUser: 'dave' },
      'media-player': { requests: 2, successes: 2, failures: 0, failuresByError: [], distinctUsers: 2, onlyUser: null },
      'mobile-app': { requests: 2, successes: 2, failures: 0, failuresByError: [], distinctUsers: 2, onlyUser: null },
      // Refused at client authentication (RFC 6749 §5.2 invalid_client) before the server read the
      // grant type: counted from the stored body's grant_type.
      [SCRIPT_CLIENT]: {
        requests: 1,
        successes: 0,
        failures: 1,
        failuresByError: [{ error: 'invalid_client', count: 1 }],
        distinctUsers: 0,
        onlyUser: null,
      },
      dormant: { requests: 0, successes: 0, failures: 0, failuresByError: [], distinctUsers: 0, onlyUser: null },
    })
  })

  it('first and last seen are the times of the first and last recorded password grant', async () => {
    const { items } = await lab.handlers['exchanges.list']({ clientId: 'legacy-web', limit: 100, offset: 0 })
    const times = items
      .filter((e) => e.grantType === 'password' && e.origin === 'external')
      .map((e) => e.at)
      .sort()
    expect(times).toHaveLength(4)
    expect([client('legacy-web').passwordGrants.firstSeen, client('legacy-web').passwordGrants.lastSeen]).toEqual([
      times[0],
      times[3],
    ])
    expect(client('dormant').passwordGrants.firstSeen).toBeNull()
  })

  it('RFC 6749 §2.3: the client authentication, read from the trace, or from the request where there is no trace', () => {
    const auth = Object.fromEntries(report.clients.map((c) => [c.clientId, c.authentication]))
    expect(auth).toEqual({
      'batch-job': [{ method: 'client_secret_post', exchanges: 6, fromTrace: 6, fromRequest: 0 }],
      'legacy-web': [{ method: 'client_secret_basic', exchanges: 5, fromTrace: 5, fromRequest: 0 }],
      // The proxy records no server trace: the stored request's `Authorization: Basic ***` tells.
      'old-sdk': [{ method: 'client_secret_basic', exchanges: 3, fromTrace: 0, fromRequest: 3 }],
      'media-player': [{ method: 'none', exchanges: 2, fromTrace: 2, fromRequest: 0 }],
      'mobile-app': [{ method: 'none', exchanges: 2, fromTrace: 2, fromRequest: 0 }],
      [SCRIPT_CLIENT]: [{ method: 'client_secret_basic', exchanges: 1, fromTrace: 1, fromRequest: 0 }],
      dormant: [],
    })
    expect(report.clients.map((c) => [c.clientId, c.type])).toEqual([
      ['batch-job', 'confidential'],
      ['legacy-web', 'confidential'],
      ['old-sdk', 'confidential'],
      ['media-player', 'public'],
      ['mobile-app', 'public'],
      [SCRIPT_CLIENT, 'confidential'],
      ['dormant', 'confidential'],
    ])
  })

  it('RFC 9700 §4.14.2: refresh use and the rotation reuse the server detected', () => {
    expect(client('batch-job').refresh).toEqual({
      requests: 2,
      successes: 1,
      failures: 1,
      reuseDetected: 1,
      reuseAccepted: 0,
    })
    expect(client('legacy-web').refresh).toEqual({
      requests: 1,
      successes: 1,
      failures: 0,
      reuseDetected: 0,
      reuseAccepted: 0,
    })
    expect(client('media-player').refresh.requests).toBe(0)
  })

  it('findings by code, counted over every exchange of the client', () => {
    const codes = (id: string) => client(id).findings.map((f) => [f.code, f.count])
    expect(codes('batch-job')).toEqual([
      ['client_secret_post_used', 6],
      ['insecure_transport', 6],
      ['scope_without_consent', 3],
      ['refresh_token_reuse', 1],
    ])
    expect(codes('legacy-web')).toEqual([
      ['insecure_transport', 5],
      ['scope_without_consent', 3],
    ])
    expect(client('batch-job').findings[0]).toMatchObject({
      title: 'Client secret in the body',
      rfc: 'RFC 6749 §2.3.1',
    })
  })

  it('RFC 9745: a client that kept sending password grants after a Deprecation header did not notice it', () => {
    const old = client('old-sdk')
    expect(old.deprecation).toEqual({
      answersWithHeader: 3,
      firstNoticeAt: old.passwordGrants.firstSeen,
      lastNoticeAt: old.passwordGrants.lastSeen,
      grantsAfterNotice: 2,
      status: 'ignored',
    })
    expect(client('legacy-web').deprecation.status).toBe('not_deprecated')
    expect(DEPRECATED_AT).toMatch(/^@\d+$/)
  })

  it('the mode: the registered clients have none set here and read as enabled; an unknown client has none', () => {
    for (const id of ['batch-job', 'legacy-web', 'media-player', 'mobile-app', 'dormant']) {
      expect(client(id)).toMatchObject({ registered: true, mode: 'enabled' })
    }
    for (const id of ['old-sdk', SCRIPT_CLIENT]) {
      expect(client(id)).toMatchObject({ registered: false, mode: 'enabled', modeSource: 'not_registered' })
    }
  })

  it('recommends PKCE for people, device authorization for a TV, client credentials for a technical user', () => {
    expect(Object.fromEntries(report.clients.map((c) => [c.clientId, c.recommendation.kind]))).toEqual({
      'batch-job': 'client_credentials',
      'legacy-web': 'authorization_code_pkce',
      'old-sdk': 'client_credentials',
      'media-player': 'device_authorization',
      'mobile-app': 'authorization_code_pkce',
      [SCRIPT_CLIENT]: 'authorization_code_pkce',
      dormant: 'remove_password_grant',
    })
    expect(client('batch-job').recommendation.reason).toContain('All 4 password grants name one user, "svc-batch"')
    expect(client('legacy-web').recommendation.reason).toContain('3 different users signed in through it')
    expect(client('media-player').recommendation.reason).toContain(`User-Agent "${TV_USER_AGENT}"`)
    expect(client('media-player').recommendation.rfc).toBe('RFC 8628')
    expect(client(SCRIPT_CLIENT).recommendation.reason).toMatch(/^Not a client of this workspace/)
    expect(client('media-player').userAgents).toEqual([{ value: TV_USER_AGENT, count: 2 }])
  })

  it('counts the composer only when asked, and only what falls in the window', async () => {
    const all = await lab.handlers['report.get']({ includeLabTraffic: true })
    expect(all.summary.passwordGrants.requests).toBe(18)
    expect(all.clients.find((c) => c.clientId === 'legacy-web')?.passwordGrants.requests).toBe(5)
    expect(all.scope).toMatchObject({ excludedLabGrants: 0, origins: ['external', 'composer', 'scenario', 'proxy'] })

    const lastLegacy = client('legacy-web').passwordGrants.lastSeen!
    const before = await lab.handlers['report.get']({ until: lastLegacy, includeLabTraffic: false })
    expect(before.clients.find((c) => c.clientId === 'legacy-web')?.passwordGrants.requests).toBe(3)
    const later = await lab.handlers['report.get']({
      since: new Date(Date.now() + 60_000).toISOString(),
      includeLabTraffic: false,
    })
    expect(later.summary.clientsUsingGrant).toBe(0)
    // Nothing in the window: every registered client allowed the grant can lose it.
    expect(later.clients.map((c) => [c.clientId, c.recommendation.kind])).toEqual([
      ['batch-job', 'remove_password_grant'],
      ['dormant', 'remove_password_grant'],
      ['legacy-web', 'remove_password_grant'],
      ['media-player', 'remove_password_grant'],
      ['mobile-app', 'remove_password_grant'],
    ])
  })
})

describe('the renderings', () => {
  it('Markdown: a summary, one table with a row per client, a section per client with its recommendation', async () => {
    const { text, fileName, mediaType } = await lab.handlers['report.render']({
      format: 'md',
      includeLabTraffic: false,
    })
    expect([fileName, mediaType]).toEqual(['ropc-lab-migration-report.md', 'text/markdown; charset=utf-8'])
    const lines = text.split('\n')
    expect(lines[0]).toBe('# Password grant migration report')
    expect(lines).toContain('- 6 clients still use the password grant (5 with a successful grant).')
    const header = lines.findIndex((l) => l.startsWith('| Client |'))
    expect(lines[header]).toBe(
      '| Client | Type | Mode | Password grants | OK | Failed | Users | Client authentication | Refreshes | Deprecation | Recommendation | Way out |',
    )
    expect(lines[header + 1]).toBe('| --- | --- | --- | --: | --: | --: | --: | --- | --: | --- | --- | --- |')
    const rows = lines.slice(header + 2, header + 2 + report.clients.length)
    expect(rows.every((r) => r.startsWith('| ') && r.endsWith(' |') && r.split(' | ').length === 12)).toBe(true)
    expect(rows[0]).toBe(
      '| batch-job | confidential | enabled (settings) | 4 | 3 | 1 | 1 | client_secret_post 6 | 2 | — | Client credentials | password grant only |',
    )
    expect(rows[2]).toContain('| ignored (2 grants after) |')
    expect(rows[5]).toMatch(
      /^\| \\<script\\>alert\("x"\)\\<\/script\\> \| confidential \| enabled \(not registered\) \|/,
    )
    // Every `<` from the log is backslash-escaped: no raw HTML reaches a Markdown renderer.
    expect(text).not.toMatch(/(^|[^\\])</m)
    for (const c of report.clients.filter((x) => x.clientId !== SCRIPT_CLIENT)) {
      const at = lines.indexOf(`### ${c.clientId}`)
      expect(at, c.clientId).toBeGreaterThan(header)
      expect(lines[at + 2]).toBe(`**Recommendation: ${c.recommendation.title}** (${c.recommendation.rfc})`)
      expect(lines[at + 4]).toMatch(/^Why: /)
    }
  })

  it('HTML: self-contained, prints well, no script, every value escaped', async () => {
    const { text, mediaType } = await lab.handlers['report.render']({ format: 'html', includeLabTraffic: false })
    expect(mediaType).toBe('text/html; charset=utf-8')
    expect(text).not.toContain('<script')
    const doc = parseHtml(text)
    expect(doc.querySelectorAll('script, link, img, iframe, object, embed')).toHaveLength(0)
    const attributes = [...doc.querySelectorAll('*')].flatMap((el) => el.getAttributeNames())
    expect(attributes.filter((a) => a.startsWith('on') || a === 'src' || a === 'href')).toEqual([])
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    )
    expect(doc.querySelector('style')?.textContent).toContain('@media print')
    const rows = [...doc.querySelectorAll('table.clients tbody tr')]
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual(report.clients.map((c) => c.clientId))
    const scriptRow = rows[5]!
    expect([...scriptRow.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'confidential',
      'enabled (not registered)',
      '1',
      '0',
      '1',
      '0',
      'client_secret_basic 1',
      '0',
      '—',
      'Authorization code with PKCE',
    ])
    const section = doc.querySelector(`section.client[aria-label="${SCRIPT_CLIENT.replace(/"/g, '\\"')}"]`)
    expect(section?.querySelector('h3')?.textContent).toBe(SCRIPT_CLIENT)
    expect(doc.querySelectorAll('section.client')).toHaveLength(report.clients.length)
  })

  it('JSON: the model itself', async () => {
    const { text, mediaType } = await lab.handlers['report.render']({ format: 'json', includeLabTraffic: false })
    expect(mediaType).toBe('application/json')
    const parsed = JSON.parse(text) as MigrationReport
    expect({ ...parsed, generatedAt: '' }).toEqual({ ...report, generatedAt: '' })
  })

  it('refuses a bad window or format with a validation error', async () => {
    const { dispatchLabCall } = await import('../../src/lab/dispatch')
    const bad = await dispatchLabCall(lab.handlers, 'report.render', { format: 'pdf' })
    expect(bad.ok).toBe(false)
    const badTime = await dispatchLabCall(lab.handlers, 'report.get', { since: 'yesterday' })
    expect(badTime).toMatchObject({ ok: false, error: { kind: 'validation' } })
  })
})
