// The migration report's way out, from real traffic (test/helpers/way-out-traffic.ts): which flows
// each client used, *password grant only* / *both* / *moved* (N days without a password grant, a
// successor in use), the day it first used its successor, and the successor recommended and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import type { ClientMigration, MigrationReport } from '../../src/shared/migration-report'
import { recordWayOutTraffic, WAY_OUT_WORKSPACE } from '../helpers/way-out-traffic'

let lab: Lab
let report: MigrationReport
let started: string

beforeAll(async () => {
  started = new Date().toISOString()
  lab = await createLab({ dbPath: ':memory:', workspace: WAY_OUT_WORKSPACE, hashThreads: 1 })
  await recordWayOutTraffic(lab)
  report = await lab.handlers['report.get']({ includeLabTraffic: false })
})
afterAll(async () => {
  await lab?.close()
})

const client = (r: MigrationReport, id: string): ClientMigration => {
  const found = r.clients.find((c) => c.clientId === id)
  if (!found) throw new Error(`no ${id} in ${r.clients.map((c) => c.clientId).join(', ')}`)
  return found
}

describe('the migration report: flows used and the move (RFC 9700 §2.4)', () => {
  it('counts each flow at the token endpoint, the challenge redemption told from the password grant', () => {
    const flows = (id: string) => client(report, id).flows.map((f) => [f.flow, f.requests, f.successes])
    expect(flows('mobile')).toEqual([
      ['password', 2, 2],
      ['authorization_challenge', 1, 1],
    ])
    expect(flows('batch')).toEqual([
      ['client_credentials', 1, 1],
      ['password', 1, 1],
    ])
    expect(flows('portal')).toEqual([['password', 2, 2]])
  })

  it('both while a password grant is recent; the day each successor was first used', () => {
    const mobile = client(report, 'mobile').movement
    expect(mobile.status).toBe('both')
    expect(mobile.daysSincePasswordGrant).toBe(0)
    expect(mobile.successors.map((s) => s.flow)).toEqual(['authorization_challenge'])
    expect(mobile.successors[0]!.firstUsedAt >= started).toBe(true)
    expect(client(report, 'batch').movement.successors.map((s) => s.flow)).toEqual(['client_credentials'])
    expect(client(report, 'portal').movement).toEqual({
      status: 'password_only',
      successors: [],
      daysSincePasswordGrant: 0,
    })
    expect(report.summary.movement).toEqual({ password_only: 1, both: 2, moved: 0, not_seen: 0 })
  })

  it('moved once N days pass without a password grant (N a report option)', async () => {
    const moved = await lab.handlers['report.get']({ includeLabTraffic: false, movedAfterDays: 0 })
    expect(moved.scope.movedAfterDays).toBe(0)
    expect(client(moved, 'mobile').movement.status).toBe('moved')
    expect(client(moved, 'batch').movement.status).toBe('moved')
    expect(client(moved, 'portal').movement.status).toBe('password_only')
    // A window that ends before the traffic sees none of it.
    const before = await lab.handlers['report.get']({ includeLabTraffic: false, until: started })
    expect(before.clients.every((c) => c.movement.status === 'not_seen')).toBe(true)
  })

  it('recommends the successor that fits and says why, with the one already in use', () => {
    const mobile = client(report, 'mobile').recommendation
    expect(mobile.kind).toBe('authorization_challenge')
    expect(mobile.reason).toContain('a first-party client of this workspace')
    expect(mobile.reason).toMatch(/It already uses the authorization challenge since \d{4}-\d{2}-\d{2}\.$/)
    const batch = client(report, 'batch').recommendation
    expect(batch.kind).toBe('client_credentials')
    expect(batch.reason).toMatch(/It already uses client credentials since/)
    expect(client(report, 'portal').recommendation.kind).toBe('authorization_code_pkce')
  })

  it('Markdown: the Way out column and each client’s flows', async () => {
    const { text } = await lab.handlers['report.render']({ format: 'md', includeLabTraffic: false })
    const row = text.split('\n').find((l) => l.startsWith('| mobile |'))
    expect(row).toMatch(/\| both — authorization challenge since \d{4}-\d{2}-\d{2} \|$/)
    expect(text).toContain('**Flows:** password grant 2 (2 succeeded')
    expect(text).toContain('moved means a successor in use and no password grant for 14 days')
    expect(text).toContain('Way out: 0 moved, 2 using both, 1 on the password grant only')
  })

  it('HTML: each client’s way out and flows in its section', async () => {
    const { text } = await lab.handlers['report.render']({ format: 'html', includeLabTraffic: false })
    expect(text).toMatch(
      /<dt>Way out<\/dt><dd>both — authorization challenge since \d{4}-\d{2}-\d{2} \(last password grant 0 days/,
    )
    expect(text).toContain('<dt>Flows</dt><dd>password grant 2 (2 succeeded')
  })
})
