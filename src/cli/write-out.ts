// Every file the CLI writes (history, test reports) goes through writePrivateFile: whole or not at
// all (a half-written file would be read as the result) and owner-only (0600), since it names the
// lab's clients and users.
import { writePrivateFile } from '../lab/workspace-file'
import { CliError } from './cli-error'

export async function writeOut(path: string, text: string, exitCode = 1): Promise<void> {
  try {
    await writePrivateFile(path, text)
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), exitCode)
  }
}
