// The ceiling the hardware sets without any server: `threads` worker threads comparing in parallel (what the lab's
// bcrypt pool does at best), in compares per second. On a VM a worker thread can be slower than the main thread,
// which is why the password grants are shown against this too.
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'

/** bcryptjs compareSync in a worker thread, in a loop for `ms` once told to start; posts the count. */
const COMPARE_LOOP = `
const { parentPort, workerData } = require('node:worker_threads')
const { compareSync } = require(workerData.bcryptjs)
compareSync(workerData.password, workerData.hash)
compareSync(workerData.password, workerData.hash)
parentPort.postMessage('ready')
parentPort.once('message', () => {
  const end = performance.now() + workerData.ms
  let n = 0
  while (performance.now() < end) { compareSync(workerData.password, workerData.hash); n++ }
  parentPort.postMessage(n)
})`

export async function parallelCompareCeiling(
  threads: number,
  ms: number,
  password: string,
  hash: string,
): Promise<number> {
  const bcryptjs = createRequire(import.meta.url).resolve('bcryptjs')
  const workers = Array.from(
    { length: threads },
    () => new Worker(COMPARE_LOOP, { eval: true, workerData: { bcryptjs, password, hash, ms } }),
  )
  try {
    const next = (w: Worker) =>
      new Promise<unknown>((resolve, reject) => {
        w.once('message', resolve)
        w.once('error', reject)
      })
    await Promise.all(workers.map(next))
    const t0 = performance.now()
    const counts = workers.map(next)
    for (const w of workers) w.postMessage('go')
    const total = (await Promise.all(counts)).reduce((a: number, b) => a + Number(b), 0)
    return total / ((performance.now() - t0) / 1000)
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
}
