// The LabApi call of the composer's "Copy as": the request as code for curl, HTTPie, Python requests,
// JavaScript fetch or PowerShell. The generator runs in the lab (src/lab/snippets.ts needs Node's `url`).
// The request schema is lab-api's `runnerRequestSchema`, handed in by lab-api.ts, so this file does not
// import lab-api.ts (no import cycle).
import { z } from 'zod'

export const SNIPPET_LANGUAGE_LABELS = {
  curl: 'curl',
  httpie: 'HTTPie',
  python: 'Python requests',
  javascript: 'JavaScript fetch',
  powershell: 'PowerShell',
} as const
export type SnippetLanguageName = keyof typeof SNIPPET_LANGUAGE_LABELS
export const SNIPPET_LANGUAGE_NAMES = Object.keys(SNIPPET_LANGUAGE_LABELS) as [
  SnippetLanguageName,
  ...SnippetLanguageName[],
]

export const snippetsApiInputs = <R extends z.ZodType>(request: R) =>
  ({
    'snippets.render': z
      .object({
        request,
        language: z.enum(SNIPPET_LANGUAGE_NAMES),
        /** The real secret, password and tokens instead of placeholders (`$PASSWORD`, …). */
        includeSecrets: z.boolean().default(false),
      })
      .strict(),
  }) as const

export interface SnippetsApiOutputs {
  'snippets.render': { text: string }
}
