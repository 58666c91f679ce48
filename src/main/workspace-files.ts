// File ▸ Import / Export workspace: native dialogs around the same LabApi calls the UI makes
// (through dispatchLabCall, so a menu import is validated exactly like any other).
// The lab emits `workspace.changed` after an import, so the renderer refreshes by itself.
import { basename } from 'node:path'
import { dialog, type BrowserWindow, type MessageBoxOptions } from 'electron'
import { dispatchLabCall } from '../lab/dispatch'
import type { Lab } from '../lab/lab-types'
import { readWorkspaceFile, writeWorkspaceFile } from '../lab/workspace-file'
import type { ImportResult, LabResult } from '../shared/lab-api'

const FILTERS = [{ name: 'ROPC Lab workspace', extensions: ['json'] }]

export async function importWorkspaceFromFile(lab: Lab, win: BrowserWindow | null): Promise<void> {
  const pick = win
    ? await dialog.showOpenDialog(win, { title: 'Import workspace', filters: FILTERS, properties: ['openFile'] })
    : await dialog.showOpenDialog({ title: 'Import workspace', filters: FILTERS, properties: ['openFile'] })
  const path = pick.filePaths[0]
  if (pick.canceled || !path) return

  const confirm = await message(win, {
    type: 'warning',
    message: `Import ${basename(path)}?`,
    detail: 'The workspace in the file replaces the current settings, scopes, clients and users.',
    buttons: ['Import', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
  })
  if (confirm.response !== 0) return

  let file: unknown
  try {
    file = await readWorkspaceFile(path)
  } catch (err) {
    await message(win, { type: 'error', message: `Could not read ${basename(path)}`, detail: errorText(err) })
    return
  }
  const result = (await dispatchLabCall(lab.handlers, 'workspace.import', { file })) as LabResult<ImportResult>
  if (result.ok) {
    const { scopes, clients, users } = result.data
    await message(win, {
      type: 'info',
      message: 'Workspace imported',
      detail: `${scopes} scopes, ${clients} clients, ${users} users.`,
    })
  } else {
    // Every problem by JSON path (workspace-format.md), capped so the dialog stays on screen.
    const details = result.error.details ?? []
    const shown = details.slice(0, 20).join('\n') + (details.length > 20 ? `\n… and ${details.length - 20} more` : '')
    await message(win, { type: 'error', message: result.error.message, detail: shown || undefined })
  }
}

export async function exportWorkspaceToFile(lab: Lab, win: BrowserWindow | null): Promise<void> {
  const result = await dispatchLabCall(lab.handlers, 'workspace.export', {})
  if (!result.ok) {
    await message(win, { type: 'error', message: 'Could not export the workspace', detail: result.error.message })
    return
  }
  const options = { title: 'Export workspace', defaultPath: 'ropc-lab-workspace.json', filters: FILTERS }
  const pick = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
  if (pick.canceled || !pick.filePath) return
  try {
    // Secrets and passwords are exported as bcrypt hashes only (workspace-format.md).
    await writeWorkspaceFile(pick.filePath, result.data)
  } catch (err) {
    await message(win, { type: 'error', message: `Could not write ${basename(pick.filePath)}`, detail: errorText(err) })
  }
}

function message(win: BrowserWindow | null, options: MessageBoxOptions) {
  return win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
