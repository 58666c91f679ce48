import { useId } from 'react'
import { explainOAuthError } from '../../lib/oauth-errors'

export function ErrorExplanation({
  code,
  description,
  grantType,
}: {
  code: string
  description?: string
  grantType?: string
}) {
  const errorId = useId()
  const meaning = explainOAuthError(code, grantType)
  return (
    <section className="error-explanation" aria-labelledby={errorId}>
      <h4 id={errorId}>
        Error <code>{code}</code>
      </h4>
      {description ? (
        <p>
          Server said: <q>{description}</q>
        </p>
      ) : null}
      <p className="meaning">
        <strong>What it means ({meaning.rfc}):</strong> {meaning.meaning}
      </p>
      <p>
        <strong>Likely causes</strong> (the decision trace says which):
      </p>
      <ul>
        {meaning.likelyCauses.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </section>
  )
}
