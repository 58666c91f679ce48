// `ropc-lab proxy` (cli.md): the recording proxy in front of a real server, as an adapter of a few
// lines over lab.proxy(). Exchanges land in the database like any others (History, `history`, `report`).
import { readFileSync } from 'node:fs'
import { createLab } from '../lab/create-lab'
import { defaultDbPath } from '../lab/paths'
import { findRendererDir, nextStopSignal, parsePort } from './commands'
import { startUiServer } from './ui-server'
import { CliError } from './cli-error'

export interface ProxyFlags {
  upstream: string
  upstreamCa?: string
  keepIssuer?: boolean
  host: string
  port: string
  db?: string
  ui?: boolean
  uiPort: string
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new CliError(`cannot read --upstream-ca ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 2)
  }
}

export async function proxyCommand(flags: ProxyFlags): Promise<void> {
  const stopSignal = nextStopSignal()
  const port = parsePort(flags.port, '--port')
  const uiPort = parsePort(flags.uiPort, '--ui-port')
  const ca = flags.upstreamCa ? readCa(flags.upstreamCa) : undefined
  const staticDir = flags.ui ? findRendererDir() : null
  const dbPath = flags.db ?? defaultDbPath()
  const lab = await createLab({ dbPath })
  try {
    const proxy = await lab
      .proxy({
        upstream: flags.upstream,
        host: flags.host,
        port,
        keepIssuer: flags.keepIssuer === true,
        ...(ca !== undefined && { upstreamCa: ca }),
      })
      .catch((err: unknown) => {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${flags.host} is already in use`)
        throw new CliError(err instanceof Error ? err.message : String(err), 2)
      })
    const ui = staticDir ? await startUiServer({ lab, host: flags.host, port: uiPort, staticDir }) : null
    console.log(`ropc-lab: forwarding to ${proxy.upstream.url}`)
    console.log(
      proxy.keepIssuer
        ? 'ropc-lab: relayed metadata keeps the upstream issuer (--keep-issuer)'
        : 'ropc-lab: relayed metadata names this proxy as issuer (RFC 8414 §3.3; --keep-issuer keeps the upstream one)',
    )
    if (proxy.upstream.note) console.log(`ropc-lab: note: ${proxy.upstream.note}`)
    for (const [path, endpoint] of proxy.upstream.endpoints) {
      console.log(`ropc-lab:   ${endpoint.padEnd(10)} ${proxy.baseUrl}${path} → ${proxy.upstream.origin}${path}`)
    }
    if (ui) console.log(`ropc-lab: UI: ${ui.url}`)
    // Last, so whoever waits for it has read everything above.
    console.log(`ropc-lab: listening on ${proxy.baseUrl} (database: ${dbPath})`)
    const signal = await stopSignal
    console.log(`ropc-lab: ${signal} received, stopping`)
    await ui?.close()
    await proxy.close()
  } finally {
    await lab.close()
  }
}
