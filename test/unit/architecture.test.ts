// The import rules of docs/architecture.md, checked on the source: which layer may import which,
// who may import `electron`, and that the renderer never reaches Node.
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
