// The import rules of docs/architecture.md, checked on the source: which layer may import which,
// who may import `electron`, that the renderer never reaches Node, and that the folders inside
// server/ go one way (http → oauth → tokens, credentials) with no cycle between them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src')
const LAYERS = ['shared', 'store', 'server', 'lab', 'main', 'preload', 'cli', 'renderer'] as const
type Layer = (typeof LAYERS)[number]

/** Which of our layers each layer may import (itself always allowed). */
const ALLOWED: Record<Layer, Layer[]> = {
  shared: [],
  store: ['shared'],
  server: ['store', 'shared'],
  lab: ['server', 'store', 'shared'],
  main: ['lab', 'shared'],
  cli: ['lab', 'shared'],
  preload: ['shared'],
  renderer: ['shared'],
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : []
  })
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs: string[] = []
  const re =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm
  for (let m = re.exec(text); m; m = re.exec(text)) specs.push((m[1] ?? m[2] ?? m[3])!)
  return specs
}

const layerOf = (path: string): Layer | null => {
  const first = relative(SRC, path).split(/[\\/]/)[0]
  return (LAYERS as readonly string[]).includes(first ?? '') ? (first as Layer) : null
}

const files = sourceFiles(SRC)
const violations = (check: (file: string, from: Layer, spec: string, target: Layer | null) => string | null) =>
  files.flatMap((file) => {
    const from = layerOf(file)!
    return importsOf(file).flatMap((spec) => {
      const target = spec.startsWith('.') ? layerOf(resolve(dirname(file), spec)) : null
      const problem = check(file, from, spec, target)
      return problem ? [`${relative(SRC, file)}: ${problem}`] : []
    })
  })

describe('architecture.md import rules', () => {
  it('reads the source tree', () => {
    expect(files.length).toBeGreaterThan(50)
  })

  it('each layer imports only the layers below it', () => {
    expect(
      violations((_file, from, spec, target) =>
        target && target !== from && !ALLOWED[from].includes(target)
          ? `${from} must not import ${target} ("${spec}")`
          : null,
      ),
    ).toEqual([])
  })

  it('only main and preload import electron (the CLI and the core run under plain Node)', () => {
    expect(
      violations((_file, from, spec) =>
        (spec === 'electron' || spec.startsWith('electron/')) && from !== 'main' && from !== 'preload'
          ? `imports "${spec}"`
          : null,
      ),
    ).toEqual([])
  })

  it('the renderer and shared never reach Node built-ins or native modules', () => {
    expect(
      violations((_file, from, spec) =>
        (from === 'renderer' || from === 'shared') &&
        (spec.startsWith('node:') ||
          ['fs', 'path', 'crypto', 'http', 'better-sqlite3', 'piscina', 'bcryptjs'].includes(spec))
          ? `imports "${spec}"`
          : null,
      ),
    ).toEqual([])
  })
})

// ---- inside server/ ----

const SERVER = join(SRC, 'server')

/**
 * The sub-folders of server/ by height (architecture.md): a folder imports only lower ones, so
 * siblings (tokens, credentials) stay independent. Files at server/'s top level (services.ts, the
 * composition types, group-commit.ts) are not ranked; the cycle check below covers them.
 */
const SERVER_FOLDER_RANK: Record<string, number> = {
  http: 4,
  faults: 3,
  oauth: 2,
  exchanges: 2,
  tokens: 1,
  credentials: 1,
  tls: 1,
}

/** The unit a server file belongs to: its sub-folder ("oauth"), or itself at the top ("services.ts"). */
function serverUnitOf(path: string): string | null {
  const rel = relative(SERVER, path)
  if (rel.startsWith('..')) return null
  const parts = rel.split(/[\\/]/)
  if (parts.length > 1) return parts[0]!
  // An import names a module without its extension; a file carries one.
  return parts[0]!.replace(/\.(ts|js)$/, '')
}

/** Edges between server units: from → to → one example "file: import" for the message. */
function serverUnitGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>()
  for (const file of files) {
    const from = serverUnitOf(file)
    if (from === null) continue
    if (!graph.has(from)) graph.set(from, new Map())
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue
      const to = serverUnitOf(resolve(dirname(file), spec))
      if (to === null || to === from || graph.get(from)!.has(to)) continue
      graph.get(from)!.set(to, `${relative(SRC, file)} imports "${spec}"`)
    }
  }
  return graph
}

/** Strongly connected components with more than one unit: each is a cycle (Tarjan). */
function cyclesOf(graph: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  let next = 0
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        onStack.delete(w)
        component.push(w)
        if (w === v) break
      }
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return found
}

describe('architecture.md: the folders inside server/ go one way', () => {
  const graph = serverUnitGraph()

  it('reads the server folders', () => {
    for (const folder of Object.keys(SERVER_FOLDER_RANK)) expect(graph.has(folder), folder).toBe(true)
  })

  it('no file in a lower server folder imports a higher one or a sibling (http → oauth → tokens, credentials)', () => {
    const problems: string[] = []
    for (const [from, targets] of graph) {
      const fromRank = SERVER_FOLDER_RANK[from]
      if (fromRank === undefined) continue
      for (const [to, example] of targets) {
        const toRank = SERVER_FOLDER_RANK[to]
        if (toRank !== undefined && toRank >= fromRank) problems.push(`${from} must not import ${to}: ${example}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('has no import cycle between server folders and top-level modules (type imports included)', () => {
    const described = cyclesOf(graph).map((units) =>
      units
        .flatMap((from) =>
          [...graph.get(from)!]
            .filter(([to]) => units.includes(to))
            .map(([to, example]) => `${from} → ${to} (${example})`),
        )
        .join('; '),
    )
    expect(described).toEqual([])
  })

  it('the cycle finder sees a cycle when there is one', () => {
    const g = new Map([
      ['a', new Map([['b', '']])],
      ['b', new Map([['c', '']])],
      ['c', new Map([['a', '']])],
      ['d', new Map([['a', '']])],
    ])
    expect(cyclesOf(g)).toEqual([['a', 'b', 'c']])
  })
})
