// registerLabIpc without Electron: a Map-backed ipcMain and the fake lab.
import { describe, expect, it } from 'vitest'
import { registerLabIpc } from '../../src/main/ipc'
import { LAB_METHODS, LabError } from '../../src/shared/lab-api'
import { LAB_EVENT_NAMES, LAB_METHODS_CHANNEL, labCallChannel, labEventChannel } from '../../src/shared/ipc-channels'
import { createFakeLab, type FakeLab } from '../helpers/fake-lab'
import { fakeIpcMain } from '../helpers/fake-ipc-main'

/** The handlers these tests call; the fake rejects the others. */
function fakeLab(): FakeLab {
  const lab: FakeLab = createFakeLab({
    'scopes.create': async (input) => input,
    'server.status': async () => lab.status,
    async 'clients.delete'({ clientId }) {
      if (clientId === 'missing') throw new LabError('not_found', `no client "${clientId}"`)
      return { deleted: true }
    },
    async 'runner.send'() {
      throw new Error('the fake lab does not send requests')
    },
  })
  return lab
}

function setup(options?: Parameters<typeof registerLabIpc>[3]) {
  const lab = fakeLab()
  const { ipc, handlers, invoke, sendSync, listenerCount } = fakeIpcMain()
  const sent: Array<[string, unknown]> = []
  const dispose = registerLabIpc(ipc, lab, (channel, payload) => sent.push([channel, payload]), options)
  return { lab, handlers, invoke, sendSync, listenerCount, sent, dispose }
}

describe('registerLabIpc', () => {
  it('registers exactly one `lab:<method>` handler per LabApi method', () => {
    const { handlers } = setup()
    expect([...handlers.keys()].sort()).toEqual(LAB_METHODS.map((m) => `lab:${m}`).sort())
  })

  it("answers the preload's sendSync with every LabApi method name; the calls are what is checked", async () => {
    const trusted = (event: unknown) =>
      (event as { senderFrame?: { url?: string } }).senderFrame?.url === 'file:///app/index.html'
    const { sendSync, invoke } = setup({ isTrustedSender: trusted })
    const evil = { senderFrame: { url: 'https://evil.example/' } }
    expect(sendSync(LAB_METHODS_CHANNEL)).toEqual(LAB_METHODS)
    // The names are no secret (and the frame URL may not be final yet when a preload asks) …
    expect(sendSync(LAB_METHODS_CHANNEL, evil)).toEqual(LAB_METHODS)
    // … a call is.
    await expect(invoke(labCallChannel('server.status'), {}, evil)).rejects.toThrow(/not an ROPC Lab page/)
  })

  it('rejects a method the fake was not given with a LabError that says so', async () => {
    const { invoke } = setup()
    expect(await invoke(labCallChannel('exchanges.clear'), {})).toEqual({
      ok: false,
      error: {
        kind: 'internal',
        message: 'exchanges.clear is not provided by this fake lab (pass it to createFakeLab)',
      },
    })
  })

  it('runs the handler with the zod-parsed input and returns { ok: true, data }', async () => {
    const { lab, invoke } = setup()
    const result = await invoke(labCallChannel('scopes.create'), { name: 'read' })
    expect(result).toEqual({ ok: true, data: { name: 'read', description: '', default: false } })
    // Defaults come from the schema: the handler saw the parsed input.
    expect(lab.calls).toEqual([{ method: 'scopes.create', input: { name: 'read', description: '', default: false } }])
  })

  it('treats a missing input as {} for methods without parameters', async () => {
    const { invoke } = setup()
    expect(await invoke(labCallChannel('server.status'))).toMatchObject({ ok: true, data: { running: false } })
  })

  it('answers invalid input with { ok: false, error: { kind: "validation" } } and never calls the handler', async () => {
    const { lab, invoke } = setup()
    const result = (await invoke(labCallChannel('clients.create'), { clientId: 'bad\nid', extra: 1 })) as {
      ok: boolean
      error: { kind: string; details?: string[] }
    }
    expect(result.ok).toBe(false)
    expect(result.error.kind).toBe('validation')
    expect(result.error.details?.join('\n')).toMatch(/clientId/)
    expect(lab.calls).toEqual([])
  })

  it('passes a LabError through as its tagged shape, and hides an unexpected error', async () => {
    const { invoke } = setup()
    expect(await invoke(labCallChannel('clients.delete'), { clientId: 'missing' })).toEqual({
      ok: false,
      error: { kind: 'not_found', message: 'no client "missing"' },
    })
    const original = console.error
    console.error = () => {}
    try {
      const r = await invoke(labCallChannel('runner.send'), { target: 'token', auth: { method: 'none' }, params: [] })
      expect(r).toEqual({ ok: false, error: { kind: 'internal', message: 'runner.send failed unexpectedly' } })
    } finally {
      console.error = original
    }
  })

  it('forwards every LabEvents event on `lab-event:<name>`', () => {
    const { lab, sent } = setup()
    const status = {
      running: true,
      baseUrl: 'http://127.0.0.1:8444',
      issuer: null,
      host: '127.0.0.1',
      port: 8444,
      requestedPort: 8443,
      note: 'port 8443 was busy',
    }
    lab.emit('server.status', status)
    lab.emit('workspace.changed', { area: 'clients' })
    lab.emit('exchanges.cleared', {})
    expect(sent).toEqual([
      ['lab-event:server.status', status],
      ['lab-event:workspace.changed', { area: 'clients' }],
      ['lab-event:exchanges.cleared', {}],
    ])
    for (const name of LAB_EVENT_NAMES) expect(lab.listenerCount(name)).toBe(1)
    expect(labEventChannel('exchange.recorded')).toBe('lab-event:exchange.recorded')
  })

  it('keeps going when sending an event fails (a closing window)', () => {
    const lab = createFakeLab()
    const { ipc } = fakeIpcMain()
    const original = console.warn
    console.warn = () => {}
    try {
      registerLabIpc(ipc, lab, () => {
        throw new Error('Object has been destroyed')
      })
      expect(() => lab.emit('exchanges.cleared', {})).not.toThrow()
    } finally {
      console.warn = original
    }
  })

  it('refuses calls from an untrusted sender before parsing anything', async () => {
    const { lab, invoke } = setup({
      isTrustedSender: (event) =>
        (event as { senderFrame?: { url?: string } }).senderFrame?.url === 'file:///app/index.html',
    })
    expect(await invoke(labCallChannel('server.status'), {})).toMatchObject({ ok: true })
    await expect(
      invoke(labCallChannel('scopes.create'), { name: 'x' }, { senderFrame: { url: 'https://evil.example/' } }),
    ).rejects.toThrow(/not an ROPC Lab page/)
    expect(lab.calls.map((c) => c.method)).toEqual(['server.status'])
  })

  it('disposes: removes every handler and unsubscribes every event', () => {
    const { lab, handlers, sent, dispose, listenerCount } = setup()
    expect(listenerCount(LAB_METHODS_CHANNEL)).toBe(1)
    dispose()
    expect(handlers.size).toBe(0)
    expect(listenerCount(LAB_METHODS_CHANNEL)).toBe(0)
    for (const name of LAB_EVENT_NAMES) expect(lab.listenerCount(name)).toBe(0)
    lab.emit('exchanges.cleared', {})
    expect(sent).toEqual([])
  })
})
