// The soak's server process (forked by scripts/soak.ts): the lab, its token server, a recording proxy in front of
// it and the UI server of `serve --ui` (the same startUiServer), on 127.0.0.1 port 0. Answers `stats` with its
// memory, so the soak reads the server's RSS and heap, not its own.
import { fileURLToPath } from 'node:url'
import { startUiServer } from '../../src/cli/ui-server/index'
import { createLab } from '../../src/lab/create-lab'

export type SoakCommand = { cmd: 'start'; dbPath: string; workspace: unknown } | { cmd: 'stats' } | { cmd: 'close' }
export interface SoakStarted {
  baseUrl: string
  proxyUrl: string
  uiUrl: string
}
export interface SoakStats {
  rss: number
  heapUsed: number
}

const STATIC_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url))
let close: (() => Promise<void>) | null = null

async function start(dbPath: string, workspace: unknown): Promise<SoakStarted> {
  const lab = await createLab({ dbPath, workspace })
  const baseUrl = (await lab.start({ host: '127.0.0.1', port: 0 })).baseUrl!
  const proxy = await lab.proxy({ upstream: baseUrl })
  const ui = await startUiServer({ lab, host: '127.0.0.1', port: 0, staticDir: STATIC_DIR, heartbeatMs: 1000 })
  close = async () => {
    await ui.close()
    await proxy.close()
    await lab.close()
  }
  return { baseUrl, proxyUrl: proxy.baseUrl, uiUrl: ui.url }
}

async function answer(msg: SoakCommand): Promise<unknown> {
  if (msg.cmd === 'start') return start(msg.dbPath, msg.workspace)
  if (msg.cmd === 'stats') {
    const m = process.memoryUsage()
    return { rss: m.rss, heapUsed: m.heapUsed } satisfies SoakStats
  }
  await close?.()
  setImmediate(() => process.exit(0))
  return {}
}

process.on('message', (msg: SoakCommand) => {
  answer(msg).then(
    (data) => process.send?.({ ok: true, data }),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  )
})
