// A running relay shows on every screen (the status bar), not only in its tab: requests to the address
// it listens on go to a real server, and the user must not forget it is there.
import { useEffect } from 'react'
import { useLab } from '../../store'

export function RelayBadge() {
  const relay = useLab((s) => s.relay)
  const loadRelay = useLab((s) => s.loadRelay)
  const setScreen = useLab((s) => s.setScreen)
  const setWorkspaceSection = useLab((s) => s.setWorkspaceSection)
  useEffect(() => {
    void loadRelay()
  }, [loadRelay])
  if (!relay?.running) return null
  return (
    <button
      type="button"
      className="relay-badge"
      title={`Relaying ${relay.listeningOn} → ${relay.upstream}`}
      onClick={() => {
        setScreen('workspace')
        setWorkspaceSection('relay')
      }}
    >
      Relay on
    </button>
  )
}
