// The one rule for tests that need an outside tool (curl, HTTPie, Python's requests-oauthlib,
// Chromium…): on a developer's machine a missing tool skips them and says why; under CI=true it is a
// failure, since .ci/run installs every tool the tests use. A tool that cannot be had there at all
// (not in Debian nor npm) is excepted, with one line saying why.
import { it } from 'vitest'

export type ToolDecision = 'run' | 'skip' | 'fail'

/** CI=true (or any CI value but "false" and "0", as CI services set it). */
export const underCi = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0'

/** What to do with the tests that need a tool, given why it is missing (null when it runs). */
export function toolDecision(missing: string | null, exception: string | undefined, ci: boolean): ToolDecision {
  if (missing === null) return 'run'
  return ci && exception === undefined ? 'fail' : 'skip'
}

/**
 * Whether the tests that need `what` may run here. Call it at the top of the test file and skip
 * those tests with `it.skipIf(!ok)`; when it must fail, it adds a failing test to the file itself.
 */
export function requiresTool(what: string, missing: string | null, exception?: string): boolean {
  const decision = toolDecision(missing, exception, underCi())
  if (decision === 'fail') {
    it(`has ${what} (CI=true: .ci/run installs it)`, () => {
      throw new Error(`${what} is missing under CI=true: ${missing}`)
    })
  } else if (decision === 'skip') {
    console.log(`[${what}] skipped: ${missing}${exception ? ` (excepted from CI: ${exception})` : ''}`)
  }
  return decision === 'run'
}
