// Active fault rules are visible at all times (workspace-format.md "Faults"): a badge in the status
// bar, on every screen, that opens the Faults tab. A server that misbehaves on purpose must never be
// mistaken for one that misbehaves by accident.
import { isActiveFault } from '../../../shared/faults-api'
import { useLab } from '../../store'

export function FaultsBadge() {
  const faults = useLab((s) => s.faults)
  const showFaults = useLab((s) => s.showFaults)
  const active = faults?.rules.filter(isActiveFault) ?? []
  if (active.length === 0) return null
  return (
    <button
      type="button"
      className="faults-badge"
      title={`Fault rules active: ${active.map((r) => r.name).join(', ')}`}
      onClick={showFaults}
    >
      {active.length} fault{active.length === 1 ? '' : 's'} active
    </button>
  )
}
