// The live-traffic tools that are one call each: the HTTPS switch and its certificate, History as a
// HAR file, and the composer's "Copy as" snippets (made in the lab: the generator needs Node).
import type { HistoryExport } from '../../shared/history-api'
import type { SnippetLanguageName } from '../../shared/snippets-api'
import type { TlsCertificateInfo } from '../../shared/tls-api'
import { toExchangeFilter } from '../lib/history-filter'
import { runnerRequestFromDraft } from '../lib/composer-request'
import type { LabClient } from '../transport/lab-client'
import type { SliceCreator } from './types'

export interface TrafficSlice {
  certificate: TlsCertificateInfo | null
  /** The open tab of the Workspace screen. */
  workspaceSection: string
  setWorkspaceSection(section: string): void
  loadCertificate(): Promise<TlsCertificateInfo>
  /** Saves the `https` setting, then restarts the embedded server on its port so it applies now. */
  setHttps(on: boolean): Promise<void>
  /** History as HAR 1.2, with History's current filter. */
  exportHistoryHar(): Promise<HistoryExport>
  /** The composer's request as code; placeholders for secrets unless `includeSecrets`. */
  renderSnippet(language: SnippetLanguageName, includeSecrets: boolean): Promise<string>
}

export const createTrafficSlice =
  (client: LabClient): SliceCreator<TrafficSlice> =>
  (set, get) => ({
    certificate: null,
    workspaceSection: 'clients',
    setWorkspaceSection: (workspaceSection) => set({ workspaceSection }),
    async loadCertificate() {
      const certificate = await client.call('tls.certificate', {})
      set({ certificate })
      return certificate
    },
    async setHttps(on) {
      await get().updateSettings({ https: on })
      set({ serverStatus: await client.call('server.restart', {}) })
    },
    exportHistoryHar: () => client.call('exchanges.exportHar', toExchangeFilter(get().historyFilter)),
    async renderSnippet(language, includeSecrets) {
      const request = runnerRequestFromDraft(get().draft)
      return (await client.call('snippets.render', { request, language, includeSecrets })).text
    },
  })
