// The embedded token server as the UI sees it. Starting it belongs to the Lab itself (createLab's
// `start`, which knows the host, the port asked for and the fallback note); here only the query.
import type { LabAreaHandlers, ServerStatus } from '../shared/lab-api'

export function createServerHandlers(status: () => ServerStatus): LabAreaHandlers<'server'> {
  return {
    async 'server.status'() {
      return status()
    },
  }
}
