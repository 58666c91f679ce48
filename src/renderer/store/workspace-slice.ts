// The workspace as the lab holds it. Each action sends one whole form to the lab (nothing
// half-saved) and then reloads the snapshot; errors propagate so the form shows them.
import type { WorkspaceSnapshot } from '../../shared/model'
import type { LabClient } from '../transport/lab-client'
import type { SliceCreator, WorkspaceSlice } from './types'

export const createWorkspaceSlice =
  (client: LabClient): SliceCreator<WorkspaceSlice> =>
  (set, get) => {
    function patchWorkspace(update: (ws: WorkspaceSnapshot) => WorkspaceSnapshot): void {
      const ws = get().workspace
      if (ws) set({ workspace: update(ws) })
    }
    function rememberSecret(clientId: string, secret: string | undefined): void {
      if (!secret) return
      set({
        secretOnce: { clientId, secret },
        sessionSecrets: { ...get().sessionSecrets, [clientId]: secret },
      })
    }
    const upsert = <T>(list: T[], item: T, same: (a: T) => boolean): T[] =>
      list.some(same) ? list.map((x) => (same(x) ? item : x)) : [...list, item]

    return {
      workspace: null,
      sessionSecrets: {},
      secretOnce: null,
      async loadWorkspace() {
        set({ workspace: await client.call('workspace.get', {}) })
      },
      exportWorkspace: () => client.call('workspace.export', {}),
      async importWorkspace(file) {
        const result = await client.call('workspace.import', { file })
        // Every client was replaced: secrets remembered this session belong to the old ones.
        set({ sessionSecrets: {}, secretOnce: null })
        await get().loadWorkspace()
        return result
      },
      async updateSettings(patch) {
        const settings = await client.call('settings.update', patch)
        patchWorkspace((ws) => ({ ...ws, settings }))
        return settings
      },
      async createScope(input) {
        const scope = await client.call('scopes.create', input)
        patchWorkspace((ws) => ({ ...ws, scopes: upsert(ws.scopes, scope, (s) => s.name === scope.name) }))
        return scope
      },
      async updateScope(input) {
        const scope = await client.call('scopes.update', input)
        patchWorkspace((ws) => ({ ...ws, scopes: upsert(ws.scopes, scope, (s) => s.name === scope.name) }))
        return scope
      },
      async deleteScope(name) {
        await client.call('scopes.delete', { name })
        patchWorkspace((ws) => ({ ...ws, scopes: ws.scopes.filter((s) => s.name !== name) }))
      },
      async createClient(input) {
        const { client: created, secret } = await client.call('clients.create', input)
        patchWorkspace((ws) => ({
          ...ws,
          clients: upsert(ws.clients, created, (c) => c.clientId === created.clientId),
        }))
        rememberSecret(created.clientId, secret)
        return created
      },
      async updateClient(input) {
        const updated = await client.call('clients.update', input)
        patchWorkspace((ws) => ({
          ...ws,
          clients: upsert(ws.clients, updated, (c) => c.clientId === updated.clientId),
        }))
        return updated
      },
      async deleteClient(clientId) {
        await client.call('clients.delete', { clientId })
        patchWorkspace((ws) => ({ ...ws, clients: ws.clients.filter((c) => c.clientId !== clientId) }))
      },
      async resetSecret(clientId) {
        const { client: updated, secret } = await client.call('clients.resetSecret', { clientId })
        patchWorkspace((ws) => ({
          ...ws,
          clients: upsert(ws.clients, updated, (c) => c.clientId === updated.clientId),
        }))
        rememberSecret(clientId, secret)
      },
      dismissSecret: () => set({ secretOnce: null }),
      async createUser(input) {
        const user = await client.call('users.create', input)
        patchWorkspace((ws) => ({ ...ws, users: upsert(ws.users, user, (u) => u.username === user.username) }))
        return user
      },
      async updateUser(input) {
        const user = await client.call('users.update', input)
        patchWorkspace((ws) => ({ ...ws, users: upsert(ws.users, user, (u) => u.username === user.username) }))
        return user
      },
      async setPassword(username, password) {
        const user = await client.call('users.setPassword', { username, password })
        patchWorkspace((ws) => ({ ...ws, users: upsert(ws.users, user, (u) => u.username === user.username) }))
        return user
      },
      async unlockUser(username) {
        const user = await client.call('users.unlock', { username })
        patchWorkspace((ws) => ({ ...ws, users: upsert(ws.users, user, (u) => u.username === user.username) }))
        return user
      },
      async deleteUser(username) {
        await client.call('users.delete', { username })
        patchWorkspace((ws) => ({ ...ws, users: ws.users.filter((u) => u.username !== username) }))
      },
    }
  }
