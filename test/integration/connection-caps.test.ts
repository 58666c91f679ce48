// Every listener of the lab bounds the connections it keeps open (src/shared/limits.ts), as the proxy does
// (proxy-bounds.test.ts): idle sockets opened by the thousand cannot take the process's file descriptors.
// Past the cap node closes a new connection at once; once one is freed, the next is served.
import { afterAll, beforeAll, describe, it } from 'vitest'
import { startUiServer, type UiServer } from '../../src/cli/ui-server/index'
import { createLab } from '../../src/lab/create-lab'
import type { Lab } from '../../src/lab/lab-types'
import { openCallbackListener } from '../../src/lab/way-out/callback-listener'
import {
  CALLBACK_MAX_CONNECTIONS,
  TOKEN_SERVER_MAX_CONNECTIONS,
  UI_BRIDGE_MAX_CONNECTIONS,
} from '../../src/shared/limits'
import { expectConnectionCap } from '../helpers/connection-cap'

let lab: Lab
beforeAll(async () => {
  lab = await createLab({ dbPath: ':memory:', hashThreads: 1, workspace: { version: 1, settings: { bcryptCost: 4 } } })
})
afterAll(async () => {
  await lab?.close()
})

const portOf = (url: string) => Number(new URL(url).port)

describe('connection caps', () => {
  it(`the token server: ${TOKEN_SERVER_MAX_CONNECTIONS}, then a new one is closed; freed, metadata is served`, async () => {
    const { baseUrl } = await lab.start({ host: '127.0.0.1', port: 0 })
    const head = 'GET /.well-known/oauth-authorization-server HTTP/1.1\r\nHost: 127.0.0.1'
    await expectConnectionCap(portOf(baseUrl!), TOKEN_SERVER_MAX_CONNECTIONS, head, 200)
  }, 60_000)

  it(`the UI bridge: ${UI_BRIDGE_MAX_CONNECTIONS}`, async () => {
    let server: UiServer | undefined
    try {
      server = await startUiServer({ lab, host: '127.0.0.1', port: 0, staticDir: '/nonexistent-renderer' })
      // Without the session token the bridge answers 403: an answer, which a closed connection is not.
      const head = 'GET /__lab/api/server.status HTTP/1.1\r\nHost: 127.0.0.1'
      await expectConnectionCap(portOf(server.url), UI_BRIDGE_MAX_CONNECTIONS, head, 403)
    } finally {
      await server?.close()
    }
  }, 30_000)

  it(`the way-out callback listener: ${CALLBACK_MAX_CONNECTIONS}`, async () => {
    const listener = await openCallbackListener('/callback')
    try {
      const head = 'GET /callback?code=c1 HTTP/1.1\r\nHost: 127.0.0.1'
      await expectConnectionCap(portOf(listener.redirectUri), CALLBACK_MAX_CONNECTIONS, head, 200)
    } finally {
      listener.close()
    }
  }, 30_000)
})
