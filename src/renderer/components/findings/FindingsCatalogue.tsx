// The findings catalogue as a reference: every code the lab can raise, its side, severity, what
// triggers it, the RFC section, why the rule exists and how to fix it — searchable.
import { useId, useMemo, useState } from 'react'
import type { FindingBasis, FindingDefinition } from '../../../shared/findings'
import { Field } from '../common/Field'
import { searchCatalogue, type SideFilter } from './catalogue-search'

const RAISED_BY: Record<FindingBasis, string> = {
  request: 'Seen in the request alone: raised by the embedded server and by the proxy.',
  'server-state': 'Needs what the embedded server knows (clients, scopes, tokens, recent requests): raised by it only.',
  response: "Judges another server's answer: raised on the composer's, the scenarios' and the proxy's exchanges.",
}

function CatalogueEntry({ definition: d }: { definition: FindingDefinition }) {
  const titleId = useId()
  return (
    <li className={`finding catalogue-entry severity-${d.severity} side-${d.side}`} aria-labelledby={titleId}>
      <div className="finding-head">
        <span className="side-label">{d.side}</span> <span className="badge">{d.severity}</span>{' '}
        <strong className="finding-title" id={titleId}>
          {d.title}
        </strong>{' '}
        <code className="muted">{d.code}</code>
      </div>
      <p className="finding-source">
        <span className="rfc">{d.rfc}</span> <span className="muted">— {RAISED_BY[d.basis]}</span>
      </p>
      <dl className="catalogue-details">
        <dt>Triggered by</dt>
        <dd className="finding-trigger">{d.trigger}</dd>
        <dt>Why it matters</dt>
        <dd className="finding-why">{d.why}</dd>
        <dt>Fix</dt>
        <dd className="finding-fix">{d.fix}</dd>
      </dl>
    </li>
  )
}

export function FindingsCatalogue() {
  const [query, setQuery] = useState('')
  const [side, setSide] = useState<SideFilter>('')
  const entries = useMemo(() => searchCatalogue(query, side), [query, side])
  return (
    <section className="findings-catalogue" aria-label="Findings catalogue">
      <div className="history-filters" role="search" aria-label="Search the catalogue">
        <Field label="Search" className="grow">
          {(p) => (
            <input
              {...p}
              type="search"
              spellCheck={false}
              placeholder="code, RFC section, words: basic §2.3.1, comma, refresh…"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          )}
        </Field>
        <Field label="Side">
          {(p) => (
            <select {...p} value={side} onChange={(e) => setSide(e.target.value as SideFilter)}>
              <option value="">Both</option>
              <option value="client">Client (what a request did wrong)</option>
              <option value="server">Server (what an answer did wrong)</option>
            </select>
          )}
        </Field>
      </div>
      <p role="status" className="muted">
        {entries.length} finding{entries.length === 1 ? '' : 's'}
      </p>
      {entries.length === 0 ? (
        <p className="muted placeholder">No finding matches. Try fewer words.</p>
      ) : (
        <ul className="catalogue-list" aria-label="Catalogue entries">
          {entries.map((d) => (
            <CatalogueEntry key={d.code} definition={d} />
          ))}
        </ul>
      )}
    </section>
  )
}
