import { useEffect } from 'react'
import { CautionBanner } from './components/CautionBanner'
import { CompareScreen } from './components/compare/CompareScreen'
import { ComposerPanel } from './components/composer/ComposerPanel'
import { FindingsScreen } from './components/findings/FindingsScreen'
import { HistoryScreen } from './components/history/HistoryScreen'
import { Inspector } from './components/inspector/Inspector'
import { MigrationScreen } from './components/migration/MigrationScreen'
import { ScreenNav } from './components/ScreenNav'
import { ServerStatusBar } from './components/StatusBar'
import { WorkspaceScreen } from './components/workspace/WorkspaceScreen'
import { LessonScreen } from './lessons/LessonScreen'
import { useLab } from './store'

function CurrentScreen() {
  const screen = useLab((s) => s.screen)
  switch (screen) {
    case 'workspace':
      return <WorkspaceScreen />
    case 'history':
      return <HistoryScreen />
    case 'compare':
      return <CompareScreen />
    case 'migration':
      return <MigrationScreen />
    case 'findings':
      return <FindingsScreen />
    case 'lesson':
      return <LessonScreen />
    default:
      return (
        <div className="split">
          <ComposerPanel />
          <Inspector />
        </div>
      )
  }
}

export function App() {
  const start = useLab((s) => s.start)
  useEffect(() => start(), [start])
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          ROPC Lab <span className="muted">RFC 6749 §4.3</span>
        </h1>
        <ScreenNav />
      </header>
      <CautionBanner />
      <main className="app-main">
        <CurrentScreen />
      </main>
      <ServerStatusBar />
    </div>
  )
}
