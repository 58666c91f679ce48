// The lesson's own lab: a second createLab() on ':memory:' with LESSON_WORKSPACE, listening on
// 127.0.0.1 port 0, opened on the first step that needs it and closed on reset (everything it held —
// users, clients, tokens, the exchange log — goes with the in-memory database). The person's lab
// and workspace are never touched: the lesson only ever calls this lab's handlers.
import { invokeLab } from '../dispatch'
import type { Lab } from '../lab-types'
import type { Exchange } from '../../shared/exchange'
import {
  LabError,
  labApiInputs,
  type LabInput,
  type LabMethod,
  type LabOutput,
  type LessonStatus,
  type RunnerRequest,
} from '../../shared/lab-api'
import { maskResponse } from '../../shared/masking'
import { LESSON_WORKSPACE } from './lesson-workspace'

/** createLab, handed in by the lab that owns the lesson (no import cycle through create-lab.ts). */
export type CreateLessonLab = (options: { dbPath: string; workspace: unknown; hashThreads?: number }) => Promise<Lab>

const LOOPBACK = '127.0.0.1'

/** The running lesson lab, as the steps use it. */
export interface OpenLesson {
  baseUrl: string
  /** A call of the lesson lab's own LabApi (validated like any bridge call). */
  call<M extends LabMethod>(method: M, input: LabInput<M>): Promise<LabOutput<M>>
  /**
   * Sends through the lesson lab's runner (the composer's code); the exchange as its log keeps it,
   * plus the response as received (the step may need the tokens).
   */
  send(request: RunnerRequest): Promise<{ logged: Exchange; received: Exchange }>
}

export class LessonLab {
  #opening: Promise<{ lab: Lab; open: OpenLesson }> | null = null
  #running: { lab: Lab; open: OpenLesson } | null = null
  readonly #inFlight = new Set<Promise<unknown>>()
  #closed = false
  /** Counts resets: a lab that finishes opening after one belongs to no one. */
  #generation = 0

  constructor(private readonly createLab: CreateLessonLab) {}

  status(extra: { guessing: boolean }): LessonStatus {
    return {
      running: this.#running !== null,
      baseUrl: this.#running?.open.baseUrl ?? null,
      guessing: extra.guessing,
    }
  }

  /** Opens the lesson lab if it is not open yet; concurrent callers share one opening. */
  ensure(): Promise<OpenLesson> {
    if (this.#closed) return Promise.reject(new LabError('conflict', 'the lab is closing'))
    this.#opening ??= this.#open().catch((err: unknown) => {
      this.#opening = null
      throw err
    })
    return this.#opening.then((r) => r.open)
  }

  /** Runs one step on the lesson lab; reset waits for it to finish before closing the lab. */
  act<T>(step: (open: OpenLesson) => Promise<T>): Promise<T> {
    const done = this.ensure().then(step)
    this.#inFlight.add(done)
    const forget = () => this.#inFlight.delete(done)
    done.then(forget, forget)
    return done
  }

  /**
   * Closes the lesson lab once the steps in flight on it have ended. A step asked for meanwhile
   * already opens a fresh one.
   */
  async reset(): Promise<void> {
    const opening = this.#opening
    const inFlight = [...this.#inFlight]
    this.#generation++
    this.#opening = null
    this.#running = null
    this.#inFlight.clear()
    await Promise.allSettled(inFlight)
    const opened = await opening?.catch(() => null)
    await opened?.lab.close()
  }

  /** The owning lab closes: the lesson lab with it, for good. */
  async close(): Promise<void> {
    this.#closed = true
    await this.reset()
  }

  async #open(): Promise<{ lab: Lab; open: OpenLesson }> {
    const generation = this.#generation
    const lab = await this.createLab({ dbPath: ':memory:', workspace: LESSON_WORKSPACE, hashThreads: 1 })
    let baseUrl: string
    try {
      const started = await lab.start({ host: LOOPBACK, port: 0 })
      if (!started.baseUrl) throw new Error('the lesson lab started without an address')
      baseUrl = started.baseUrl
    } catch (err) {
      await lab.close()
      throw err
    }
    const open: OpenLesson = {
      baseUrl,
      call: (method, input) => invokeLab(lab.handlers, method, input),
      async send(request) {
        // The runner takes validated input: the schema every bridge call goes through.
        const received = await lab.runner.send(labApiInputs['runner.send'].parse(request), 'scenario')
        // The runner hands its sender the response as received; what the lesson shows is the log's copy.
        return { logged: { ...received, response: maskResponse(received.response) }, received }
      },
    }
    const running = { lab, open }
    // Reset while opening: this lab belongs to no one, close it again.
    if (generation !== this.#generation) {
      await lab.close()
      throw new LabError('conflict', 'the lesson was reset while its lab was starting')
    }
    this.#running = running
    return running
  }
}
