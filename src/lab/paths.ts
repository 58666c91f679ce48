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

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'ropc-lab.db')
}
