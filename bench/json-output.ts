// `--json FILE`: the run's figures as JSON, so a later run can be compared with this one.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, platform } from 'node:os'
import { COST, USERS } from './config'
import { NOISY_OTHERS_CPU, TARGETS, bareRate, othersCpuMax, ratiosOf, type BenchFigures } from './figures'
import type { Row } from './report'
import { percentile } from './stats'

/** The commit the bench ran on (with `+dirty` when the work tree had changes), or null outside git. */
function commitOf(): string | null {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: 'pipe' }).trim()
    return run('rev-parse', 'HEAD') + (run('status', '--porcelain', '--untracked-files=no') ? '+dirty' : '')
  } catch {
    return null
  }
}

export function writeJson(path: string, f: BenchFigures, rows: Row[]): void {
  const { jsonPath: _jsonPath, ...settings } = f.settings
  const doc = {
    format: 'ropc-lab-bench/1',
    startedAt: f.startedAt,
    commit: commitOf(),
    host: { cores: f.settings.cores, cpu: cpus()[0]?.model ?? null, platform: platform(), node: f.node },
    settings: { ...settings, users: USERS, bcryptCost: COST, tokenFormat: 'opaque' },
    totalSeconds: f.totalSeconds,
    ...(f.pack && { conformancePack: f.pack }),
    ratios: ratiosOf(f),
    targets: TARGETS,
    passed: rows.every((r) => r.result !== 'FAIL'),
    othersCpuMax: othersCpuMax(f),
    /** Other processes took more than `noisyOthersCpu` of the host during some measurement: do not compare. */
    noisy: (othersCpuMax(f) ?? 0) > NOISY_OTHERS_CPU,
    noisyOthersCpu: NOISY_OTHERS_CPU,
    figures: {
      compare: f.compare,
      limit: f.limit,
      ceiling: f.ceiling,
      bare: bareRate(f),
      distinctUsers: f.distinctUsers,
      discovery: {
        p99: percentile(f.discovery.latencies, 99),
        max: f.discovery.latencies.length ? Math.max(...f.discovery.latencies) : null,
        samples: f.discovery.latencies.length,
        failures: f.discovery.failures,
      },
      phases: {
        password: f.password,
        wrongSecret: f.wrongSecret,
        bareBefore: f.bareBefore,
        malformed: f.malformed,
        refreshRotating: f.refreshRotating,
        refreshFixed: f.refreshFixed,
        bareAfter: f.bareAfter,
      },
    },
    table: rows,
  }
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`)
}
