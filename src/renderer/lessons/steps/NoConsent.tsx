// Step 3: the client asks for admin and gets it; the screen where the user could have refused does
// not exist in this grant.
import { LESSON_CAST } from '../../../shared/lab-api'
import { issuedTokens } from '../../../shared/token-request'
import { readJwtPayload } from '../../lib/jwt'
import { useLab } from '../../store'
import { ExchangeCard } from '../ExchangeCard'

function ConsentFlow({ scope }: { scope: string }) {
  return (
    <ol className="lesson-flow" aria-label="Who decides the scope">
      <li>
        <strong>{LESSON_CAST.signInUser}</strong> types the password into the app
      </li>
      <li>
        <strong>{LESSON_CAST.legacyClient}</strong> sends <code>scope={scope}</code>
      </li>
      <li className="lesson-flow-missing" aria-label="Consent screen: never shown">
        <span className="consent-mock">
          “{LESSON_CAST.legacyClient} wants to <em>{scope}</em>” <span className="mock-button">Allow</span>{' '}
          <span className="mock-button">Deny</span>
        </span>
        <span className="badge warn">never shown</span>
      </li>
      <li>
        <strong>The token endpoint</strong> grants it
      </li>
    </ol>
  )
}

export function NoConsent() {
  const result = useLab((s) => s.lessonResults.scope)
  const busy = useLab((s) => s.lessonBusy !== null)
  const ask = useLab((s) => s.lessonAskScope)
  // The log keeps a JWT's claims (not its signature): enough to read what was granted.
  const claims = result ? readJwtPayload(issuedTokens(result.exchange.response.body).accessToken ?? '') : null
  return (
    <div className="lesson-panel">
      <div className="actions lesson-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void ask('admin')}>
          Ask for admin
        </button>
      </div>
      <ConsentFlow scope={result?.requested ?? 'admin'} />
      {result ? (
        <ExchangeCard exchange={result.exchange} title="The legacy app asks for admin">
          <p className="lesson-verdict" aria-label="Granted scope">
            Asked: <code>{result.requested}</code> · granted: <code>{result.granted ?? '(none)'}</code>
            {claims ? (
              <>
                {' '}
                · the access token says <code>scope: {String(claims.scope)}</code> for{' '}
                <code>sub: {String(claims.sub)}</code>
              </>
            ) : null}
          </p>
        </ExchangeCard>
      ) : null}
    </div>
  )
}
