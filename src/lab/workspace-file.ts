// The workspace file on disk (workspace-format.md: JSON, UTF-8), read and written here for the
// CLI (`serve --workspace`, `import`, `export --out`) and the desktop app's File menu alike.
// Reading stops at a size cap and names the file in every error; validation of the content is
// validateWorkspace's job (workspace-io.ts). Writing is atomic and private: an export holds
// bcrypt hashes of every secret and password, so it gets mode 0600, and a crash or a full disk
// leaves the previous file (or none), never half of a new one.
import { randomBytes } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { LabError } from '../shared/lab-api'
import { MAX_WORKSPACE_FILE_BYTES } from '../shared/limits'
export { MAX_WORKSPACE_FILE_BYTES }

export type WorkspaceFileProblem = 'not_found' | 'unreadable' | 'too_large' | 'not_utf8' | 'not_json' | 'unwritable'

/** A workspace file that could not be read or written. The message names the file and says why, in one line. */
export class WorkspaceFileError extends LabError {
  constructor(
    readonly problem: WorkspaceFileProblem,
    readonly path: string,
    message: string,
  ) {
    super(problem === 'not_found' ? 'not_found' : 'validation', message)
    this.name = 'WorkspaceFileError'
  }
}

/** The parsed JSON of a workspace file (not yet validated). Throws WorkspaceFileError. */
export async function readWorkspaceFile(path: string): Promise<unknown> {
  const bytes = await readCapped(path)
  let text: string
  try {
    // TextDecoder drops a leading BOM (Windows editors write one) and, fatal, refuses bytes that
    // are not UTF-8 instead of turning them into U+FFFD inside a secret or a password.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new WorkspaceFileError('not_utf8', path, `${path} is not UTF-8 text (a workspace file is UTF-8 JSON)`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new WorkspaceFileError('not_json', path, `${path} is not valid JSON: ${reason(err)}`)
  }
}

/** The text of a workspace file: two-space JSON and a final newline (what `export` prints too). */
export function formatWorkspaceFile(workspace: unknown): string {
  return JSON.stringify(workspace, null, 2) + '\n'
}

/** Writes `workspace` to `path` as writePrivateFile does (mode 0600, atomic). Throws WorkspaceFileError. */
export async function writeWorkspaceFile(path: string, workspace: unknown): Promise<void> {
  await writePrivateFile(path, formatWorkspaceFile(workspace))
}

/**
 * Writes `text` to `path` with mode 0600, atomically: into a new temp file in the same folder (so
 * the rename never crosses file systems), flushed to disk, then renamed over `path`. For any file
 * the lab writes that names its clients and users (a workspace export, a report). Throws
 * WorkspaceFileError (`unwritable`); the temp file never survives a failure.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const folder = dirname(resolve(path))
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  let handle: FileHandle | undefined
  try {
    // 'wx': a fresh file or an error, never through a file or link someone placed there.
    handle = await open(temp, 'wx', 0o600)
    // The mode given to open() is reduced by the umask; this makes it exactly 0600.
    await handle.chmod(0o600)
    await handle.writeFile(text, 'utf8')
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(temp, path)
  } catch (err) {
    await handle?.close().catch(() => {})
    await rm(temp, { force: true }).catch(() => {})
    throw new WorkspaceFileError('unwritable', path, `cannot write ${path}: ${reason(err)}`)
  }
  await syncFolder(folder)
}

/** The whole file, refused once it passes the cap (also for pipes such as /dev/stdin, whose size is unknown). */
async function readCapped(path: string): Promise<Buffer> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new WorkspaceFileError('not_found', path, `workspace file not found: ${path}`)
    throw new WorkspaceFileError('unreadable', path, `cannot read ${path}: ${reason(err)}`)
  }
  const tooLarge = () =>
    new WorkspaceFileError(
      'too_large',
      path,
      `${path} is larger than ${MAX_WORKSPACE_FILE_BYTES / 1024 / 1024} MiB: not a workspace file`,
    )
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw new WorkspaceFileError('unreadable', path, `${path} is a folder, not a file`)
    if (info.size > MAX_WORKSPACE_FILE_BYTES) throw tooLarge()
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024)
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > MAX_WORKSPACE_FILE_BYTES) throw tooLarge()
      chunks.push(chunk.subarray(0, bytesRead))
    }
    return Buffer.concat(chunks, total)
  } catch (err) {
    if (err instanceof WorkspaceFileError) throw err
    throw new WorkspaceFileError('unreadable', path, `cannot read ${path}: ${reason(err)}`)
  } finally {
    await handle.close().catch(() => {})
  }
}

/** Makes the rename itself durable where the platform allows it (a folder cannot be opened on Windows). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined)
  if (!handle) return
  await handle.sync().catch(() => {})
  await handle.close().catch(() => {})
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ENOENT') return 'no such folder'
  if (code === 'EISDIR') return 'it is a folder'
  if (code === 'ENOSPC') return 'no space left on the disk'
  return err instanceof Error ? err.message : String(err)
}
