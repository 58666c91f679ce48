// The results of a run: one row per step or check — passed, failed (expected against actual, the RFC
// section when a pack says it), warning (a SHOULD or best practice broken: shown, does not fail) or skipped (why) — each with its exchanges one click from the Inspector,
// and the whole run as JUnit XML or JSON to download.
import { useState } from 'react'
import type { ScenarioRunResult, ScenarioStepResult } from '../../../shared/scenarios-api'
import { downloadText } from '../../lib/download'
import { useLab } from '../../store'
import { ProblemList } from '../common/Field'

const LABEL: Record<ScenarioStepResult['status'], string> = {
  passed: 'pass',
  failed: 'fail',
  warning: 'warn',
  skipped: 'skip',
}

function Outcome({ step }: { step: ScenarioStepResult }) {
  if (step.status === 'passed')
    return (
      <td colSpan={2} className="muted">
        —
      </td>
    )
  if (!step.failures.length) return <td colSpan={2}>{step.reason ?? ''}</td>
  return (
    <>
      <td>
        <ul className="plain">
          {step.failures.map((f, i) => (
            <li key={i}>
              <span className="muted">{f.what}:</span> <code>{f.expected}</code>
            </li>
          ))}
        </ul>
      </td>
      <td>
        <ul className="plain">
          {step.failures.map((f, i) => (
            <li key={i}>
              <span className="muted">{f.what}:</span> <code>{f.actual}</code>
            </li>
          ))}
        </ul>
      </td>
    </>
  )
}

function ExchangeButtons({ step }: { step: ScenarioStepResult }) {
  const openExchange = useLab((s) => s.openExchange)
  const selectedId = useLab((s) => s.selectedId)
  if (!step.exchangeIds.length) return <span className="muted">—</span>
  return (
    <span className="exchange-buttons">
      {step.exchangeIds.map((id, i) => (
        <button
          key={id}
          type="button"
          aria-pressed={selectedId === id}
          aria-label={`Open the exchange${step.exchangeIds.length > 1 ? ` ${i + 1}` : ''} of ${step.name}`}
          onClick={() => void openExchange(id)}
        >
          {step.exchangeIds.length > 1 ? `Open ${i + 1}` : 'Open'}
        </button>
      ))}
    </span>
  )
}

export function RunResults({ result }: { result: ScenarioRunResult }) {
  const exportRun = useLab((s) => s.exportRun)
  const [problem, setProblem] = useState<string | null>(null)
  async function download(format: 'junit' | 'json') {
    setProblem(null)
    try {
      const file = await exportRun(format)
      downloadText(file.fileName, file.text, file.mimeType)
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err))
    }
  }
  return (
    <section aria-label="Results" className="run-results">
      <div className="section-head">
        <p className="run-summary">
          <strong className="status-ok-text">{result.passed} passed</strong>,{' '}
          <strong className={result.failed ? 'status-fail-text' : undefined}>{result.failed} failed</strong>,{' '}
          <strong className={result.warnings ? 'status-warn-text' : undefined}>
            {result.warnings} warning{result.warnings === 1 ? '' : 's'}
          </strong>
          , {result.skipped} skipped <span className="muted">({Math.round(result.durationMs)} ms)</span>
        </p>
        <span className="actions">
          <button type="button" onClick={() => void download('junit')}>
            Export JUnit
          </button>
          <button type="button" onClick={() => void download('json')}>
            Export JSON
          </button>
        </span>
      </div>
      <ProblemList problems={problem ? [problem] : []} />
      <table className="results-table" aria-label="Step results">
        <thead>
          <tr>
            <th scope="col">Result</th>
            <th scope="col">Step</th>
            <th scope="col">Expected</th>
            <th scope="col">Actual</th>
            <th scope="col">RFC</th>
            <th scope="col">Exchange</th>
          </tr>
        </thead>
        <tbody>
          {result.suites.flatMap((suite) =>
            suite.steps.map((step, i) => (
              <tr key={`${suite.name}\n${i}`} data-status={step.status}>
                <td>
                  <span className={`result-badge result-${step.status}`}>{LABEL[step.status]}</span>
                </td>
                <th scope="row">
                  <span className="muted">{suite.name} › </span>
                  {step.name}
                </th>
                <Outcome step={step} />
                <td className="rfc">
                  {step.rfc ?? ''}
                  {step.level !== undefined && step.level !== 'MUST' ? ` (${step.level})` : ''}
                </td>
                <td>
                  <ExchangeButtons step={step} />
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  )
}
