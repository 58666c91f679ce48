// What the Faults tab says of the rules: as saved on the server, and while the list is edited.
import { LabError } from '../../../shared/lab-api'
import type { FaultRuleStatus } from '../../../shared/faults-api'

/** The saved rules without their counts, as text: what the drafts are compared with. */
export function savedText(rules: readonly FaultRuleStatus[]): string {
  return JSON.stringify(rules.map(({ remaining: _r, fired: _f, ...rule }) => rule))
}

const rulesText = (n: number) => `${n} rule${n === 1 ? '' : 's'}`

/**
 * What the embedded server runs now. While the list is edited it still runs the saved rules, and says
 * so: the count is of what is saved, never of the list being edited.
 */
export function serverText(active: number, saved: number, dirty: boolean): string {
  const now = `${active} of ${rulesText(saved)} active on the embedded server`
  return dirty ? `Unsaved changes. As saved: ${now}, until Save rules.` : now
}

/** An empty list: nothing is faulted — or, when saved rules were removed here, not yet. */
export function emptyText(saved: number): string {
  if (saved === 0) return 'No fault rules: the server answers normally.'
  return `No fault rules in this list. The server keeps its saved ${rulesText(saved)} until Save rules (or Discard changes to get them back).`
}

export function problemsOf(err: unknown): string[] {
  if (err instanceof LabError) return err.details.length ? err.details : [err.message]
  return [err instanceof Error ? err.message : String(err)]
}
