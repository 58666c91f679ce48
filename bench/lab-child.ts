// The lab's process (forked by lab-fixture.ts): store + bcrypt pool + HTTP server, driven over IPC.
import { performance } from 'node:perf_hooks'
import { createLab } from '../src/lab/create-lab'
import { serveCommands } from './server-process'

export type LabCommand =
  { cmd: 'start'; dbPath: string; workspace: unknown } | { cmd: 'settings'; patch: { refreshTokenRotation: boolean } }

let lab: Awaited<ReturnType<typeof createLab>> | null = null

serveCommands<LabCommand>(async (msg) => {
  if (msg.cmd === 'start') {
    const t0 = performance.now()
    lab = await createLab({ dbPath: msg.dbPath, workspace: msg.workspace })
    const importMs = performance.now() - t0
    const status = await lab.start({ host: '127.0.0.1', port: 0 })
    return { ok: true, baseUrl: status.baseUrl ?? undefined, importMs }
  }
  if (msg.cmd === 'settings') {
    if (!lab) throw new Error('lab not started')
    await lab.handlers['settings.update'](msg.patch)
    return { ok: true }
  }
  await lab?.close()
  return { ok: true }
})
