import { readFileSync } from 'node:fs'

/** Reads a workspace file as JSON, with one clear line on failure (not a stack trace). */
export function readWorkspaceFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new CliError(code === 'ENOENT' ? `workspace file not found: ${path}` : `cannot read ${path}: ${code ?? err}`)
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** An error the CLI prints as is (one line or a list), exiting non-zero. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'CliError'
  }
}
