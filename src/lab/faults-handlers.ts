// The fault rules of the workspace (workspace-format.md "Faults"): stored in the database, held by the
// embedded server's FaultEngine (which decides, per request, whether a rule fires), edited over the
// LabApi. Whenever the rules change — a save, a reset, an import, the lab's start — the engine gets the
// whole list again; after a faulted exchange the UI hears the new counts, at most twice a second.
import { parseFaultRules } from '../shared/fault-rules'
import { isActiveFault, type FaultsStatus } from '../shared/faults-api'
import { LabError, type LabAreaHandlers } from '../shared/lab-api'
import type { FaultEngine } from '../server/faults/index'
import type { Store } from '../store/index'

/** "At most twice a second": a client hammering a faulted endpoint does not flood the UI. */
export const FAULTS_CHANGED_INTERVAL_MS = 500

export function faultsStatusOf(engine: FaultEngine): FaultsStatus {
  const rules = engine.list()
  return { rules, active: rules.filter(isActiveFault).length }
}

export interface FaultsDeps {
  store: Store
  /** The embedded server's engine (`server.faults`). */
  engine: FaultEngine
  /** Tells every UI (the `faults.changed` event). */
  changed: (status: FaultsStatus) => void
}

export interface FaultsFeed {
  handlers: LabAreaHandlers<'faults'>
  /** The stored rules into the engine (counts start again), and every UI told. */
  reload(): void
  /** Call after each exchange: announces new counts when a rule fired, throttled. */
  afterExchange(): void
  close(): void
}

function refusal(problems: string[]): LabError {
  const n = problems.length
  return new LabError(
    'validation',
    `The fault rules were refused; nothing was saved. ${n} problem${n === 1 ? '' : 's'}`,
    problems,
  )
}

export function createFaultsFeed({ store, engine, changed }: FaultsDeps): FaultsFeed {
  const fired = (): number => engine.list().reduce((sum, r) => sum + r.fired, 0)
  let announcedFired = 0
  let lastAnnounced = 0
  let timer: NodeJS.Timeout | null = null

  const announce = (): FaultsStatus => {
    if (timer) clearTimeout(timer)
    timer = null
    const status = faultsStatusOf(engine)
    announcedFired = status.rules.reduce((sum, r) => sum + r.fired, 0)
    lastAnnounced = Date.now()
    changed(status)
    return status
  }

  const load = (): FaultsStatus => {
    engine.replace(store.faults.list())
    return announce()
  }

  return {
    handlers: {
      async 'faults.list'() {
        return faultsStatusOf(engine)
      },
      async 'faults.save'({ rules }) {
        const parsed = parseFaultRules(rules)
        if (!parsed.ok) throw refusal(parsed.problems)
        store.faults.replace(parsed.rules)
        return load()
      },
      async 'faults.reset'() {
        return load()
      },
    },
    reload: () => void load(),
    afterExchange() {
      if (timer || fired() === announcedFired) return
      // The first fault is told at once; then at most one announcement per interval.
      const wait = lastAnnounced + FAULTS_CHANGED_INTERVAL_MS - Date.now()
      if (wait <= 0) {
        announce()
        return
      }
      timer = setTimeout(announce, wait)
      timer.unref()
    },
    close() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
