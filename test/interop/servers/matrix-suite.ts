// One describe block per real server: start it, run the conformance pack once per client
// authentication method, and compare every check's verdict with expected-<server>.json. Skips with
// the reason printed when the server's packages are missing; under CI=true that is a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertCliBuilt } from '../../helpers/cli-process'
import { requiresTool, underCi } from '../../helpers/requires-tool'
import { expectationFor, loadExpectations, mismatch, type Expectation } from './expectations'
import { MATRIX, packExtraArgs, type MatrixServer, type RunningServer } from './harness'
import { runPack, type AuthMethod, type PackRun } from './run-pack'

/** The server's start and three pack runs at once (each a few seconds alone; more on a loaded host). */
const START_AND_RUN_TIMEOUT_MS = 120_000

function describeRun(auth: AuthMethod, expectations: Expectation[], result: () => PackRun): void {
  describe(`--auth ${auth}`, () => {
    let run: PackRun
    beforeAll(() => {
      run = result()
    })

    it('the pack ran, and its exit code agrees with its verdicts', () => {
      expect(run.steps.length).toBeGreaterThan(20)
      expect(run.code).toBe(run.steps.some((s) => s.status === 'failed') ? 1 : 0)
    })

    it('every check the RFC text lets pass passes, and nothing else fails or warns', () => {
      const wrong = run.steps
        .filter((s) => expectationFor(expectations, s) === undefined)
        .map((s) => mismatch(s, undefined))
        .filter((m): m is string => m !== null)
      expect(wrong).toEqual([])
    })

    for (const expectation of expectations) {
      const title = `${expectation.check} → ${[expectation.status].flat().join(' or ')}: ${expectation.why}`
      const test = expectation.packIsWrong ? it.fails : it
      test(expectation.packIsWrong ? `${title} [pack wrong today: ${expectation.packIsWrong}]` : title, () => {
        const steps = run.steps.filter((s) => expectationFor(expectations, s) === expectation)
        // A name that matches no check is a stale expectation, not a pass.
        expect(steps.length, `no check of the pack matches "${expectation.check}"`).toBeGreaterThan(0)
        const wrong = steps.map((s) => mismatch(s, expectation)).filter((m): m is string => m !== null)
        expect(wrong).toEqual([])
      })
    }
  })
}

export function describeServer(id: MatrixServer['id']): void {
  const server = MATRIX.find((s) => s.id === id)!
  describe(`real-server matrix: ${server.title}`, () => {
    // The one rule for outside tools: a missing package skips here, fails under CI (which installs it).
    const runsHere = requiresTool(`real-server matrix: ${server.id}`, server.unavailable())
    if (!runsHere && underCi()) return
    const expected = loadExpectations(id)
    const auths = (['basic', 'post', 'none'] as const).filter(
      (a) => expected.runs[a] !== undefined && (a !== 'none' || server.publicClient),
    )
    let running: RunningServer | undefined
    const runs = new Map<AuthMethod, PackRun>()
    beforeAll(async () => {
      if (!runsHere) return
      assertCliBuilt()
      running = await server.start()
      // The runs use separate tokens, and no fixture locks a user out after wrong passwords, so they
      // may run at once: the matrix stays quick on 2 cores.
      const target = server.target(running.baseUrl)
      const results = await Promise.all(
        auths.map((a) => runPack(target, a, packExtraArgs(server, running!.baseUrl, a))),
      )
      auths.forEach((a, i) => runs.set(a, results[i]!))
    }, START_AND_RUN_TIMEOUT_MS)
    afterAll(async () => {
      await running?.stop()
    })
    describe.skipIf(!runsHere)('the pack against it', () => {
      for (const auth of auths) describeRun(auth, expected.runs[auth]!, () => runs.get(auth)!)
    })
  })
}
