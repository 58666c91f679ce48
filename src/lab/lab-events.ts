import { EventEmitter } from 'node:events'
import type { LabEventName, LabEvents } from '../shared/lab-api'
import type { LabEventSource, Unsubscribe } from './lab-types'

/** A typed emitter; a throwing listener never breaks the lab. */
export class LabEventHub implements LabEventSource {
  private readonly emitter = new EventEmitter()
  constructor() {
    this.emitter.setMaxListeners(100)
  }
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): Unsubscribe {
    const wrapped = (payload: LabEvents[E]) => {
      try {
        listener(payload)
      } catch (err) {
        console.error(`[ropc-lab] listener of ${event} failed:`, err)
      }
    }
    this.emitter.on(event, wrapped)
    return () => this.emitter.off(event, wrapped)
  }
  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void {
    this.emitter.emit(event, payload)
  }
}
