// History and the composer: the exchange log as the inspector, History and Compare read it, and the
// request runner the composer sends through. Every exchange reaches the log through the pipeline.
import { LabError, type LabAreaHandlers } from '../shared/lab-api'
import type { ExchangePipeline } from '../server/index'
import type { Store } from '../store/index'
import type { RequestRunner } from './runner'

export interface ExchangesHandlerDeps {
  store: Store
  pipeline: ExchangePipeline
  runner: RequestRunner
  cleared: () => void
}

export function createExchangesHandlers(
  deps: ExchangesHandlerDeps,
): Omit<LabAreaHandlers<'exchanges' | 'runner'>, 'exchanges.exportHar' | 'exchanges.exportJson'> {
  const { store, pipeline, runner } = deps
  return {
    async 'runner.send'(input) {
      return runner.send(input, 'composer')
    },
    async 'exchanges.list'({ limit, offset, ...filter }) {
      return store.exchanges.list(filter, limit, offset)
    },
    async 'exchanges.get'({ id, reveal }) {
      // Reveal: the unmasked copy (request and response) while the pipeline still holds it in memory.
      const live = reveal ? pipeline.reveal(id) : null
      if (live) return live
      const e = store.exchanges.get(id)
      if (!e) throw new LabError('not_found', `no exchange "${id}"`)
      return e
    },
    async 'exchanges.clear'() {
      const cleared = store.exchanges.clear()
      deps.cleared()
      return { cleared }
    },
  }
}
