// The request exactly as the wire will carry it, rebuilt on every keystroke by the same
// shared function the runner sends with.
import { useId, useMemo } from 'react'
import { formEncodeComponent } from '../../../shared/token-request'
import { maskSecrets, previewRequest, runnerRequestFromDraft } from '../../lib/composer-request'
import { useLab } from '../../store'
import { CopyAsMenu } from './CopyAsMenu'

export function RawPreview() {
  const rawPreviewId = useId()
  const draft = useLab((s) => s.draft)
  const baseUrl = useLab((s) => s.serverStatus?.baseUrl ?? null)
  const hidePassword = useLab((s) => s.hidePassword)
  const preview = useMemo(() => previewRequest(runnerRequestFromDraft(draft), baseUrl), [draft, baseUrl])
  const shown = useMemo(() => {
    if (!preview.ok) return ''
    const raw = preview.raw.replace(/\r\n/g, '\n')
    return hidePassword && draft.password
      ? maskSecrets(raw, [formEncodeComponent(draft.password), draft.password])
      : raw
  }, [preview, hidePassword, draft.password])
  return (
    <section className="raw-preview" aria-labelledby={rawPreviewId}>
      <div className="section-head raw-preview-head">
        <h3 id={rawPreviewId}>Raw request</h3>
        {preview.ok ? <CopyAsMenu /> : null}
      </div>
      {preview.ok ? (
        <pre
          className="wire"
          role="region"
          tabIndex={0}
          aria-label="Raw request preview"
          data-testid="raw-request-preview"
        >
          {shown}
        </pre>
      ) : (
        <p className="problem" role="alert">
          Cannot build the request: {preview.message}
        </p>
      )}
    </section>
  )
}
