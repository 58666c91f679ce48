// WAL checkpoints off the event loop. A checkpoint copies the WAL into the database file and
// fsyncs it; run inside a COMMIT on the main connection it stalls every request queued behind it.
// A worker thread with its own connection runs PASSIVE checkpoints, which never block the writer;
// the main connection keeps a large autocheckpoint only as a backstop should the worker fall
// behind or fail.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** Pages of WAL after which the main connection checkpoints itself anyway (~40 MiB). */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000

// CommonJS evaluated in the worker: no file of its own, so the same code runs from the sources
// under vitest and from the electron-vite bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.modulePath)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 2000')
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* busy: the next tick tries again */ }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort.postMessage('stopped')
})
`

export interface BackgroundCheckpoint {
  /** Closes the worker's connection (before the main one closes and checkpoints what is left). */
  stop(): Promise<void>
}

export function startBackgroundCheckpoint(path: string, intervalMs = 200): BackgroundCheckpoint {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, modulePath } })
  // Never the reason a process stays alive; a failure only means the backstop does the work.
  worker.unref()
  let failed = false
  worker.on('error', (err) => {
    failed = true
    console.error(`ropc-lab: background checkpoints stopped (${err.message}); the database checkpoints itself instead`)
  })
  let stopping: Promise<void> | null = null
  return {
    stop() {
      if (stopping) return stopping
      stopping = failed
        ? Promise.resolve()
        : new Promise<void>((done) => {
            // Waited for now: unref'd, the worker let a script whose last step is `await store.close()` end
            // (exit code 13, an unfinished top-level await) before its exit or answer was seen.
            worker.ref()
            worker.once('exit', () => done())
            worker.once('message', () => void worker.terminate())
            worker.postMessage('stop')
          })
      return stopping
    },
  }
}
