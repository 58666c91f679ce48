// The preload under plain Node: `electron` is a stand-in whose ipcRenderer talks to a fake ipcMain on
// which the real registerLabIpc is registered, so a call goes window.ropcLab → preload → IPC →
// dispatch → the lab's handler, as in the app. The method list is lab-api's `labApiInputs`: these
// checks walk it, so a method added there is checked here without touching this file.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { registerLabIpc } from '../../src/main/ipc'
import { BRIDGE_GLOBAL, groupByArea, type RopcLabBridge } from '../../src/shared/ipc-channels'
import { LAB_METHODS, type LabMethod, type LabResult } from '../../src/shared/lab-api'
import { createFakeLab, type FakeLab } from '../helpers/fake-lab'
import { fakeIpcMain } from '../helpers/fake-ipc-main'

type RendererListener = (event: unknown, payload: unknown) => void

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  sendSync: (_channel: string): unknown => undefined,
  invoke: (_channel: string, _input: unknown): Promise<unknown> => Promise.reject(new Error('not wired')),
  rendererListeners: new Map<string, Set<(event: unknown, payload: unknown) => void>>(),
}))

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
  ipcRenderer: {
    sendSync: (channel: string) => electron.sendSync(channel),
    invoke: (channel: string, input: unknown) => electron.invoke(channel, input),
    on(channel: string, listener: RendererListener) {
      let set = electron.rendererListeners.get(channel)
      if (!set) electron.rendererListeners.set(channel, (set = new Set()))
      set.add(listener)
    },
    removeListener(channel: string, listener: RendererListener) {
      electron.rendererListeners.get(channel)?.delete(listener)
    },
  },
}))

type BridgeFunction = (input?: unknown) => Promise<LabResult<unknown>>

/** Main with registerLabIpc on a fake ipcMain, wired to the stand-in ipcRenderer. */
function startMain(lab: FakeLab) {
  const main = fakeIpcMain()
  const dispose = registerLabIpc(main.ipc, lab, (channel, payload) => {
    // webContents.send: the renderer's listeners get an IpcRendererEvent first.
    for (const l of electron.rendererListeners.get(channel) ?? []) l({ sender: 'ipcRenderer' }, payload)
  })
  electron.sendSync = (channel) => main.sendSync(channel)
  electron.invoke = (channel, input) => main.invoke(channel, input)
  return { main, dispose }
}

/** Runs the preload afresh and returns what it exposed as `window.ropcLab`. */
async function loadPreload(): Promise<RopcLabBridge | undefined> {
  vi.resetModules()
  electron.exposed.clear()
  await import('../../src/preload/index')
  return electron.exposed.get(BRIDGE_GLOBAL) as RopcLabBridge | undefined
}

const split = (method: LabMethod) => {
  const [area, verb] = method.split('.') as [string, string]
  return { area, verb }
}

afterEach(() => {
  electron.rendererListeners.clear()
  electron.sendSync = () => undefined
})

describe('preload: window.ropcLab', () => {
  it('has one function per LabApi method, grouped by area, and `on`; nothing else', async () => {
    startMain(createFakeLab())
    const bridge = (await loadPreload()) as unknown as Record<string, unknown>
    const expected: Record<string, string[]> = {}
    for (const method of LAB_METHODS) (expected[split(method).area] ??= []).push(split(method).verb)
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(expected), 'on'].sort())
    for (const [area, verbs] of Object.entries(expected)) {
      const group = bridge[area] as Record<string, unknown>
      expect(Object.keys(group).sort(), area).toEqual(verbs.sort())
      for (const verb of verbs) expect(typeof group[verb], `${area}.${verb}`).toBe('function')
    }
    expect(typeof bridge.on).toBe('function')
  })

  it('reaches every LabApi method through its `lab:<method>` channel and the IPC registration', async () => {
    const lab = createFakeLab()
    const { main } = startMain(lab)
    const bridge = (await loadPreload()) as unknown as Record<string, Record<string, BridgeFunction>>
    for (const method of LAB_METHODS) {
      const { area, verb } = split(method)
      const result = await bridge[area]![verb]!()
      expect(main.invoked.at(-1)).toBe(`lab:${method}`)
      // The lab's dispatch answered for this very method: its input was checked against the method's
      // schema, or it got to the fake's handler for it (which says it is not provided).
      expect(result.ok, method).toBe(false)
      if (!result.ok) {
        expect([
          `invalid input for ${method}`,
          `${method} is not provided by this fake lab (pass it to createFakeLab)`,
        ]).toContain(result.error.message)
      }
    }
    expect(main.invoked).toHaveLength(LAB_METHODS.length)
  })

  it("returns the handler's result as a tagged LabResult, with the input sent as given ({} when omitted)", async () => {
    const lab = createFakeLab({ 'scopes.create': async (s) => s, 'server.status': async () => lab.status })
    startMain(lab)
    const bridge = (await loadPreload())!
    expect(await bridge.scopes.create({ name: 'read' })).toEqual({
      ok: true,
      data: { name: 'read', description: '', default: false },
    })
    expect(await bridge.server.status()).toMatchObject({ ok: true, data: { running: false } })
    expect(lab.calls.map((c) => c.method)).toEqual(['scopes.create', 'server.status'])
  })

  it('forwards a lab event to `on` listeners with the payload only, and unsubscribes', async () => {
    const lab = createFakeLab()
    startMain(lab)
    const bridge = (await loadPreload())!
    const seen: unknown[][] = []
    const off = bridge.on('workspace.changed', (...args: unknown[]) => seen.push(args))
    lab.emit('workspace.changed', { area: 'clients' })
    off()
    lab.emit('workspace.changed', { area: 'users' })
    // No IpcRendererEvent reaches the page: its `sender` would hand it ipcRenderer.
    expect(seen).toEqual([[{ area: 'clients' }]])
    expect(() => bridge.on('nope' as never, () => {})).toThrow(/unknown ROPC Lab event "nope"/)
    expect(() => bridge.on('toString' as never, () => {})).toThrow(/unknown ROPC Lab event/)
  })

  it('exposes nothing when main sends no method list (no IPC registered)', async () => {
    electron.sendSync = () => null
    await expect(loadPreload()).rejects.toThrow(/no method list/)
    expect(electron.exposed.has(BRIDGE_GLOBAL)).toBe(false)
  })
})

describe('groupByArea', () => {
  it('groups `area.verb` names', () => {
    expect(groupByArea(['clients.create', 'clients.resetSecret', 'server.status'], (m) => m)).toEqual({
      clients: { create: 'clients.create', resetSecret: 'clients.resetSecret' },
      server: { status: 'server.status' },
    })
  })

  it('refuses anything but a list of `area.verb` names, so nothing can shadow `on` or Object.prototype', () => {
    for (const methods of [null, 'clients.create', { 0: 'clients.create' }])
      expect(() => groupByArea(methods, (m) => m)).toThrow(/no method list/)
    for (const name of ['on.off', 'toString', '__proto__.x', 'constructor.name.x', 'a.b.c', 'clients.', 7])
      expect(() => groupByArea([name], (m) => m), String(name)).toThrow(/not a lab method name/)
    // An area named like an Object.prototype member is still an own, fresh object.
    const areas = groupByArea(['constructor.x'], (m) => m)
    expect(Object.getOwnPropertyNames(areas)).toEqual(['constructor'])
    expect(areas.constructor).toEqual({ x: 'constructor.x' })
  })
})
