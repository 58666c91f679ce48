// "A comment says why, citing the RFC section or the design it follows — never an issue number: the
// tracker is not part of the repository." Checked on every source, test, bench and script file.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const FOLDERS = ['src', 'test', 'bench', 'scripts']
const TRACKER = /\b(issue|ticket)\s*#?\d+|\bissue\s+§|#\d{2,}\b(?![0-9a-f])|\bthe issue\b/i

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return /\.(ts|tsx|js|mjs|py)$/.test(name) ? [path] : []
  })
}

/** The comment text of a line: after `//` or inside a block comment (`/*`, `*`). */
function commentOf(line: string): string | null {
  const trimmed = line.trim()
  if (trimmed.startsWith('*') || trimmed.startsWith('/*') || trimmed.startsWith('#')) return trimmed
  const at = line.indexOf('// ')
  return at >= 0 ? line.slice(at) : null
}

describe('comments cite the RFC or the design, never the tracker', () => {
  it('the pattern catches what it should', () => {
    expect(TRACKER.test('// see issue 2 §4')).toBe(true)
    expect(TRACKER.test('// (issue #12)')).toBe(true)
    expect(TRACKER.test('// RFC 6749 §5.2: 401 when Basic was tried')).toBe(false)
  })

  it('no comment names an issue', () => {
    const problems: string[] = []
    for (const file of FOLDERS.flatMap((f) => files(join(ROOT, f)))) {
      if (file.endsWith('comments.test.ts')) continue
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const comment = commentOf(line)
          if (comment && TRACKER.test(comment)) problems.push(`${relative(ROOT, file)}:${i + 1}: ${comment.trim()}`)
        })
    }
    expect(problems).toEqual([])
  })
})
