// The CLI's commands: adapters of a few lines over createLab() and the workspace use cases.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLab } from '../lab/create-lab'
import type { Lab } from '../lab/lab-types'
import { defaultDbPath } from '../lab/paths'
import { LabError } from '../shared/lab-api'
import { formatWorkspaceFile, readWorkspaceFile, writePrivateFile, writeWorkspaceFile } from '../lab/workspace-file'
import { CliError } from './cli-error'
import { hashingProgress } from './progress'
import { startUiServer } from './ui-server'

export interface ServeFlags {
  workspace?: string
  host: string
  /** Absent: 8443, or the next free port when it is busy. */
  port?: string
  db?: string
  ui?: boolean
  uiPort: string
  https?: boolean
  certOut?: string
}

export function parsePort(value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new CliError(`${flag} must be a port number from 0 to 65535, not "${value}"`, 2)
  return n
}

/** The renderer built by electron-vite (out/renderer, next to out/main/cli.js), never its sources. */
export function findRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [join(here, '../renderer'), join(here, '../../out/renderer'), resolve('out/renderer')]
  const isBuilt = (d: string) => existsSync(join(d, 'index.html')) && existsSync(join(d, 'assets'))
  const found = candidates.find(isBuilt)
  if (!found) throw new CliError(`the UI is not built (looked in ${candidates.join(', ')}); run: npm run build`)
  return found
}

async function openLab(dbPath: string, workspaceFile: string | undefined): Promise<Lab> {
  const workspace = workspaceFile ? await readWorkspaceFile(workspaceFile) : undefined
  return createLab({
    dbPath,
    ...(workspace !== undefined ? { workspace } : { seedDemo: true }),
    onImportProgress: hashingProgress(),
  })
}

/** Resolves with the first SIGINT/SIGTERM; listening from the start, so none is missed. */
export function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((settle) => {
    const on = (signal: NodeJS.Signals) => () => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      // A second signal while stopping is ignored: the database must close cleanly.
      process.on('SIGINT', () => {})
      process.on('SIGTERM', () => {})
      settle(signal)
    }
    const onInt = on('SIGINT')
    const onTerm = on('SIGTERM')
    process.once('SIGINT', onInt)
    process.once('SIGTERM', onTerm)
  })
}

export async function serve(flags: ServeFlags): Promise<void> {
  const stopSignal = nextStopSignal()
  const port = flags.port === undefined ? 8443 : parsePort(flags.port, '--port')
  const uiPort = parsePort(flags.uiPort, '--ui-port')
  // With a workspace file the server is a disposable test server; without one it is the app's own database.
  const dbPath = flags.db ?? (flags.workspace ? ':memory:' : defaultDbPath())
  const staticDir = flags.ui ? findRendererDir() : null
  const lab = await openLab(dbPath, flags.workspace)
  let ui: { url: string; close(): Promise<void> } | null = null
  try {
    // A port the user named is kept or refused; the default moves to the next free one.
    const status = await lab.start({
      host: flags.host,
      port,
      fallbackToNextPort: flags.port === undefined,
      ...(flags.https !== undefined && { https: flags.https }),
    })
    if (flags.certOut) {
      await writePrivateFile(flags.certOut, await lab.certificatePem())
      console.log(`ropc-lab: certificate written to ${flags.certOut} (trust it: curl --cacert ${flags.certOut})`)
    }
    if (staticDir) ui = await startUiServer({ lab, host: flags.host, port: uiPort, staticDir })
    console.log(`ropc-lab: listening on ${status.baseUrl} (database: ${dbPath})`)
    if (status.note) console.log(`ropc-lab: ${status.note}`)
    console.log(`ropc-lab: token endpoint ${status.baseUrl}/oauth/v2/oauth-token`)
    if (ui) console.log(`ropc-lab: UI: ${ui.url}`)
  } catch (err) {
    await ui?.close()
    await lab.close()
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      throw new CliError(
        `port ${port} on ${flags.host} is already in use; choose another with --port (or --port 0 for a free one)`,
      )
    }
    if (code === 'EADDRNOTAVAIL') throw new CliError(`cannot listen on ${flags.host}: no such local address`)
    throw err
  }
  if (flags.host !== '127.0.0.1' && flags.host !== 'localhost' && flags.host !== '::1') {
    console.warn(`ropc-lab: warning: listening on ${flags.host}, not loopback: other machines can reach this server`)
  }
  const signal = await stopSignal
  console.log(`ropc-lab: ${signal} received, stopping`)
  await ui?.close()
  await lab.close()
}

export async function exportCommand(flags: { db?: string; out?: string }): Promise<void> {
  const dbPath = flags.db ?? defaultDbPath()
  if (dbPath !== ':memory:' && !existsSync(dbPath)) throw new CliError(`no database at ${dbPath}`)
  const lab = await createLab({ dbPath })
  try {
    const workspace = await lab.handlers['workspace.export']({})
    if (flags.out) {
      await writeWorkspaceFile(flags.out, workspace)
      console.error(`ropc-lab: workspace written to ${flags.out} (hashes only, no plaintext)`)
    } else process.stdout.write(formatWorkspaceFile(workspace))
  } finally {
    await lab.close()
  }
}

export async function importCommand(file: string, flags: { db?: string }): Promise<void> {
  const dbPath = flags.db ?? defaultDbPath()
  const workspace = await readWorkspaceFile(file)
  const lab = await createLab({ dbPath, workspace, onImportProgress: hashingProgress() }).catch((err: unknown) => {
    if (err instanceof LabError) throw new CliError(err.message)
    throw err
  })
  try {
    const snapshot = await lab.handlers['workspace.get']({})
    console.log(
      `ropc-lab: imported ${snapshot.scopes.length} scopes, ${snapshot.clients.length} clients, ${snapshot.users.length} users into ${dbPath}`,
    )
  } finally {
    await lab.close()
  }
}

/** `ropc-lab cert`: the HTTPS listener's certificate (PEM) for clients to trust; made on first use. */
export async function certCommand(flags: { db?: string; out?: string }): Promise<void> {
  const dbPath = flags.db ?? defaultDbPath()
  const lab = await createLab({ dbPath })
  try {
    const pem = await lab.certificatePem()
    if (flags.out) {
      await writePrivateFile(flags.out, pem)
      console.error(`ropc-lab: certificate written to ${flags.out} (trust it: curl --cacert ${flags.out})`)
    } else process.stdout.write(pem)
  } finally {
    await lab.close()
  }
}
