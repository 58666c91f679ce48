// How long the ropc-conformance pack takes against the embedded server at the bench's bcrypt cost
// (the goal: under 5 s at cost 10), in this process with a lab of its own: the pack's checks are
// sequential HTTP requests and bcrypt compares, so its time is what a CI job would wait.
import { performance } from 'node:perf_hooks'
import { createLab } from '../../src/lab/create-lab'
import { ropcConformancePack } from '../../src/lab/scenarios/packs/ropc-conformance/index'
import { resolvePackTarget } from '../../src/lab/scenarios/packs/resolve-target'
import { runnerRequestSchema } from '../../src/shared/lab-api'
import { COST, log } from '../config'

export interface PackTiming {
  ms: number
  checks: number
  passed: number
  failed: number
  skipped: number
}

/** A secret that form-encoding changes, so the §2.3.1 checks run too. */
const SECRET = 'bench pack+secret/1'

export async function conformancePackTiming(): Promise<PackTiming> {
  log(`conformance pack against the embedded server, bcrypt cost ${COST}…`)
  const lab = await createLab({
    dbPath: ':memory:',
    workspace: {
      version: 1,
      settings: { bcryptCost: COST },
      scopes: [{ name: 'read', default: true }, { name: 'write' }],
      clients: [{ clientId: 'bench-pack', secret: SECRET, scopes: ['read', 'write'] }],
      users: [
        { username: 'pack-user', password: 'pack-password-1' },
        { username: 'pack-timing', password: 'pack-password-2' },
      ],
    },
  })
  try {
    const { baseUrl } = await lab.start({ port: 0 })
    const send = (r: unknown) => lab.runner.send(runnerRequestSchema.parse(r), 'scenario')
    const started = performance.now()
    const suite = await ropcConformancePack({
      send,
      target: await resolvePackTarget(baseUrl!, send),
      credentials: {
        clientId: 'bench-pack',
        clientSecret: SECRET,
        auth: 'basic',
        username: 'pack-user',
        password: 'pack-password-1',
        timingUser: { username: 'pack-timing', password: 'pack-password-2' },
      },
    })
    const ms = performance.now() - started
    const count = (s: string) => suite.steps.filter((x) => x.status === s).length
    return {
      ms,
      checks: suite.steps.length,
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
    }
  } finally {
    await lab.close()
  }
}
