// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { LabError, type LabResult } from '../../../src/shared/lab-api'
import type { RopcLabBridge } from '../../../src/renderer/transport/bridge-types'
import { createHttpClient, SESSION_HEADER } from '../../../src/renderer/transport/http'
import { createIpcClient } from '../../../src/renderer/transport/ipc'
import { takeSessionToken } from '../../../src/renderer/transport/session-token'

describe('IPC transport (window.ropcLab)', () => {
  it('calls window.ropcLab.<area>.<verb> and unwraps the tagged result', async () => {
    const create = vi.fn(async (): Promise<LabResult<unknown>> => ({
      ok: true,
      data: { client: { clientId: 'a' }, secret: 's' },
    }))
    const resetSecret = vi.fn(async (): Promise<LabResult<unknown>> => ({
      ok: false,
      error: { kind: 'not_found', message: 'no such client', details: ['clientId: unknown'] },
    }))
    const off = vi.fn()
    const on = vi.fn(() => off)
    const bridge = { clients: { create, resetSecret }, on } as unknown as RopcLabBridge
    const client = createIpcClient(bridge)
    await expect(client.call('clients.create', { clientId: 'a' })).resolves.toEqual({
      client: { clientId: 'a' },
      secret: 's',
    })
    expect(create).toHaveBeenCalledWith({ clientId: 'a' })
    const err = await client.call('clients.resetSecret', { clientId: 'a' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LabError)
    expect(err).toMatchObject({ kind: 'not_found', message: 'no such client', details: ['clientId: unknown'] })
    const listener = () => {}
    expect(client.on('exchange.recorded', listener)).toBe(off)
    expect(on).toHaveBeenCalledWith('exchange.recorded', listener)
  })

  it('says so when the preload lacks a method', async () => {
    const client = createIpcClient({ on: () => () => {} } as unknown as RopcLabBridge)
    await expect(client.call('users.unlock', { username: 'x' })).rejects.toThrow(/no users.unlock/)
  })
})

class FakeEventSource {
  static last: FakeEventSource | null = null
  listeners = new Map<string, Set<(e: MessageEvent<string>) => void>>()
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  addEventListener(name: string, l: (e: MessageEvent<string>) => void) {
    const set = this.listeners.get(name) ?? new Set()
    set.add(l)
    this.listeners.set(name, set)
  }
  removeEventListener(name: string, l: (e: MessageEvent<string>) => void) {
    this.listeners.get(name)?.delete(l)
  }
  dispatch(name: string, data: unknown) {
    for (const l of this.listeners.get(name) ?? []) l(new MessageEvent(name, { data: JSON.stringify(data) }))
  }
}

describe('HTTP transport (ropc-lab serve --ui)', () => {
  it('POSTs /__lab/api/<method> with the session header and returns the data', async () => {
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify({ ok: true, data: { cleared: 3 } }), { status: 200 }),
    )
    const client = createHttpClient({ sessionToken: 'tok-1', fetch: fetchMock as unknown as typeof fetch })
    await expect(client.call('exchanges.clear', {})).resolves.toEqual({ cleared: 3 })
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/__lab/api/exchanges.clear')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)[SESSION_HEADER]).toBe('tok-1')
    expect(init.body).toBe('{}')
  })

  it('throws the LabError of a failed result, and a readable one for a non-JSON answer', async () => {
    const answers = [
      new Response(
        JSON.stringify({ ok: false, error: { kind: 'validation', message: 'bad', details: ['name: required'] } }),
        { status: 400 },
      ),
      new Response('Forbidden', { status: 403 }),
    ]
    const client = createHttpClient({
      sessionToken: 't',
      fetch: (async () => answers.shift()) as unknown as typeof fetch,
    })
    await expect(client.call('scopes.create', { name: '' })).rejects.toMatchObject({
      kind: 'validation',
      details: ['name: required'],
    })
    await expect(client.call('workspace.get', {})).rejects.toThrow('the lab answered 403 without a JSON result')
  })

  it('refuses to call without a session token', async () => {
    const fetchMock = vi.fn()
    const client = createHttpClient({ sessionToken: null, fetch: fetchMock as unknown as typeof fetch })
    await expect(client.call('workspace.get', {})).rejects.toThrow(/no session token/)
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('listens to Server-Sent Events on one EventSource with the session in the query', () => {
    const client = createHttpClient({
      sessionToken: 'a b',
      fetch: vi.fn(),
      EventSource: FakeEventSource as unknown as typeof EventSource,
    })
    const seen: unknown[] = []
    const off = client.on('exchange.recorded', (s) => seen.push(s.id))
    client.on('exchanges.cleared', () => seen.push('cleared'))
    const es = FakeEventSource.last as FakeEventSource
    expect(es.url).toBe('/__lab/events?session=a%20b')
    es.dispatch('exchange.recorded', { id: 'x1' })
    es.dispatch('exchanges.cleared', {})
    off()
    es.dispatch('exchange.recorded', { id: 'x2' })
    expect(seen).toEqual(['x1', 'cleared'])
  })

  it('asks for a resync when the event stream reopens after a gap, not on the first open', () => {
    const client = createHttpClient({
      sessionToken: 't',
      fetch: vi.fn(),
      EventSource: FakeEventSource as unknown as typeof EventSource,
    })
    let resyncs = 0
    const off = client.onResync!(() => resyncs++)
    const es = FakeEventSource.last as FakeEventSource
    es.dispatch('open', {})
    expect(resyncs).toBe(0)
    es.dispatch('open', {})
    expect(resyncs).toBe(1)
    off()
    es.dispatch('open', {})
    expect(resyncs).toBe(1)
  })
})

describe('session token', () => {
  it('is read once from ?session=, kept in sessionStorage and removed from the address bar', () => {
    const storage = new Map<string, string>()
    const replaceState = vi.fn()
    const env = {
      location: { href: 'http://127.0.0.1:8443/?session=s3cr3t&x=1#h' },
      storage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => void storage.set(k, v),
      },
      history: { replaceState, state: null },
    }
    expect(takeSessionToken(env)).toBe('s3cr3t')
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?x=1#h')
    // After a reload the URL no longer has it: sessionStorage does.
    env.location.href = 'http://127.0.0.1:8443/?x=1'
    expect(takeSessionToken(env)).toBe('s3cr3t')
    expect(replaceState).toHaveBeenCalledTimes(1)
  })
})
