// autocannon, wrapped: one phase of load against one server, summarized with what the host's CPU did meanwhile.
import autocannon from 'autocannon'
import type { BenchSettings } from './config'
import { log } from './config'
import { cpuMeter, type CpuUse } from './cpu'
import { fmt } from './format'

export interface PhaseResult {
  /** Responses with the expected status, per second. */
  rate: number
  expected: number
  unexpected: number
  /** e.g. `500×3, errors×1` */
  unexpectedDetail: string
  p50: number
  p99: number
  seconds: number
  /** Share of host CPU used by other processes meanwhile, or null. */
  othersCpu: number | null
  /** Cores used by the server under load and by the load generator (this process), or null. */
  serverCores: number | null
  benchCores: number | null
}

export interface LoadPhase {
  /** The process of the server under load, whose CPU is reported (and not counted as others'). */
  serverPid: number | undefined
  options: autocannon.Options
  expectedStatus: number
  /** Runs alongside the load (e.g. a latency probe); awaited before the phase returns. */
  alongside?: (load: Promise<unknown>) => Promise<void>
}

/** Requests still queued for a hash when a phase stops are finished by the server before the next phase. */
const DRAIN_MS = 500

export async function runLoad(settings: BenchSettings, phase: LoadPhase): Promise<PhaseResult> {
  const meter = cpuMeter([process.pid, phase.serverPid])
  const load = autocannon({ duration: settings.phaseSeconds, timeout: 10, ...phase.options })
  const side = phase.alongside?.(load)
  const result = summarize(await load, phase.expectedStatus, meter())
  const c = (n: number | null) => (n === null ? 'n/a' : `${fmt(n, 2)} cores`)
  log(
    `  → ${fmt(result.rate)} /s; server process ${c(result.serverCores)}, load generator ${c(result.benchCores)}, ` +
      `other processes ${result.othersCpu === null ? 'n/a' : `${fmt(100 * result.othersCpu, 0)} %`} of the host`,
  )
  await side
  await new Promise((r) => setTimeout(r, DRAIN_MS))
  return result
}

function summarize(result: autocannon.Result, expectedStatus: number, cpu: CpuUse | null): PhaseResult {
  const stats = result.statusCodeStats ?? {}
  let expected = 0
  let unexpected = result.errors
  const detail: string[] = []
  for (const [code, { count = 0 }] of Object.entries(stats)) {
    if (Number(code) === expectedStatus) expected += count
    else {
      unexpected += count
      detail.push(`${code}×${count}`)
    }
  }
  if (result.errors) detail.push(`errors×${result.errors}`)
  return {
    rate: expected / result.duration,
    expected,
    unexpected,
    unexpectedDetail: detail.join(', '),
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
    othersCpu: cpu?.others ?? null,
    benchCores: cpu?.cores[0] ?? null,
    serverCores: cpu?.cores[1] ?? null,
  }
}

/** A phase with more than 1 % of unexpected answers does not pass, whatever its rate. */
export const clean = (r: PhaseResult): boolean => r.unexpected <= 0.01 * (r.expected + r.unexpected)

/** POSTs of a form to `url` over `connections` keep-alive connections, with the client's Basic credentials. */
export function formPosts(url: string, connections: number, authorization: string): autocannon.Options {
  return {
    url,
    connections,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
  }
}
