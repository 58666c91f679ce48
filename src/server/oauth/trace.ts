// The server's decision trace and findings for one exchange (architecture.md "Exchange"):
// every check appends a step in the order it ran, so the inspector can show why an answer was
// given. Details never contain a secret or a password.
import type { Finding, TraceOutcome, TraceStep } from '../../shared/exchange'
import type { AuthMethod, Flow } from '../../shared/wire'

export class Trace {
  readonly steps: TraceStep[] = []
  readonly findings: Finding[] = []
  /** Total time spent in bcrypt compares for this exchange. */
  hashMs = 0
  /** Number of bcrypt compares paid (timing parity is asserted on this). */
  hashCount = 0
  grantType: string | undefined
  clientId: string | undefined
  username: string | undefined
  error: string | undefined
  /** Which flow the exchange belongs to (way-out.md), for the migration report. */
  flow: Flow | undefined
  /** How the client authenticated, once its credentials were read (for auth_method_switched). */
  authMethod: AuthMethod | undefined

  add(step: string, outcome: TraceOutcome, detail: string, ms?: number): void {
    this.steps.push(ms === undefined ? { step, outcome, detail } : { step, outcome, detail, ms: round(ms) })
  }
  ok(step: string, detail: string): void {
    this.add(step, 'ok', detail)
  }
  fail(step: string, detail: string): void {
    this.add(step, 'fail', detail)
  }
  info(step: string, detail: string): void {
    this.add(step, 'info', detail)
  }

  /** A step that paid a bcrypt compare (ms = 0 and cached: answered by the secret cache). */
  hash(step: string, outcome: TraceOutcome, detail: string, ms: number, paid = true): void {
    if (paid) {
      this.hashMs += ms
      this.hashCount += 1
    }
    this.add(step, outcome, detail, ms)
  }

  /**
   * One finding per code and exchange: the first stands, unless `replace` says this one knows
   * better (the server's verdict after a check that needed its state, over the request's look).
   */
  finding(f: Finding, replace = false): void {
    const at = this.findings.findIndex((x) => x.code === f.code)
    if (at === -1) this.findings.push(f)
    else if (replace) this.findings[at] = f
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
