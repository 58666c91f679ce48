// Main navigation. Plain buttons (aria-current marks the open screen) so each is found by its
// exact name; the pinned count is a description, not part of the name.
import { useLab, type Screen } from '../store'

const SCREENS: Array<{ id: Screen; label: string }> = [
  { id: 'workspace', label: 'Workspace' },
  { id: 'composer', label: 'Composer' },
  { id: 'history', label: 'History' },
  { id: 'compare', label: 'Compare' },
  { id: 'migration', label: 'Migration' },
  { id: 'findings', label: 'Findings' },
  { id: 'lesson', label: 'Why caution' },
]

export function ScreenNav() {
  const screen = useLab((s) => s.screen)
  const setScreen = useLab((s) => s.setScreen)
  const pinnedCount = useLab((s) => s.pinned.length)
  return (
    <nav className="screen-nav" aria-label="Screens">
      {SCREENS.map((s) => (
        <button
          key={s.id}
          type="button"
          aria-current={s.id === screen ? 'page' : undefined}
          aria-describedby={s.id === 'compare' ? 'pinned-count' : undefined}
          onClick={() => setScreen(s.id)}
        >
          {s.label}
          {s.id === 'compare' && pinnedCount ? (
            <span className="count" aria-hidden="true">
              {pinnedCount}
            </span>
          ) : null}
        </button>
      ))}
      <span id="pinned-count" className="visually-hidden">
        {pinnedCount} exchange{pinnedCount === 1 ? '' : 's'} pinned
      </span>
    </nav>
  )
}
