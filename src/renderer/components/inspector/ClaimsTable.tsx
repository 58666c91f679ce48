import { explainClaims } from '../../lib/claims'
import { useNow } from '../../lib/use-now'

export function ClaimsTable({ claims, caption }: { claims: Record<string, unknown>; caption: string }) {
  const now = useNow()
  const rows = explainClaims(claims, now)
  return (
    <table className="claims">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Claim</th>
          <th scope="col">Value</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">
              <code>{r.name}</code>
            </th>
            <td className="mono claim-value">
              {r.value}
              {r.when ? <div className="claim-when">{r.when}</div> : null}
            </td>
            <td className="claim-meaning">{r.meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
