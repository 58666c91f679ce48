import type { LabEventName, LabEvents, LabHandlers, ServerStatus } from '../shared/lab-api'
import type { ProxyOptions, RecordingProxy } from './proxy/index'
import type { RequestRunner } from './runner'

export type Unsubscribe = () => void

/** Typed event source: what bridges subscribe to for live updates. */
export interface LabEventSource {
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): Unsubscribe
}

export interface StartOptions {
  host?: string
  /** 0 takes a free port. */
  port?: number
  /** When the asked port is busy, try the next ones instead of failing (the desktop app does). */
  fallbackToNextPort?: boolean
  /** Serve over HTTPS with the lab's own certificate; default: the `https` setting. */
  https?: boolean
}

/** The composed core: store + token server + workbench use cases. */
export interface Lab {
  handlers: LabHandlers
  events: LabEventSource
  /** The request runner the composer uses; scenarios and packs send through it too. */
  runner: RequestRunner
  /** The HTTPS listener's certificate (PEM) for clients to trust; made on first use, never the key. */
  certificatePem(): Promise<string>
  /** Opens a recording proxy in front of a real server; its exchanges go through this lab's pipeline. */
  proxy(options: ProxyOptions): Promise<RecordingProxy>
  /** Starts the embedded token server on loopback. */
  start(options?: StartOptions): Promise<ServerStatus>
  /** Stops the server, the hash pool and closes the database. */
  close(): Promise<void>
}
