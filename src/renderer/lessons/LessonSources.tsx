import type { LessonSource } from './why-caution'

/** The sources a step rests on, each with the words it says. */
export function LessonSources({ sources }: { sources: readonly LessonSource[] }) {
  return (
    <ul className="lesson-sources" aria-label="Sources">
      {sources.map((s) => (
        <li key={`${s.label}-${s.says}`}>
          <a href={s.href} target="_blank" rel="noreferrer noopener" className="rfc">
            {s.label}
          </a>{' '}
          <q>{s.says}</q>
        </li>
      ))}
    </ul>
  )
}
