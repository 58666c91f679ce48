// Tests are filed by what they are (README.md, "Tests"): test/unit holds pure code only, so that
// `npm run test:unit` runs in seconds alone. Checked on the source: a file under test/unit, and every
// test file or helper it imports, reaches no server, lab, process, browser, worker or SQLite.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const TEST = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const PROJECTS = ['unit', 'integration', 'interop', 'e2e']

/** Modules that mean network, processes, threads, SQLite or a browser. */
const FORBIDDEN_MODULES = new Set(
  ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'child_process', 'worker_threads', 'cluster']
    .flatMap((m) => [m, `node:${m}`])
    .concat(['better-sqlite3', 'piscina', 'playwright-core', 'electron']),
)

/** What starts a lab, a server, a store, a worker pool, a process or a browser (src/ and test/helpers/). */
const FORBIDDEN_NAMES = new Set([
  'createLab',
  'openStore',
  'openDatabase',
  'createTokenServer',
  'listenHttp',
  'serve',
  'startUiServer',
  'openProxy',
  'startRecordingProxy',
  'openCallbackListener',
  'startBackgroundCheckpoint',
  'createHashPool',
  'startTestLab',
  'renderApp',
  'launchChromium',
  'startHarness',
  'startScenarioLab',
  'startDiskLab',
  'useDiskLab',
  'startRuleBreaker',
  'startNodeOAuthUpstream',
  'startServe',
  'startListening',
  'runCli',
  'labWithMigrationTraffic',
  'recordMigrationTraffic',
  'runJourney',
])

/** The helpers that start nothing: a unit test may import these and no other file of test/helpers. */
const PURE_HELPERS = new Set([
  'fake-lab.ts',
  'fake-ipc-main.ts',
  'plaintext-scan.ts',
  'exchange-fixtures.ts',
  'requires-tool.ts',
])

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return filesUnder(path)
    return /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

interface Import {
  spec: string
  names: string[]
}

function importsOf(text: string): Import[] {
  const found: Import[] = []
  const re =
    /(?:import|export)\s([^'"]*?)\sfrom\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const names = (m[1] ?? '').match(/[A-Za-z_$][\w$]*/g) ?? []
    found.push({ spec: (m[2] ?? m[3] ?? m[4])!, names })
  }
  return found
}

const resolveLocal = (from: string, spec: string): string | null => {
  const base = resolve(dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`]) {
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // not this candidate
    }
  }
  return null
}

/** Why `file` is not a pure unit test, following its imports of other files under test/. */
function impurities(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return []
  seen.add(file)
  const where = relative(TEST, file)
  return importsOf(readFileSync(file, 'utf8')).flatMap(({ spec, names }) => {
    if (FORBIDDEN_MODULES.has(spec)) return [`${where} imports ${spec}`]
    const started = names.filter((n) => FORBIDDEN_NAMES.has(n))
    if (started.length > 0) return [`${where} imports ${started.join(', ')} from ${spec}`]
    if (!spec.startsWith('.')) return []
    const target = resolveLocal(file, spec)
    if (!target || !target.startsWith(TEST)) return []
    const folder = relative(TEST, target).split(/[\\/]/)[0]
    if (folder === 'helpers' && !PURE_HELPERS.has(relative(join(TEST, 'helpers'), target)))
      return [`${where} imports the helper ${spec}`]
    if (folder !== 'unit' && folder !== 'helpers') return [`${where} imports ${spec} from test/${folder}`]
    return impurities(target, seen)
  })
}

describe('tests filed by what they are', () => {
  it('no file under test/unit starts a server, a lab, a process, a worker, a browser or SQLite', () => {
    const unit = filesUnder(join(TEST, 'unit'))
    expect(unit.length).toBeGreaterThan(10)
    expect(unit.flatMap((file) => impurities(file))).toEqual([])
  })

  it('the check finds what it looks for (the renderer tests over a real lab, a helper that starts a server)', () => {
    const renderer = join(TEST, 'integration', 'renderer')
    expect(impurities(join(renderer, 'test-lab.ts')).join('\n')).toMatch(/createLab|node:http/)
    expect(impurities(join(renderer, 'store.test.ts')).join('\n')).toMatch(/startTestLab/)
    expect(impurities(join(TEST, 'helpers', 'cli-process.ts')).join('\n')).toMatch(/child_process/)
  })

  it('every test file is in one of the projects of vitest.config.ts (a file elsewhere would never run)', () => {
    const stray = filesUnder(TEST)
      .filter((file) => /\.test\.tsx?$/.test(file))
      .map((file) => relative(TEST, file))
      .filter((path) => !PROJECTS.includes(path.split(/[\\/]/)[0]!))
    expect(stray).toEqual([])
  })
})
