// A generated client secret is stored only as a hash: this is the one time it can be read.
import { useEffect, useRef } from 'react'
import { useLab } from '../../store'
import { CopyButton } from '../common/Buttons'
import { Field } from '../common/Field'

export function SecretOnce() {
  const secretOnce = useLab((s) => s.secretOnce)
  const dismiss = useLab((s) => s.dismissSecret)
  const inputRef = useRef<HTMLInputElement>(null)
  // The form's submit button is at the bottom of a long form: bring the secret into view.
  useEffect(() => {
    if (!secretOnce) return
    inputRef.current?.focus()
    inputRef.current?.scrollIntoView?.({ block: 'center' })
  }, [secretOnce])
  if (!secretOnce) return null
  return (
    <section className="secret-once" aria-label="Client secret shown once">
      <p className="warning" role="alert">
        The secret of client “{secretOnce.clientId}” is shown only now: it is stored as a hash and will not be shown
        again. Copy it before closing this. (The composer keeps it for this session.)
      </p>
      <div className="secret-row">
        <Field label="New client secret">
          {(p) => (
            <input
              {...p}
              ref={inputRef}
              readOnly
              value={secretOnce.secret}
              className="mono"
              onFocus={(e) => e.target.select()}
            />
          )}
        </Field>
        <CopyButton text={secretOnce.secret} />
        <button type="button" onClick={dismiss}>
          Done
        </button>
      </div>
    </section>
  )
}
