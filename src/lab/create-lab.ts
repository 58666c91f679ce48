// createLab(): the composition root of the core. Opens the store, the bcrypt pool and the token
// server, and returns the LabApi handlers every face (Electron IPC, the HTTP bridge of
// `serve --ui`, the CLI, tests) drives. Nothing here knows about Electron or React.
import type { Exchange } from '../shared/exchange'
import type { LabHandlers, ServerStatus } from '../shared/lab-api'
import { createHashPool, type HashPool } from '../server/credentials/hash-pool'
import { createTokenServer, type TokenServer } from '../server/index'
import { openStore, type Store } from '../store/index'
import { DEMO_WORKSPACE } from './demo-workspace'
import { durableHandlers } from './durable-handlers'
import { createExchangesHandlers } from './exchanges-handlers'
import { createFindingsHandlers } from './findings-handlers'
import { createFaultsFeed } from './faults-handlers'
import { createHistoryHandlers } from './history-handlers'
import { LabEventHub } from './lab-events'
import { createLessonHandlers } from './lesson-handlers'
import { createLessonArea } from './lesson/index'
import type { Lab, StartOptions } from './lab-types'
import { openProxy, type ProxyOptions, type RecordingProxy } from './proxy/index'
import { createRelayHandlers } from './relay-handlers'
import { createRequestRunner } from './runner'
import { createReportHandlers } from './report-handlers'
import { createScenariosHandlers } from './scenarios-handlers'
import { createServerHandlers } from './server-handlers'
import { createSnippetsHandlers } from './snippets-handlers'
import { createTlsHandlers } from './tls-handlers'
import { WayOutFlows } from './way-out/flows'
import { createWayOutHandlers } from './way-out-handlers'
import { createTokensHandlers } from './tokens-handlers'
import { createCrudHandlers } from './workspace-crud'
import { createWorkspaceHandlers } from './workspace-handlers'
import { importWorkspace, isWorkspaceUninitialized, type ImportProgress } from './workspace-io'

export interface CreateLabOptions {
  /** A database file, or ':memory:'. */
  dbPath: string
  /** Seed the demo workspace when the database has never held one (first start of the app). */
  seedDemo?: boolean
  /** A workspace file (parsed JSON) that replaces the database's workspace at start. */
  workspace?: unknown
  onImportProgress?: ImportProgress
  hashThreads?: number
}

const LOOPBACK = '127.0.0.1'
const PORT_ATTEMPTS = 20

export async function createLab(options: CreateLabOptions): Promise<Lab> {
  const store: Store = openStore(options.dbPath)
  const pool: HashPool = createHashPool(options.hashThreads ? { threads: options.hashThreads } : {})
  try {
    if (options.workspace !== undefined) {
      await importWorkspace(store, pool, options.workspace, options.onImportProgress)
    } else if (options.seedDemo && isWorkspaceUninitialized(store)) {
      await importWorkspace(store, pool, DEMO_WORKSPACE, options.onImportProgress)
    }
  } catch (err) {
    await pool.close()
    await store.close()
    throw err
  }
  return composeLab(store, pool)
}

function composeLab(store: Store, pool: HashPool): Lab {
  const events = new LabEventHub()
  const server: TokenServer = createTokenServer({ store, hashPool: pool })
  let requestedPort = store.settings.get().port
  let host = LOOPBACK
  let note: string | null = null
  const emitRecorded = (e: Exchange): void => {
    const { request: _r, response: _s, trace: _t, findings: _f, hashMs: _h, revealed: _v, ...summary } = e
    events.emit('exchange.recorded', summary)
  }
  server.exchanges.onExchange(emitRecorded)
  const runner = createRequestRunner(server)
  // The workspace's fault rules into the server's engine now, and again whenever they change.
  const faults = createFaultsFeed({
    store,
    engine: server.faults,
    changed: (s) => events.emit('faults.changed', s),
  })
  faults.reload()
  server.exchanges.onExchange(() => faults.afterExchange())
  // A password grant may change a user's failure count or lock (RFC 6749 §4.3.2): tell the UI,
  // at most twice a second so a client hammering the endpoint does not flood it with reloads.
  let usersChangedTimer: NodeJS.Timeout | null = null
  server.exchanges.onExchange((e) => {
    if (e.grantType !== 'password' || !e.username || usersChangedTimer) return
    usersChangedTimer = setTimeout(() => {
      usersChangedTimer = null
      events.emit('workspace.changed', { area: 'users' })
    }, 500)
    usersChangedTimer.unref()
  })

  const status = (): ServerStatus => ({
    running: server.address !== null,
    baseUrl: server.address?.baseUrl ?? null,
    issuer: server.address ? server.issuer() : store.settings.get().issuer,
    host,
    port: server.address?.port ?? null,
    requestedPort,
    note,
  })
  const changed = (area: 'settings' | 'scopes' | 'clients' | 'users' | 'all') => {
    if (area === 'all') faults.reload() // an import replaced the rules
    events.emit('workspace.changed', { area })
  }

  // The "Why caution" lesson runs on a second, in-memory lab of its own (src/lab/lesson/).
  const lesson = createLessonArea({ createLab, progress: (p) => events.emit('lesson.progress', p) })
  const crud = createCrudHandlers({ store, pool, changed, forgetClient: (id) => server.forgetClient(id) })

  const totalChanges = store.db.prepare('SELECT total_changes()').pluck()
  const wayOut = new WayOutFlows({ store, runner, baseUrl: () => server.address?.baseUrl ?? null })

  const proxies = new Set<RecordingProxy>()
  async function proxy(options: ProxyOptions): Promise<RecordingProxy> {
    const opened = await openProxy(server.exchanges, options)
    proxies.add(opened)
    return { ...opened, close: () => (proxies.delete(opened), opened.close()) }
  }

  const handlers: LabHandlers = {
    ...crud,
    ...createWorkspaceHandlers({ store, pool, changed }),
    ...createServerHandlers(status, restart),
    ...createTokensHandlers({ jwks: () => server.jwks() }),
    ...createFindingsHandlers({ store }),
    ...createExchangesHandlers({
      store,
      pipeline: server.exchanges,
      runner,
      cleared: () => events.emit('exchanges.cleared', {}),
    }),
    ...createLessonHandlers(lesson),
    ...createRelayHandlers(proxy),
    ...createReportHandlers({ store }),
    ...createScenariosHandlers({
      store,
      runner,
      embeddedBaseUrl: () => server.address?.baseUrl ?? null,
      emit: events.emit.bind(events),
    }),
    ...faults.handlers,
    ...createTlsHandlers(store),
    ...createWayOutHandlers({ store, flows: wayOut, changed }),
    ...createHistoryHandlers({ store, listeningOn: () => server.address?.baseUrl ?? null }),
    ...createSnippetsHandlers(() => server.address?.baseUrl ?? null),
  }

  async function start(opts: StartOptions = {}): Promise<ServerStatus> {
    host = opts.host ?? LOOPBACK
    requestedPort = opts.port ?? store.settings.get().port
    note = null
    const attempts = opts.fallbackToNextPort && requestedPort !== 0 ? PORT_ATTEMPTS : 1
    for (let i = 0; i < attempts; i++) {
      const port = requestedPort + i
      try {
        await server.listen(host, port, { https: opts.https ?? store.settings.get().https })
        if (i > 0) note = `port ${requestedPort} was busy; the server listens on ${port} instead`
        const s = status()
        events.emit('server.status', s)
        return s
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code !== 'EADDRINUSE' || i === attempts - 1) throw err
      }
    }
    throw new Error('unreachable')
  }

  /** Listens again on the port it listens on (the settings, e.g. `https`, read anew); the asked port and its note stay. */
  async function restart(): Promise<ServerStatus> {
    const port = server.address?.port ?? requestedPort
    const [asked, said] = [requestedPort, note]
    await server.close()
    await start({ host, port })
    ;[requestedPort, note] = [asked, said]
    const s = status()
    events.emit('server.status', s)
    return s
  }

  let closed = false
  async function close(): Promise<void> {
    if (closed) return
    closed = true
    if (usersChangedTimer) clearTimeout(usersChangedTimer)
    faults.close()
    wayOut.close()
    await Promise.all([...proxies].map((p) => p.close()))
    await lesson.close()
    await server.close()
    await pool.close()
    await store.close()
  }

  return {
    handlers: durableHandlers(handlers, {
      settled: () => server.settled(),
      // After close() a call still in flight has nothing left to wait for.
      changes: () => (store.db.open ? (totalChanges.get() as number) : -1),
    }),
    events,
    runner,
    proxy,
    certificatePem: () => server.certificatePem(),
    start,
    close,
  }
}
