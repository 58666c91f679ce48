// User patterns (a scenario's `/regex/` expectations) run off the event loop with a time limit.
// JavaScript's engine backtracks, so `/^(a+)+$/` against thirty characters takes minutes; on the
// main thread that froze the token endpoint and the UI with it. A linear engine (RE2) needs a native
// build that is not installed, so each match runs on one worker thread, and a match that passes the
// limit terminates that worker (the only way to stop a running regex) and fails the expectation.
import { Worker } from 'node:worker_threads'
import type { RegexSource } from '../../shared/scenarios/regex'
import {
  MAX_PENDING_REGEX_MATCHES,
  MAX_REGEX_SOURCE_LENGTH,
  MAX_REGEX_SUBJECT_LENGTH,
  REGEX_TIME_LIMIT_MS,
} from '../../shared/limits'
export { MAX_REGEX_SOURCE_LENGTH, MAX_REGEX_SUBJECT_LENGTH, REGEX_TIME_LIMIT_MS }

export type RegexVerdict = { ok: true; match: boolean } | { ok: false; why: string }

// CommonJS, evaluated: no file to bundle or resolve, the same under vitest and in out/main.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
parentPort.on('message', ({ id, source, flags, subject }) => {
  try {
    parentPort.postMessage({ id, match: new RegExp(source, flags).test(subject) })
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) })
  }
})
`

interface Job {
  id: number
  source: string
  flags: string
  subject: string
  resolve: (v: RegexVerdict) => void
}

class RegexWorker {
  #worker: Worker | null = null
  #online: Promise<void> | null = null
  #queue: Job[] = []
  #current: { job: Job; timer?: NodeJS.Timeout } | null = null
  #nextId = 1

  run(source: string, flags: string, subject: string): Promise<RegexVerdict> {
    if (this.#queue.length >= MAX_PENDING_REGEX_MATCHES) {
      return Promise.resolve({ ok: false, why: `too many patterns waiting (more than ${MAX_PENDING_REGEX_MATCHES})` })
    }
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, source, flags, subject, resolve })
      void this.#pump()
    })
  }

  async #pump(): Promise<void> {
    if (this.#current || !this.#queue.length) return
    const job = this.#queue.shift()!
    const worker = this.#ensureWorker()
    const current: { job: Job; timer?: NodeJS.Timeout } = { job }
    this.#current = current
    // The limit runs from when the worker can start, not from its boot (tens of ms, more when loaded).
    await this.#online
    if (this.#current !== current) return
    current.timer = setTimeout(() => this.#stop(job), REGEX_TIME_LIMIT_MS)
    worker.postMessage({ id: job.id, source: job.source, flags: job.flags, subject: job.subject })
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.unref()
    this.#online = new Promise((resolve) => worker.once('online', () => resolve()))
    worker.on('message', (m: { id: number; match?: boolean; error?: string }) => {
      const current = this.#current
      if (!current || current.job.id !== m.id) return
      this.#finish(m.error === undefined ? { ok: true, match: m.match === true } : { ok: false, why: m.error })
    })
    worker.on('error', (err) => this.#crashed(worker, err.message))
    worker.on('exit', () => this.#crashed(worker, 'the pattern worker stopped'))
    this.#worker = worker
    return worker
  }

  #finish(verdict: RegexVerdict): void {
    const current = this.#current
    if (!current) return
    clearTimeout(current.timer)
    this.#current = null
    current.job.resolve(verdict)
    void this.#pump()
  }

  #stop(job: Job): void {
    if (this.#current?.job !== job) return
    const worker = this.#worker
    this.#worker = null
    this.#online = null
    void worker?.terminate()
    this.#finish({ ok: false, why: `pattern took too long: stopped after ${REGEX_TIME_LIMIT_MS} ms` })
  }

  #crashed(worker: Worker, why: string): void {
    if (this.#worker !== worker) return
    this.#worker = null
    this.#online = null
    this.#finish({ ok: false, why })
  }
}

const shared = new RegexWorker()

/** Tests `literal` against `subject` on the pattern worker, within REGEX_TIME_LIMIT_MS. */
export function testRegexBounded(literal: RegexSource, subject: string): Promise<RegexVerdict> {
  if (literal.source.length > MAX_REGEX_SOURCE_LENGTH) {
    return Promise.resolve({ ok: false, why: `pattern longer than ${MAX_REGEX_SOURCE_LENGTH} characters` })
  }
  if (subject.length > MAX_REGEX_SUBJECT_LENGTH) {
    return Promise.resolve({ ok: false, why: `value longer than ${MAX_REGEX_SUBJECT_LENGTH} characters: not matched` })
  }
  // `g` and `y` make `test` depend on earlier calls (as compileRegex drops them).
  return shared.run(literal.source, literal.flags.replace(/[gy]/g, ''), subject)
}
