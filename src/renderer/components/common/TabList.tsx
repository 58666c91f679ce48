// The WAI-ARIA tabs pattern, once for every screen with sections: buttons with role "tab", the
// arrow keys move between them (and focus follows), the panel is labelled by the selected tab.
import type { KeyboardEvent } from 'react'

export interface Tab<Id extends string> {
  id: Id
  label: string
}

interface TabListProps<Id extends string> {
  /** Prefix of the tab ids (`workspace` → `workspace-tab-clients`) and of the panel's id. */
  name: string
  label: string
  tabs: readonly Tab<Id>[]
  current: Id
  onSelect(id: Id): void
}

export const tabId = (name: string, id: string): string => `${name}-tab-${id}`
export const panelId = (name: string): string => `${name}-panel`

export function TabList<Id extends string>({ name, label, tabs, current, onSelect }: TabListProps<Id>) {
  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
    const i = tabs.findIndex((t) => t.id === current)
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]
    if (!next) return
    onSelect(next.id)
    document.getElementById(tabId(name, next.id))?.focus()
  }
  return (
    <div role="tablist" aria-label={label} className="sub-tabs" onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          id={tabId(name, t.id)}
          type="button"
          role="tab"
          aria-selected={t.id === current}
          aria-controls={panelId(name)}
          tabIndex={t.id === current ? 0 : -1}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  )
}
