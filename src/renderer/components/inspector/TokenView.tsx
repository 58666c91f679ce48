// A JWT access token (RFC 9068) decoded by the lab, which also checks its signature against
// the server's JWKS; an opaque token can only be understood by asking the server (RFC 7662).
import { useEffect, useId } from 'react'
import { STRIPPED_SIGNATURE } from '../../../shared/masking'
import { looksLikeJwt } from '../../lib/jwt'
import { useLab } from '../../store'
import { ClaimsTable } from './ClaimsTable'

/**
 * The exchange log keeps a JWT without its signature (tokens are never stored as issued): that is the
 * normal case for a stored exchange, not a failed check, so it reads neutral with the way to verify.
 */
function StrippedSignature({ exchangeId }: { exchangeId: string }) {
  const revealed = useLab((s) => s.revealed[exchangeId] !== undefined)
  const toggleReveal = useLab((s) => s.toggleReveal)
  if (revealed) {
    return (
      <p className="signature neutral" role="status">
        Stored without signature, and the issued copy is no longer in memory (kept only while the lab runs): send the
        request again to verify one.
      </p>
    )
  }
  return (
    <p className="signature neutral" role="status">
      Stored without signature —{' '}
      <button type="button" className="link-button" onClick={() => void toggleReveal(exchangeId)}>
        Reveal to verify
      </button>
    </p>
  )
}

function SignatureLine({
  signature,
}: {
  signature?: { verified: boolean; kid?: string; alg?: string; error?: string }
}) {
  if (!signature) return <p className="muted">Signature not checked.</p>
  if (signature.verified) {
    const about = [signature.kid ? `kid ${signature.kid}` : '', signature.alg ?? ''].filter(Boolean).join(', ')
    return (
      <p className="signature ok" role="status">
        ✓ Signature verified{about ? ` (${about})` : ''} against the server's JWKS
      </p>
    )
  }
  return (
    <p className="signature fail" role="status">
      ✗ Signature not verified: {signature.error ?? 'unknown reason'}
    </p>
  )
}

function JwtView({ token, exchangeId }: { token: string; exchangeId: string }) {
  const decode = useLab((s) => s.decodes[token])
  const decodeToken = useLab((s) => s.decodeToken)
  useEffect(() => {
    void decodeToken(token)
  }, [token, decodeToken])
  if (!decode || decode.status === 'loading') return <p className="muted">Decoding the access token…</p>
  if (decode.status === 'error') return <p className="problem">Could not decode the token: {decode.message}</p>
  const { header, payload, signature } = decode.decoded
  return (
    <>
      {token.endsWith(`.${STRIPPED_SIGNATURE}`) ? (
        <StrippedSignature exchangeId={exchangeId} />
      ) : (
        <SignatureLine signature={signature} />
      )}
      {header ? <ClaimsTable claims={header} caption="JWT header" /> : null}
      {payload ? <ClaimsTable claims={payload} caption="JWT payload" /> : null}
    </>
  )
}

export function TokenView({ accessToken, exchangeId }: { accessToken: string; exchangeId: string }) {
  const tokenId = useId()
  return (
    <section className="token-view" aria-labelledby={tokenId}>
      <h4 id={tokenId}>Access token</h4>
      {looksLikeJwt(accessToken) ? (
        <JwtView token={accessToken} exchangeId={exchangeId} />
      ) : (
        <p>
          An opaque token: only the server knows what it stands for. Use <strong>Introspect</strong> to ask it (RFC
          7662).
        </p>
      )}
    </section>
  )
}
