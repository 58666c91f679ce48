// "Why caution", the trainer's lesson: one step on screen, live against the lesson's own lab.
// Next / Previous (and the arrow keys, Page Up / Page Down for a presenter's clicker), a step
// indicator, presentation mode (large type, full window; Escape leaves it) and Reset.
import { useEffect, useId } from 'react'
import { useLab } from '../store'
import { LessonSources } from './LessonSources'
import { STEP_PANELS } from './step-panels'
import { WHY_CAUTION_STEPS } from './why-caution'

/** Keys typed into a field are the field's, not the lesson's. */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

function useLessonKeys(): void {
  const next = useLab((s) => s.lessonNext)
  const previous = useLab((s) => s.lessonPrevious)
  const presenting = useLab((s) => s.lessonPresenting)
  const setPresenting = useLab((s) => s.setLessonPresenting)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || typingInto(e.target)) return
      if (e.key === 'ArrowRight' || e.key === 'PageDown') next()
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') previous()
      else if (e.key === 'Escape' && presenting) setPresenting(false)
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [next, previous, presenting, setPresenting])
}

function StepIndicator() {
  const current = useLab((s) => s.lessonStep)
  const go = useLab((s) => s.lessonGo)
  return (
    <nav className="lesson-indicator" aria-label="Lesson steps">
      <ol>
        {WHY_CAUTION_STEPS.map((step, i) => (
          <li key={step.id}>
            <button
              type="button"
              aria-current={i === current ? 'step' : undefined}
              title={step.title}
              onClick={() => go(i)}
            >
              <span aria-hidden="true">{i + 1}</span>
              <span className="visually-hidden">
                Step {i + 1}: {step.title}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}

export function LessonScreen() {
  const openLesson = useLab((s) => s.openLesson)
  const index = useLab((s) => s.lessonStep)
  const presenting = useLab((s) => s.lessonPresenting)
  const setPresenting = useLab((s) => s.setLessonPresenting)
  const next = useLab((s) => s.lessonNext)
  const previous = useLab((s) => s.lessonPrevious)
  const reset = useLab((s) => s.resetLesson)
  const busy = useLab((s) => s.lessonBusy)
  const problem = useLab((s) => s.lessonProblem)
  const headingId = useId()
  useEffect(() => openLesson(), [openLesson])
  useLessonKeys()

  const step = WHY_CAUTION_STEPS[index]!
  const Panel = STEP_PANELS[step.id]
  const position = `Step ${index + 1} of ${WHY_CAUTION_STEPS.length}`
  return (
    <section className={presenting ? 'lesson lesson-presenting' : 'lesson'} aria-label="Why caution lesson">
      <header className="lesson-head">
        <h2>
          Why caution <span className="muted">RFC 9700 §2.4: the password grant MUST NOT be used</span>
        </h2>
        <StepIndicator />
        <div className="actions">
          <button type="button" aria-pressed={presenting} onClick={() => setPresenting(!presenting)}>
            Presentation mode
          </button>
          <button type="button" disabled={busy === 'reset'} onClick={() => void reset()}>
            Reset
          </button>
        </div>
      </header>
      {problem ? (
        <p className="problem-inline lesson-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {/* Keyed by step: each step starts scrolled to its top. */}
      <div className="lesson-body-scroll" key={step.id}>
        <article className="lesson-step" aria-labelledby={headingId} data-step={step.id}>
          <h3 id={headingId}>
            <span className="lesson-step-number">{index + 1}</span> {step.title}
          </h3>
          <LessonSources sources={step.sources} />
          {step.text.map((p) => (
            <p key={p} className="lesson-text">
              {p}
            </p>
          ))}
          <Panel />
        </article>
      </div>
      <footer className="lesson-foot">
        <button type="button" disabled={index === 0} onClick={previous}>
          <span aria-hidden="true">← </span>Previous
        </button>
        <span className="lesson-position" aria-live="polite">
          {position}
        </span>
        <button type="button" className="primary" disabled={index === WHY_CAUTION_STEPS.length - 1} onClick={next}>
          Next<span aria-hidden="true"> →</span>
        </button>
      </footer>
    </section>
  )
}
