// Searching the findings catalogue: every word of the query must occur somewhere in the entry (its
// code, title, RFC section, side, severity, trigger, why or fix), ASCII case-insensitive, so
// "basic §2.3.1", "comma" or "refresh expired" each narrow the list the way a person expects.
import type { FindingDefinition, FindingSide } from '../../../shared/findings'
import { FINDING_CATALOGUE } from '../../../shared/findings'

export type SideFilter = '' | FindingSide

const fold = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase())

function haystack(d: FindingDefinition): string {
  // The code also with spaces, so "form encoded" finds basic_not_form_encoded.
  return fold(
    [d.code, d.code.replace(/_/g, ' '), d.title, d.rfc, d.side, d.severity, d.trigger, d.why, d.fix].join('\n'),
  )
}

const ENTRIES: ReadonlyArray<{ definition: FindingDefinition; text: string }> = Object.values(FINDING_CATALOGUE).map(
  (definition) => ({ definition, text: haystack(definition) }),
)

/** The catalogue entries matching the query and the side, client findings first, in catalogue order. */
export function searchCatalogue(query: string, side: SideFilter = ''): FindingDefinition[] {
  const words = fold(query).split(/\s+/).filter(Boolean)
  return ENTRIES.filter(
    ({ definition, text }) => (side === '' || definition.side === side) && words.every((w) => text.includes(w)),
  ).map((e) => e.definition)
}
