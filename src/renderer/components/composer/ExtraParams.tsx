// Extra form parameters, sent as typed: repeating one (invalid_request, RFC 6749 §3.2) or
// adding an unknown one (ignored) is how one tests the server's parsing.
import { useLab } from '../../store'

export function ExtraParams() {
  const params = useLab((s) => s.draft.extraParams)
  const addParam = useLab((s) => s.addParam)
  const updateParam = useLab((s) => s.updateParam)
  const removeParam = useLab((s) => s.removeParam)
  return (
    <fieldset className="extra-params">
      <legend>Extra parameters</legend>
      {params.length ? (
        <table>
          <thead>
            <tr>
              <th id="extra-param-name">Name</th>
              <th id="extra-param-value">Value</th>
              <th>
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {params.map((p, i) => (
              <tr key={p.id}>
                <td>
                  <input
                    aria-label={`Parameter ${i + 1} name`}
                    value={p.name}
                    placeholder="token_type_hint"
                    onChange={(e) => updateParam(p.id, { name: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Parameter ${i + 1} value`}
                    value={p.value}
                    onChange={(e) => updateParam(p.id, { value: e.target.value })}
                  />
                </td>
                <td>
                  <button type="button" aria-label={`Remove parameter ${i + 1}`} onClick={() => removeParam(p.id)}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <button type="button" onClick={addParam}>
        Add parameter
      </button>
    </fieldset>
  )
}
