// "Relay to a real server" from the app: one recording proxy at a time, opened on loopback in front
// of the upstream the person names; its exchanges land in History with origin "proxy".
import { LabError, type LabAreaHandlers } from '../shared/lab-api'
import type { RelayStatus } from '../shared/relay-api'
import { RELAY_TURNS_WAITING_LIMIT } from '../shared/limits'
import type { ProxyOptions, RecordingProxy } from './proxy/index'

const STOPPED: RelayStatus = {
  running: false,
  listeningOn: null,
  upstream: null,
  endpoints: [],
  note: null,
  keepIssuer: false,
}

function statusOf(proxy: RecordingProxy | null): RelayStatus {
  if (!proxy) return STOPPED
  return {
    running: true,
    listeningOn: proxy.baseUrl,
    upstream: proxy.upstream.url,
    endpoints: [...proxy.upstream.endpoints].map(([path, endpoint]) => ({ path, endpoint })),
    note: proxy.upstream.note ?? null,
    keepIssuer: proxy.keepIssuer,
  }
}

export function createRelayHandlers(
  open: (options: ProxyOptions) => Promise<RecordingProxy>,
): LabAreaHandlers<'relay'> {
  let current: RecordingProxy | null = null
  // One start or stop at a time: two starts at once each closed the (same) previous proxy and opened
  // their own, and the first one opened was never closed again — a listener left running.
  // The turns waiting are bounded: each holds a bridge call open and may wait for an upstream's discovery.
  let turn: Promise<unknown> = Promise.resolve()
  let waiting = 0
  const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
    if (waiting >= RELAY_TURNS_WAITING_LIMIT) {
      return Promise.reject(
        new LabError('conflict', `${waiting} Relay starts and stops are already waiting; try again when they are done`),
      )
    }
    waiting++
    const next = turn.then(step, step).finally(() => waiting--)
    turn = next.catch(() => undefined)
    return next
  }
  return {
    'relay.start': ({ upstream, upstreamCa, port, keepIssuer }) =>
      inTurn(async () => {
        if (current) await current.close()
        current = null
        try {
          current = await open({ upstream, port, keepIssuer, ...(upstreamCa ? { upstreamCa } : {}) })
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code
          if (code === 'EADDRINUSE') throw new LabError('conflict', `port ${port} is already in use`)
          throw new LabError('validation', err instanceof Error ? err.message : String(err))
        }
        return statusOf(current)
      }),
    'relay.stop': () =>
      inTurn(async () => {
        await current?.close()
        current = null
        return STOPPED
      }),
    async 'relay.status'() {
      return statusOf(current)
    },
  }
}
