// The table: one row per figure, the ratio first where a target is set on it, the absolute rate beside it.
import { COST, USERS } from './config'
import { NOISY_OTHERS_CPU, TARGETS, bareRate, othersCpuMax, ratiosOf, type BenchFigures } from './figures'
import { fmt, pct } from './format'
import { clean, type PhaseResult } from './load'
import { percentile } from './stats'

export interface Row {
  metric: string
  measured: string
  target: string
  result: 'PASS' | 'FAIL' | 'info'
  /** Cores used by the server under load and by the load generator while this was measured. */
  cpu?: string
  /** CPU taken by other processes on the host while this was measured. */
  others?: string
}

const passIf = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'FAIL')
const extra = (r: PhaseResult): string => (r.unexpected ? ` (+${r.unexpected} unexpected: ${r.unexpectedDetail})` : '')
const cpuOf = (r: PhaseResult): string =>
  r.serverCores === null || r.benchCores === null ? 'n/a' : `${fmt(r.serverCores, 2)} / ${fmt(r.benchCores, 2)}`
const load = (r: PhaseResult): Pick<Row, 'cpu' | 'others'> => ({ cpu: cpuOf(r), others: pct(r.othersCpu) })
const rate = (r: PhaseResult, digits = 0): string => `${fmt(r.rate, digits)} /s`

function hashRows(f: BenchFigures): Row[] {
  const { cores } = f.settings
  const r = ratiosOf(f)
  return [
    {
      metric: `bcryptjs compareSync, cost ${COST}, main thread (median of ${f.compare.samples})`,
      measured: `${fmt(f.compare.compareMs)} ms (${f.compare.batchMedians.map((m) => fmt(m)).join(' then ')})`,
      target: '—',
      result: 'info',
      others: f.compare.othersCpu.map((x) => pct(x)).join(', '),
    },
    {
      metric: `limit = ${cores} cores ÷ compare time`,
      measured: `${fmt(f.limit)} grants/s`,
      target: '—',
      result: 'info',
    },
    {
      metric: `ceiling: ${cores} worker threads comparing, no server`,
      measured: `${fmt(f.ceiling)} compares/s (${pct(f.ceiling / f.limit)} of limit)`,
      target: '—',
      result: 'info',
    },
    {
      metric: `password grants (${f.settings.hashConnections} conns, ${f.distinctUsers} users) ÷ limit`,
      measured: `${pct(r.passwordOfLimit, 1)} (${rate(f.password, 1)})${extra(f.password)}`,
      target: `≥ ${pct(TARGETS.passwordOfLimit)} of limit`,
      result: passIf(r.passwordOfLimit >= TARGETS.passwordOfLimit && clean(f.password)),
      ...load(f.password),
    },
    {
      metric: 'password grants ÷ worker ceiling',
      measured: pct(r.passwordOfCeiling, 1),
      target: '—',
      result: 'info',
    },
    {
      metric: 'password grant latency p50 / p99',
      measured: `${fmt(f.password.p50, 0)} / ${fmt(f.password.p99, 0)} ms`,
      target: '—',
      result: 'info',
    },
    {
      metric: 'wrong client secret → 401 (1 hash each) ÷ limit',
      measured: `${pct(r.wrongSecretOfLimit)} (${rate(f.wrongSecret, 1)})${extra(f.wrongSecret)}`,
      target: `≤ ${pct(TARGETS.wrongSecretOfLimitMax)} of limit (pays the hash)`,
      result: passIf(r.wrongSecretOfLimit <= TARGETS.wrongSecretOfLimitMax && clean(f.wrongSecret)),
      ...load(f.wrongSecret),
    },
  ]
}

function cheapRows(f: BenchFigures): Row[] {
  const r = ratiosOf(f)
  const bare = bareRate(f)
  const ofBare = (ratio: number, phase: PhaseResult, target: number): Omit<Row, 'metric'> => ({
    measured: `${pct(ratio, 1)} (${rate(phase)})${extra(phase)}`,
    target: `≥ ${pct(target)} of bare`,
    result: passIf(ratio >= target && clean(phase)),
    ...load(phase),
  })
  const bareRow = (when: string, phase: PhaseResult): Row => ({
    metric: `bare node:http → 400, ${when} the cheap phases`,
    measured: `${rate(phase)}${extra(phase)}`,
    target: '—',
    result: clean(phase) ? 'info' : 'FAIL',
    ...load(phase),
  })
  return [
    bareRow('before', f.bareBefore),
    bareRow('after', f.bareAfter),
    { metric: 'bare = mean of both', measured: `${fmt(bare, 0)} /s`, target: '—', result: 'info' },
    {
      metric: 'malformed (no grant_type) → 400 ÷ bare',
      ...ofBare(r.malformedOfBare, f.malformed, TARGETS.malformedOfBare),
    },
    {
      metric: 'refresh grants, rotation on (chained) ÷ bare',
      ...ofBare(r.refreshRotatingOfBare, f.refreshRotating, TARGETS.refreshRotatingOfBare),
    },
    {
      metric: 'refresh grants, rotation off ÷ bare',
      ...ofBare(r.refreshFixedOfBare, f.refreshFixed, TARGETS.refreshFixedOfBare),
    },
  ]
}

function discoveryRow(f: BenchFigures): Row {
  const { latencies, failures } = f.discovery
  const p99 = percentile(latencies, 99)
  return {
    metric: 'discovery GET p99 at 10/s under grant load',
    measured: `${fmt(p99)} ms (n=${latencies.length}, max ${fmt(Math.max(...latencies))})${
      failures ? ` +${failures} failed` : ''
    }`,
    target: `≤ ${TARGETS.discoveryP99Ms} ms`,
    result: passIf(p99 <= TARGETS.discoveryP99Ms && failures === 0 && latencies.length > 0),
    others: pct(f.password.othersCpu),
  }
}

export function tableRows(f: BenchFigures): Row[] {
  return [...hashRows(f), ...cheapRows(f), discoveryRow(f)]
}

export function tableTitle(f: BenchFigures): string {
  const s = f.settings
  return (
    `ROPC Lab token server — ${s.cores} cores, Node ${f.node}, ${USERS.toLocaleString('en-US')} users, bcrypt cost ${COST}, ` +
    `opaque tokens, ${s.phaseSeconds} s per phase${s.short ? ' (--short)' : ''}, loopback, total ${fmt(f.totalSeconds, 0)} s`
  )
}

/** Whether the run can be trusted, from the CPU other processes took meanwhile. */
export function noiseVerdict(f: BenchFigures): string {
  const max = othersCpuMax(f)
  if (max === null) return "others' CPU not measured (no /proc): noise unknown."
  return max > NOISY_OTHERS_CPU
    ? `NOISY RUN: other processes took up to ${pct(max)} of the host's CPU during a measurement ` +
        `(over ${pct(NOISY_OTHERS_CPU)}): discard these figures and run again on a quiet host.`
    : `quiet run: other processes took at most ${pct(max)} of the host's CPU during any measurement.`
}

function footnotes(f: BenchFigures, failed: number): string[] {
  const { cores, hashConnections, cheapConnections } = f.settings
  return [
    noiseVerdict(f),
    `${failed === 0 ? 'all targets met' : `${failed} target(s) missed`}. ` +
      `Targets are ratios measured in this run: password grants against limit = ${cores} cores ÷ the bcrypt compare time; ` +
      `the cheap paths (malformed, refresh) against "bare", a node:http server on the same host that reads the body, parses ` +
      `the form and answers a fixed 400 invalid_request, loaded with the same ${cheapConnections} connections and the ` +
      'malformed request, just before and just after those phases. Absolute rates are in parentheses, for reference only.',
    `Password grants: ${hashConnections} connections, each request a different user (1 hash each: the client secret is ` +
      'verified once, then remembered). The worker ceiling is what the same compare reaches on ' +
      `${cores} worker threads with nothing else running: on a VM a worker thread can be slower than the main thread. ` +
      'Wrong secret: every request pays a full compare, failures are never cached, so it cannot beat the limit. ' +
      'Refresh "rotation on" chains each new refresh token into the next request (each token used once); "rotation off" ' +
      `reuses a pool of ${cheapConnections} tokens.`,
    '"server / load-gen CPU": cores used by the server under load (the lab process with its HTTP, SQLite and bcrypt ' +
      `workers, or the bare server) and by autocannon (this process), out of ${cores}. "others' CPU": share of the host's ` +
      'CPU used by processes other than this bench and that server during the phase; above a few % the figures are ' +
      'depressed by that load: discard the run.',
  ]
}

export function printTable(f: BenchFigures, rows: Row[]): void {
  const cols = ['metric', 'measured', 'target', 'result', 'cpu', 'others'] as const
  type Col = (typeof cols)[number]
  const head: Record<Col, string> = {
    metric: 'metric',
    measured: 'measured',
    target: 'target',
    result: 'result',
    cpu: 'server / load-gen CPU',
    others: "others' CPU",
  }
  const cell = (r: Row, c: Col) => r[c] ?? ''
  const width = (c: Col) => Math.max(head[c].length, ...rows.map((r) => cell(r, c).length))
  const line = (cells: (c: Col) => string) => `| ${cols.map((c) => cells(c).padEnd(width(c))).join(' | ')} |`
  const failed = rows.filter((r) => r.result === 'FAIL').length
  const out = [
    tableTitle(f),
    '',
    line((c) => head[c]),
    `|${cols.map((c) => '-'.repeat(width(c) + 2)).join('|')}|`,
    ...rows.map((r) => line((c) => cell(r, c))),
    '',
    ...footnotes(f, failed),
  ]
  process.stdout.write(`${out.join('\n')}\n`)
}
