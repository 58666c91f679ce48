// The embedded token server as the UI sees it. Starting it belongs to the Lab itself (createLab's
// `start`, which knows the host, the port asked for and the fallback note); here the query, and the
// restart a setting that only applies when listening (`https`) needs.
import type { LabAreaHandlers, ServerStatus } from '../shared/lab-api'

export function createServerHandlers(
  status: () => ServerStatus,
  restart: () => Promise<ServerStatus>,
): LabAreaHandlers<'server'> {
  return {
    async 'server.status'() {
      return status()
    },
    async 'server.restart'() {
      return restart()
    },
  }
}
