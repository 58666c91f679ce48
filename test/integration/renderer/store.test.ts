// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { createLabStore } from '../../../src/renderer/store'
import { followUpRequest } from '../../../src/renderer/store/inspector-slice'
import { makeExchange } from '../../helpers/exchange-fixtures'
import { ALICE_PASSWORD, startTestLab, type TestLab } from './test-lab'

async function startedStore(given?: TestLab) {
  const lab = given ?? (await startTestLab())
  const store = createLabStore(lab.client)
  const stop = store.getState().start()
  await vi.waitFor(() => expect(store.getState().workspace).not.toBeNull())
  return { store, lab, stop }
}

describe('store slices over a real lab', () => {
  it('starts: loads the workspace, the server status and the history', async () => {
    const { store, lab } = await startedStore()
    await vi.waitFor(() => expect(store.getState().serverStatus?.baseUrl).toBe(lab.baseUrl))
    expect(store.getState().workspace?.clients.map((c) => c.clientId)).toEqual(['legacy'])
    expect(store.getState().historyTotal).toBe(0)
  })

  it('keeps a generated client secret to show once, and in memory for the composer', async () => {
    const { store } = await startedStore()
    await store.getState().createClient({ clientId: 'new-app', scopes: ['read'] })
    const { secretOnce, sessionSecrets } = store.getState()
    expect(secretOnce?.clientId).toBe('new-app')
    expect(sessionSecrets['new-app']).toBe(secretOnce?.secret)
    store.getState().dismissSecret()
    expect(store.getState().secretOnce).toBeNull()
    store.getState().pickClient('new-app')
    expect(store.getState().draft).toMatchObject({
      clientId: 'new-app',
      clientSecret: sessionSecrets['new-app'],
      authMethod: 'basic',
    })
  })

  it('imports a workspace file: reloads it and forgets the secrets of the replaced clients', async () => {
    const { store } = await startedStore()
    await store.getState().createClient({ clientId: 'new-app', scopes: ['read'] })
    const result = await store
      .getState()
      .importWorkspace({ version: 1, clients: [{ clientId: 'other', secret: 'other-secret' }] })
    expect(result).toEqual({ scopes: 0, clients: 1, users: 0 })
    expect(store.getState().workspace?.clients.map((c) => c.clientId)).toEqual(['other'])
    expect(store.getState().sessionSecrets).toEqual({})
    expect(store.getState().secretOnce).toBeNull()
  })

  it('picks "none" for a public client and clears the secret', async () => {
    const { store } = await startedStore()
    await store.getState().createClient({ clientId: 'mobile', public: true, authMethods: ['none'] })
    store.getState().setDraft({ clientSecret: 'typed' })
    store.getState().pickClient('mobile')
    expect(store.getState().draft).toMatchObject({ clientId: 'mobile', clientSecret: '', authMethod: 'none' })
  })

  it('sends the composed request and shows the exchange in the inspector; history gets it live', async () => {
    const { store, lab } = await startedStore()
    store.getState().setDraft({
      clientId: 'legacy',
      clientSecret: 'THE_SECRET',
      username: 'alice',
      password: 'alice-password-1',
      scope: 'read',
    })
    const exchange = await store.getState().send()
    expect(exchange?.status).toBe(200)
    expect(store.getState().selectedId).toBe(exchange?.id)
    expect(store.getState().historyItems[0]?.id).toBe(exchange?.id)
    const sent = lab.calls.find((c) => c.method === 'runner.send')?.input
    expect(sent).toMatchObject({
      target: 'token',
      auth: { method: 'basic', clientId: 'legacy', clientSecret: 'THE_SECRET', formEncodeBasic: true },
      params: [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', 'alice-password-1'],
        ['scope', 'read'],
      ],
    })
  })

  it('reports a send that the lab refuses without losing the draft', async () => {
    const { store } = await startedStore()
    store.getState().setDraft({ target: { kind: 'url', url: 'not a url' }, username: 'alice' })
    expect(await store.getState().send()).toBeNull()
    expect(store.getState().sendProblem).toMatch(/invalid input for runner.send/)
    expect(store.getState().draft.username).toBe('alice')
  })

  it('adds only matching live exchanges to a filtered history, once', async () => {
    const { store, lab } = await startedStore()
    store.getState().setHistoryFilter({ status: '400' })
    await vi.waitFor(() => expect(store.getState().historyLoading).toBe(false))
    const bad = await lab.sendAsOutsideClient({ username: 'alice', password: 'wrong-password' })
    const good = await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    expect([bad.status, good.status]).toEqual([400, 200])
    await vi.waitFor(() => expect(store.getState().historyItems.map((s) => s.id)).toEqual([bad.id]))
    // The same announcement twice (a real lab announces each exchange once; a bridge may repeat one).
    store.getState().onExchangeRecorded(bad)
    expect(store.getState().historyItems.map((s) => s.id)).toEqual([bad.id])
    await lab.call('exchanges.clear', {})
    expect(store.getState().historyItems).toEqual([])
  })

  it('pins and unpins exchanges for compare', async () => {
    const { store } = await startedStore()
    store.getState().togglePin('x')
    store.getState().togglePin('y')
    store.getState().togglePin('x')
    expect(store.getState().pinned).toEqual(['y'])
    store.getState().clearPins()
    expect(store.getState().pinned).toEqual([])
  })

  it('reloads the workspace when the lab says it changed', async () => {
    const { store, lab } = await startedStore()
    // Another window (or the CLI) changes the workspace: the lab announces it.
    await lab.call('scopes.create', { name: 'write' })
    await vi.waitFor(() => expect(store.getState().workspace?.scopes.map((s) => s.name)).toEqual(['read', 'write']))
  })

  it('builds follow-ups with the composer credentials (RFC 6749 §6, RFC 7662, RFC 7009)', async () => {
    const { store } = await startedStore()
    store.getState().setDraft({ clientId: 'legacy', clientSecret: 'THE_SECRET', authMethod: 'body' })
    const ex = makeExchange({
      id: 't',
      response: { status: 200, headers: [], body: JSON.stringify({ access_token: 'at-1', refresh_token: 'rt-1' }) },
    })
    const { draft } = store.getState()
    expect(followUpRequest('refresh', ex, draft)).toMatchObject({
      ok: true,
      request: {
        target: 'token',
        params: [
          ['grant_type', 'refresh_token'],
          ['refresh_token', 'rt-1'],
        ],
        auth: { method: 'body', clientId: 'legacy' },
      },
    })
    expect(followUpRequest('introspect', ex, draft)).toMatchObject({
      ok: true,
      request: {
        target: 'introspect',
        params: [
          ['token', 'at-1'],
          ['token_type_hint', 'access_token'],
        ],
      },
    })
    expect(followUpRequest('revoke', ex, draft)).toMatchObject({
      ok: true,
      request: {
        target: 'revoke',
        params: [
          ['token', 'rt-1'],
          ['token_type_hint', 'refresh_token'],
        ],
      },
    })
    const noTokens = makeExchange({
      id: 'e',
      response: { status: 400, headers: [], body: '{"error":"invalid_grant"}' },
    })
    expect(followUpRequest('refresh', noTokens, draft)).toEqual({
      ok: false,
      reason: 'this response has no refresh_token',
    })
  })

  it('sends a refresh, stays on the original and links the refresh, with Back after opening it', async () => {
    const { store } = await startedStore()
    store
      .getState()
      .setDraft({ clientId: 'legacy', clientSecret: 'THE_SECRET', username: 'alice', password: 'alice-password-1' })
    const first = await store.getState().send()
    if (!first) throw new Error('not sent')
    await store.getState().followUp('refresh', first)
    expect(store.getState().selectedId).toBe(first.id)
    const result = store.getState().followUpResult
    expect(result).toMatchObject({ forId: first.id, kind: 'refresh' })
    const second = result?.exchangeId ?? ''
    expect(second).not.toBe(first.id)
    expect(store.getState().exchanges[second]?.grantType).toBe('refresh_token')
    await store.getState().openExchange(second)
    expect(store.getState().selectedId).toBe(second)
    store.getState().goBack()
    expect(store.getState().selectedId).toBe(first.id)
  })

  it('fetches the unmasked request only when asked (Reveal) and forgets it on Hide', async () => {
    const { store } = await startedStore()
    store
      .getState()
      .setDraft({ clientId: 'legacy', clientSecret: 'THE_SECRET', username: 'alice', password: 'alice-password-1' })
    const ex = await store.getState().send()
    if (!ex) throw new Error('not sent')
    expect(ex.request.body).not.toContain('alice-password-1')
    await store.getState().toggleReveal(ex.id)
    expect(store.getState().revealed[ex.id]?.request.body).toContain('password=alice-password-1')
    await store.getState().toggleReveal(ex.id)
    expect(store.getState().revealed[ex.id]).toBeUndefined()
  })
})
