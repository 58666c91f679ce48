// A name → value map as rows (form parameters, headers, expected body members, captures), each row's
// validation messages under it, found by the JSON path the scenario schema reports.
import type { ReactNode } from 'react'
import { formatPath } from '../../../shared/scenarios/index'
import { row, type HeaderRow, type Row } from './scenario-form'

interface RowsEditorProps<R extends Row> {
  /** The fieldset's legend, e.g. "Form parameters". */
  legend: string
  /** One item, e.g. "parameter": labels say "Parameter 2 name", buttons "Add parameter". */
  item: string
  rows: R[]
  onChange: (rows: R[]) => void
  /** The path of the map in the scenario (`["steps", 0, "request", "params"]`). */
  path: ReadonlyArray<string | number>
  /** The messages at a path and below it. */
  errors: (path: string) => string[]
  namePlaceholder?: string
  valuePlaceholder?: string
  hint?: ReactNode
  /** Rows with an "absent" checkbox (expected headers: `null` means the header must not be there). */
  withAbsent?: boolean
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

export function RowsEditor<R extends Row>(props: RowsEditorProps<R>) {
  const { legend, item, rows, onChange, path, errors, withAbsent } = props
  const label = capital(item)
  const update = (key: number, patch: Partial<R>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  const fresh = () => (withAbsent ? { ...row(), absent: false } : row()) as R
  // Messages about the map itself, or about a key no row shows (each row shows its own).
  const shown = new Set(rows.flatMap((r) => (r.name ? errors(formatPath([...path, r.name])) : [])))
  const own = errors(formatPath(path)).filter((m) => !shown.has(m))
  return (
    <fieldset className="rows-editor">
      <legend>{legend}</legend>
      {props.hint ? <small className="field-hint">{props.hint}</small> : null}
      {rows.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              {withAbsent ? <th scope="col">Absent</th> : null}
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const messages = r.name ? errors(formatPath([...path, r.name])) : []
              const absent = withAbsent && (r as unknown as HeaderRow).absent
              return (
                <tr key={r.key} className={messages.length ? 'row-invalid' : undefined}>
                  <td>
                    <input
                      aria-label={`${label} ${i + 1} name`}
                      aria-invalid={messages.length ? true : undefined}
                      value={r.name}
                      placeholder={props.namePlaceholder}
                      onChange={(e) => update(r.key, { name: e.target.value } as Partial<R>)}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${label} ${i + 1} value`}
                      aria-invalid={messages.length ? true : undefined}
                      value={r.value}
                      disabled={absent}
                      placeholder={props.valuePlaceholder}
                      onChange={(e) => update(r.key, { value: e.target.value } as Partial<R>)}
                    />
                    {messages.length ? (
                      <ul className="field-errors" role="alert">
                        {messages.map((m) => (
                          <li key={m}>{m}</li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  {withAbsent ? (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${label} ${i + 1} must be absent`}
                        checked={absent}
                        onChange={(e) => update(r.key, { absent: e.target.checked } as unknown as Partial<R>)}
                      />
                    </td>
                  ) : null}
                  <td>
                    <button
                      type="button"
                      aria-label={`Remove ${item} ${i + 1}`}
                      onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : null}
      {own.length ? (
        <ul className="field-errors" role="alert">
          {own.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <button type="button" onClick={() => onChange([...rows, fresh()])}>
        Add {item}
      </button>
    </fieldset>
  )
}
