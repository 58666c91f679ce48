import { chmodSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the desktop app keeps its database, shared with `ropc-lab serve` and `npm start`:
 * the platform's per-user application-data folder (what Electron's userData points to).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.ROPC_LAB_HOME) return env.ROPC_LAB_HOME
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'ropc-lab')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ropc-lab')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'ropc-lab')
}

/**
 * The data folder, made if missing and kept owner-only (0700), also when it exists with a looser
 * mode: it holds the database (signing keys, TLS key, hashes, exchange log). No-op for modes on Windows.
 */
export function privateDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const dir = defaultDataDir(env, platform)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (platform !== 'win32') chmodSync(dir, 0o700)
  return dir
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(privateDataDir(env), 'ropc-lab.db')
}
