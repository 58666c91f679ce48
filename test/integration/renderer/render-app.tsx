import { render, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { App } from '../../../src/renderer/App'
import { createLabStore, LabStoreProvider, type LabStore } from '../../../src/renderer/store'
import { startTestLab, type TestLab } from './test-lab'

export interface RenderedApp {
  lab: TestLab
  store: LabStore
  user: ReturnType<typeof userEvent.setup>
}

/** Renders the whole app over a real lab (test-lab.ts) and waits until the first loads are done. */
export async function renderApp(lab?: TestLab): Promise<RenderedApp> {
  const testLab = lab ?? (await startTestLab())
  const user = userEvent.setup()
  const store = createLabStore(testLab.client)
  render(
    <LabStoreProvider store={store}>
      <App />
    </LabStoreProvider>,
  )
  await waitFor(() => {
    const s = store.getState()
    if (!s.workspace || !s.serverStatus || s.historyLoading) throw new Error('still loading')
  })
  return { lab: testLab, store, user }
}

/** jsdom has no layout: give the history's scroll box a height so the virtualizer renders rows. */
export function giveHistoryAHeight(height = 520): () => void {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('history-scroll') ? height : 0
    },
  })
  return () => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original)
  }
}
