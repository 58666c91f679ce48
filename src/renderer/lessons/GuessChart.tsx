// The guessing run live: how many attempts ended each way, over the seconds of the run (chart.js).
// Below the canvas, the same counts as a table: the chart's legend, what a screen reader reads, and
// what a page without canvas shows.
import { Chart, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js'
import { useEffect, useRef, useState } from 'react'
import type { LessonAttempt, LessonGuessOutcome } from '../../shared/lab-api'

// No chart.js legend: the counts table below the chart is the legend (colour, outcome, count).
Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip)

export const OUTCOME_LABELS: Record<LessonGuessOutcome, string> = {
  wrong: 'wrong password',
  locked: 'refused: locked',
  correct_but_locked: 'right password, refused: locked',
  accepted: 'accepted: tokens issued',
}
const OUTCOMES = Object.keys(OUTCOME_LABELS) as LessonGuessOutcome[]
/** The app's colour variables (app.css), read when the chart is drawn so dark mode follows. */
const OUTCOME_COLOR_VARS: Record<LessonGuessOutcome, string> = {
  wrong: '--warn',
  locked: '--fail',
  correct_but_locked: '--accent',
  accepted: '--ok',
}

type Point = { x: number; y: number }

/** Cumulative count of each outcome at each attempt's time, in seconds since the run began. */
export function cumulativeSeries(attempts: readonly LessonAttempt[]): Record<LessonGuessOutcome, Point[]> {
  const series = Object.fromEntries(OUTCOMES.map((o) => [o, [{ x: 0, y: 0 }]])) as Record<LessonGuessOutcome, Point[]>
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<LessonGuessOutcome, number>
  for (const a of attempts) {
    counts[a.outcome]++
    for (const o of OUTCOMES) series[o].push({ x: a.atMs / 1000, y: counts[o] })
  }
  return series
}

export function outcomeCounts(attempts: readonly LessonAttempt[]): Record<LessonGuessOutcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<LessonGuessOutcome, number>
  for (const a of attempts) counts[a.outcome]++
  return counts
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return value || fallback
}

function datasets(attempts: readonly LessonAttempt[]): ChartDataset<'line', Point[]>[] {
  const series = cumulativeSeries(attempts)
  return OUTCOMES.map((o) => {
    const color = cssVar(OUTCOME_COLOR_VARS[o], '#888')
    const points = series[o]
    // The rare outcomes (one success, one right password refused) get a dot where they happen.
    const marked = o === 'accepted' || o === 'correct_but_locked'
    return {
      label: OUTCOME_LABELS[o],
      data: points,
      borderColor: color,
      backgroundColor: color,
      stepped: true,
      pointRadius: points.map((p, i) => (marked && i > 0 && p.y > points[i - 1]!.y ? 8 : 0)),
      borderWidth: 3,
    }
  })
}

export function GuessChart({
  attempts,
  label,
  large,
}: {
  attempts: readonly LessonAttempt[]
  label: string
  large: boolean
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart<'line', Point[]> | null>(null)
  // What the chart shows now: a chart made anew (larger type) starts from it.
  const shown = useRef(attempts)
  const [noCanvas, setNoCanvas] = useState(false)

  useEffect(() => {
    const context = canvas.current?.getContext('2d')
    if (!context) {
      setNoCanvas(true)
      return
    }
    const fontSize = large ? 18 : 12
    const text = cssVar('--text', '#222')
    const grid = cssVar('--border', '#ccc')
    chart.current = new Chart<'line', Point[]>(context, {
      type: 'line',
      data: { datasets: datasets(shown.current) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        color: text,
        font: { size: fontSize },
        scales: {
          x: {
            type: 'linear',
            min: 0,
            title: { display: true, text: 'seconds since the first guess', color: text, font: { size: fontSize } },
            ticks: { color: text, font: { size: fontSize } },
            grid: { color: grid },
          },
          y: {
            type: 'linear',
            min: 0,
            title: { display: true, text: 'attempts', color: text, font: { size: fontSize } },
            ticks: { color: text, font: { size: fontSize }, precision: 0 },
            grid: { color: grid },
          },
        },
        plugins: { legend: { display: false } },
      },
    })
    return () => {
      chart.current?.destroy()
      chart.current = null
    }
  }, [large])

  useEffect(() => {
    shown.current = attempts
    const c = chart.current
    if (!c) return
    c.data.datasets = datasets(attempts)
    c.update('none')
  }, [attempts])

  const counts = outcomeCounts(attempts)
  return (
    <figure className="guess-chart">
      <div className="guess-chart-canvas" hidden={noCanvas}>
        <canvas ref={canvas} role="img" aria-label={`${label}: attempts by outcome over time`} />
      </div>
      <table className="guess-counts" aria-label={`${label}: attempts by outcome`}>
        <tbody>
          {OUTCOMES.map((o) => (
            <tr key={o} className={`guess-outcome-${o}`}>
              <th scope="row">
                <span className="swatch" aria-hidden="true" />
                {OUTCOME_LABELS[o]}
              </th>
              <td>{counts[o]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
