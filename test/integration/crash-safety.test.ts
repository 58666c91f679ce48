// Crash safety: a child process imports workspaces of 5,000 users, streams password grants and writes their
// exchanges, and is SIGKILLed at a random moment, several times over one database file. After each kill the file is
// reopened: `PRAGMA integrity_check` is ok, the workspace is one whole generation (never a mix of two imports), every
// acknowledged import, token and exchange is there, and no token of an older generation survived its import.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { hashSync } from 'bcryptjs'
import { afterAll, describe, expect, it } from 'vitest'
import { CLIENT, PASSWORD, USERS } from '../helpers/crash-workspace'

const CHILD = fileURLToPath(new URL('../helpers/crash-child.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ROUNDS = 4
const dir = mkdtempSync(join(tmpdir(), 'ropc-crash-'))
const dbPath = join(dir, 'lab.sqlite')
const passwordHash = hashSync(PASSWORD, 4)
const secretHash = hashSync(CLIENT.secret, 4)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Runs the child until it has acknowledged a token and an import (so every round has work to lose), lets it work for
 * `workMs` more, SIGKILLs it; returns its acknowledgements.
 */
function runAndKill(startGen: number, firstSeq: number, workMs: number): Promise<string[]> {
  const args = ['--import', 'tsx', CHILD, dbPath, String(startGen), String(firstSeq), passwordHash, secretHash]
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let armed = false
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (!armed && out.includes('\nTOKEN ') && out.includes('\nIMPORT-ACK ')) {
        armed = true
        setTimeout(() => child.kill('SIGKILL'), workMs).unref()
      }
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      clearTimeout(guard)
      if (signal !== 'SIGKILL') reject(new Error(`the child exited by itself: ${err}`))
      // A line cut by the kill was never acknowledged.
      else resolve(out.split('\n').slice(0, -1))
    })
  })
}

interface Reopened {
  integrity: string
  generation: number
  users: number
  mixed: number
  tokens: Set<string>
  exchangeSeqs: Set<number>
}

function reopen(): Reopened {
  const db = new Database(dbPath)
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string
    const scopes = db.prepare('SELECT name FROM scopes').pluck().all() as string[]
    expect(scopes, 'one generation of scopes').toHaveLength(1)
    const generation = Number(scopes[0]!.slice('gen-'.length))
    const users = db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number
    const mixed = db
      .prepare('SELECT COUNT(*) FROM users WHERE username NOT LIKE ?')
      .pluck()
      .get(`g${generation}-%`) as number
    const tokens = new Set(db.prepare("SELECT digest FROM tokens WHERE kind = 'access'").pluck().all() as string[])
    const exchangeSeqs = new Set<number>()
    for (const request of db.prepare('SELECT request FROM exchanges').pluck().iterate() as Iterable<string>) {
      const headers = (JSON.parse(request) as { headers: Array<[string, string]> }).headers
      const seq = headers.find(([name]) => name.toLowerCase() === 'x-crash-seq')?.[1]
      if (seq !== undefined) exchangeSeqs.add(Number(seq))
    }
    return { integrity, generation, users, mixed, tokens, exchangeSeqs }
  } finally {
    db.close()
  }
}

function checkRound(lines: string[], after: Reopened): { tokens: number; imports: number } {
  expect(after.integrity).toBe('ok')
  expect(after.users).toBe(USERS)
  expect(after.mixed, 'users of another import').toBe(0)
  const acked = lines.filter((l) => l.startsWith('IMPORT-ACK ')).map((l) => Number(l.split(' ')[1]))
  const started = lines.filter((l) => l.startsWith('IMPORT-START ')).map((l) => Number(l.split(' ')[1]))
  // Old or new: at least the last acknowledged import, at most the last one started.
  expect(after.generation).toBeGreaterThanOrEqual(Math.max(-1, ...acked))
  expect(after.generation).toBeLessThanOrEqual(Math.max(Number(lines[0]!.split(' ')[1]), ...started))
  let tokens = 0
  lines.forEach((line, at) => {
    if (!line.startsWith('TOKEN ')) return
    const [, seq, userGen, digest] = line.split(' ')
    expect(after.exchangeSeqs.has(Number(seq)), `exchange of grant ${seq}`).toBe(true)
    tokens++
    // A token of the current generation's users was issued after its import: it must be there.
    if (Number(userGen) === after.generation) {
      expect(after.tokens.has(digest!), `token of grant ${seq}`).toBe(true)
      return
    }
    // A token committed before an import that committed later was dropped with its users (an import replaces the
    // whole workspace). A grant still in flight when an import commits is not judged here.
    const replacedAfter = lines
      .slice(at + 1)
      .some((l) => l.startsWith('IMPORT-START ') && Number(l.split(' ')[1]) <= after.generation)
    if (replacedAfter) expect(after.tokens.has(digest!), `token of grant ${seq} after the next import`).toBe(false)
  })
  return { tokens, imports: acked.length }
}

describe('crash safety: SIGKILL during imports, grant streams and exchange writes', () => {
  it(`keeps the database whole and every acknowledged write, over ${ROUNDS} kills`, async () => {
    let generation = 0
    let totals = { tokens: 0, imports: 0 }
    for (let round = 0; round < ROUNDS; round++) {
      const workMs = Math.floor(Math.random() * 2000)
      const lines = await runAndKill(generation, round * 1_000_000, workMs)
      expect(lines[0], 'the child started').toMatch(/^READY \d+$/)
      const after = reopen()
      const counted = checkRound(lines, after)
      totals = { tokens: totals.tokens + counted.tokens, imports: totals.imports + counted.imports }
      generation = after.generation
    }
    expect(totals.tokens).toBeGreaterThanOrEqual(ROUNDS)
    expect(totals.imports).toBeGreaterThanOrEqual(ROUNDS)
  }, 240_000)
})
