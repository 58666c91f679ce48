// The workspace as a whole: the snapshot every UI loads, and the workspace file out and in
// (docs/workspace-format.md; the rules are in workspace-io.ts).
import type { LabAreaHandlers } from '../shared/lab-api'
import type { HashPool } from '../server/credentials/hash-pool'
import { toUserView, type Store } from '../store/index'
import { toClientView } from './workspace-crud'
import { exportWorkspace, importWorkspace } from './workspace-io'

export interface WorkspaceHandlerDeps {
  store: Store
  pool: HashPool
  /** An import replaced everything: every view reloads. */
  changed: (area: 'all') => void
}

export function createWorkspaceHandlers({ store, pool, changed }: WorkspaceHandlerDeps): LabAreaHandlers<'workspace'> {
  return {
    async 'workspace.get'() {
      return {
        settings: store.settings.get(),
        scopes: store.scopes.list(),
        clients: store.clients.list().map(toClientView),
        users: store.users.list().map(toUserView),
      }
    },
    async 'workspace.export'(input) {
      return exportWorkspace(store, { includeTotpSecrets: input.includeTotpSecrets ?? false })
    },
    async 'workspace.import'({ file }) {
      const result = await importWorkspace(store, pool, file)
      changed('all')
      return result
    },
  }
}
