// The lab under test: a workspace of USERS users at bcrypt cost COST, started in its own process on 127.0.0.1.
// One cost-COST hash is computed by the bench and given to every user as `passwordHash` (the workspace format
// accepts it), so the import hashes nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LabCommand } from './lab-child'
import { CLIENT_ID, CLIENT_SECRET, COST, FORM, TOKEN_PATH, USERS, basic, log, passwordBody, username } from './config'
import { ServerProcess } from './server-process'

export interface LabFixture {
  baseUrl: string
  tokenUrl: string
  /** The bench client's Basic credentials (RFC 6749 §2.3.1). */
  auth: string
  pid: number | undefined
  importMs: number
  /** Turns refresh-token rotation on or off through the lab's own settings handler. */
  setRotation(on: boolean): Promise<void>
  /** `count` refresh tokens from password grants of users `first`, `first + 1`, … */
  issueRefreshTokens(count: number, first?: number): Promise<string[]>
  /** Closes the lab cleanly (waits for its writes). */
  close(): Promise<void>
  /** Kills the process if it still runs and removes the database folder; safe to call more than once. */
  dispose(): void
}

export interface FixtureHashes {
  passwordHash: string
  secretHash: string
}

export function benchWorkspace({ passwordHash, secretHash }: FixtureHashes): unknown {
  return {
    version: 1,
    settings: { tokenFormat: 'opaque', bcryptCost: COST },
    scopes: [{ name: 'api', description: 'bench', default: true }],
    clients: [
      {
        clientId: CLIENT_ID,
        secretHash,
        grantTypes: ['password', 'refresh_token'],
        authMethods: ['client_secret_basic', 'client_secret_post'],
        scopes: ['api'],
      },
    ],
    users: Array.from({ length: USERS }, (_, i) => ({ username: username(i), passwordHash })),
  }
}

export async function postForm(
  url: string,
  body: string,
  authorization?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...FORM, ...(authorization ? { authorization } : {}) },
    body,
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

export async function startLab(hashes: FixtureHashes, hashConnections: number): Promise<LabFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ropc-bench-'))
  const child = ServerProcess.spawn<LabCommand>(new URL('./lab-child.ts', import.meta.url), 'lab')
  const dispose = () => {
    child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    log(`starting the lab with ${USERS.toLocaleString('en-US')} users (one shared cost-${COST} hash) in ${dir}…`)
    const reply = await child.send({ cmd: 'start', dbPath: join(dir, 'bench.db'), workspace: benchWorkspace(hashes) })
    if (!reply.baseUrl) throw new Error('the lab did not report a baseUrl')
    const tokenUrl = reply.baseUrl + TOKEN_PATH
    const auth = basic(CLIENT_ID, CLIENT_SECRET)
    const lab: LabFixture = {
      baseUrl: reply.baseUrl,
      tokenUrl,
      auth,
      pid: child.pid,
      importMs: reply.importMs ?? NaN,
      setRotation: async (on) => {
        await child.send({ cmd: 'settings', patch: { refreshTokenRotation: on } })
      },
      issueRefreshTokens: async (count, first = 0) => {
        const tokens: string[] = []
        for (let i = first; i < first + count; i++) {
          const r = await postForm(tokenUrl, passwordBody(i), auth)
          if (r.status !== 200 || typeof r.json.refresh_token !== 'string') {
            throw new Error(`no refresh token from a password grant: ${r.status} ${JSON.stringify(r.json)}`)
          }
          tokens.push(r.json.refresh_token)
        }
        return tokens
      },
      close: async () => {
        await child.send({ cmd: 'close' })
      },
      dispose,
    }
    log(`lab listening on ${lab.baseUrl} (import took ${Math.round(lab.importMs)} ms)`)
    await warmUp(lab, hashConnections)
    return lab
  } catch (err) {
    dispose()
    throw err
  }
}

/** Spawns every hash worker and caches the client secret (one hash per grant from then on). */
async function warmUp(lab: LabFixture, connections: number): Promise<void> {
  log('warming up…')
  for (let round = 0; round < 2; round++) {
    const replies = await Promise.all(
      Array.from({ length: connections }, (_, i) => postForm(lab.tokenUrl, passwordBody(round * 100 + i), lab.auth)),
    )
    const bad = replies.find((r) => r.status !== 200)
    if (bad) throw new Error(`warm-up password grant answered ${bad.status}: ${JSON.stringify(bad.json)}`)
  }
}
