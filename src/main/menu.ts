// The application menu. Developer items (reload, devtools) exist only in development builds.
import { Menu, shell, type MenuItemConstructorOptions } from 'electron'

export const HELP_LINKS = {
  ropcGrant: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.3',
  ropcBcp: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.4',
} as const

export interface MenuActions {
  importWorkspace(): void
  exportWorkspace(): void
}

export function buildAppMenu(actions: MenuActions, options: { isDev: boolean; isMac: boolean }): Menu {
  const { isDev, isMac } = options
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Import workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.importWorkspace() },
        { label: 'Export workspace…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.exportWorkspace() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(isDev
          ? ([
              { role: 'reload' },
              { role: 'forceReload' },
              { role: 'toggleDevTools' },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        // Zoom stays in every build: trainers show the app on a projector.
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'RFC 6749 §4.3: Resource Owner Password Credentials Grant',
          click: () => void shell.openExternal(HELP_LINKS.ropcGrant),
        },
        {
          label: 'RFC 9700 §2.4: Security BCP on the password grant (MUST NOT be used)',
          click: () => void shell.openExternal(HELP_LINKS.ropcBcp),
        },
      ],
    },
  ]
  return Menu.buildFromTemplate(template)
}
