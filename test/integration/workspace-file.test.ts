// The workspace file on disk, with real files in a temp folder: what the CLI and the desktop
// app's File menu read (BOM, size cap, errors that name the file) and write (0600, atomic).
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  MAX_WORKSPACE_FILE_BYTES,
  WorkspaceFileError,
  formatWorkspaceFile,
  readWorkspaceFile,
  writeWorkspaceFile,
} from '../../src/lab/workspace-file'
import { LabError } from '../../src/shared/lab-api'

const WORKSPACE = { version: 1, scopes: [{ name: 'read', description: 'Lire', default: false }] }
const posix = process.platform !== 'win32'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ropc-wsfile-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The error readWorkspaceFile / writeWorkspaceFile threw, checked to be a WorkspaceFileError. */
async function failure(promise: Promise<unknown>): Promise<WorkspaceFileError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(WorkspaceFileError)
  return err as WorkspaceFileError
}

describe('readWorkspaceFile', () => {
  it('parses a UTF-8 file, with or without the BOM Windows editors write', async () => {
    const plain = join(dir, 'plain.json')
    const withBom = join(dir, 'bom.json')
    await writeFile(plain, JSON.stringify(WORKSPACE), 'utf8')
    await writeFile(withBom, '\uFEFF' + JSON.stringify(WORKSPACE), 'utf8')
    expect((await readFile(withBom)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(await readWorkspaceFile(plain)).toEqual(WORKSPACE)
    expect(await readWorkspaceFile(withBom)).toEqual(WORKSPACE)
  })

  it('says a missing file is not found, naming it (a LabError of kind not_found)', async () => {
    const path = join(dir, 'nope.json')
    const err = await failure(readWorkspaceFile(path))
    expect(err.problem).toBe('not_found')
    expect(err.path).toBe(path)
    expect(err.message).toBe(`workspace file not found: ${path}`)
    expect(err).toBeInstanceOf(LabError)
    expect(err.kind).toBe('not_found')
  })

  it('names the file and the parser error for bad JSON', async () => {
    const path = join(dir, 'bad.json')
    await writeFile(path, '{ "version": 1, nope }')
    const err = await failure(readWorkspaceFile(path))
    expect(err.problem).toBe('not_json')
    expect(err.message).toMatch(new RegExp(`^${escape(path)} is not valid JSON: .+`))
    expect(err.kind).toBe('validation')
  })

  it('refuses a file over the 10 MiB cap without reading it', async () => {
    const path = join(dir, 'huge.json')
    await writeFile(path, '')
    await truncate(path, MAX_WORKSPACE_FILE_BYTES + 1)
    const err = await failure(readWorkspaceFile(path))
    expect(err.problem).toBe('too_large')
    expect(err.message).toBe(`${path} is larger than 10 MiB: not a workspace file`)
  })

  it.skipIf(!posix)(
    'stops at the cap on a stream of unknown size (a device or a pipe, as /dev/stdin can be)',
    async () => {
      // /dev/zero says size 0 and never ends: only the running count can stop it.
      const err = await failure(readWorkspaceFile('/dev/zero'))
      expect(err.problem).toBe('too_large')
    },
  )

  it('reads a file of exactly the cap', async () => {
    const path = join(dir, 'at-cap.json')
    const text = JSON.stringify(WORKSPACE)
    await writeFile(path, text + ' '.repeat(MAX_WORKSPACE_FILE_BYTES - text.length))
    expect(await readWorkspaceFile(path)).toEqual(WORKSPACE)
  })

  it('refuses bytes that are not UTF-8 (a UTF-16 file) instead of reading replacement characters', async () => {
    const path = join(dir, 'utf16.json')
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(WORKSPACE), 'utf16le')]))
    const err = await failure(readWorkspaceFile(path))
    expect(err.problem).toBe('not_utf8')
    expect(err.message).toContain(path)
  })

  it('refuses a folder, naming it', async () => {
    const path = join(dir, 'a-folder')
    await mkdir(path)
    const err = await failure(readWorkspaceFile(path))
    expect(err.problem).toBe('unreadable')
    expect(err.message).toContain(path)
  })
})

describe('writeWorkspaceFile', () => {
  it('writes two-space JSON with a final newline that reads back the same', async () => {
    const path = join(dir, 'out.json')
    await writeWorkspaceFile(path, WORKSPACE)
    expect(await readFile(path, 'utf8')).toBe(JSON.stringify(WORKSPACE, null, 2) + '\n')
    expect(formatWorkspaceFile(WORKSPACE)).toBe(await readFile(path, 'utf8'))
    expect(await readWorkspaceFile(path)).toEqual(WORKSPACE)
  })

  it.skipIf(!posix)('gives the written file mode 0600 (it holds the bcrypt hashes of every secret)', async () => {
    const path = join(dir, 'private.json')
    await writeWorkspaceFile(path, WORKSPACE)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('replaces an existing file by a rename: a new file (new inode, mode 0600), no temp file left', async () => {
    const folder = await mkdtemp(join(dir, 'replace-'))
    const path = join(folder, 'workspace.json')
    await writeFile(path, '{"old": true}', { mode: 0o644 })
    const before = await stat(path)
    await writeWorkspaceFile(path, WORKSPACE)
    const after = await stat(path)
    expect(await readWorkspaceFile(path)).toEqual(WORKSPACE)
    // Rewriting in place would keep the inode; the rename brings the temp file's.
    if (posix) {
      expect(after.ino).not.toBe(before.ino)
      expect(after.mode & 0o777).toBe(0o600)
    }
    expect(await readdir(folder)).toEqual(['workspace.json'])
  })

  it('on a failed write leaves what was there untouched and no temp file behind', async () => {
    const folder = await mkdtemp(join(dir, 'fail-'))
    // A non-empty folder where the file should go: the temp file is written, the rename fails.
    const path = join(folder, 'workspace.json')
    await mkdir(path)
    await writeFile(join(path, 'keep.txt'), 'kept')
    const err = await failure(writeWorkspaceFile(path, WORKSPACE))
    expect(err.problem).toBe('unwritable')
    expect(err.message).toMatch(new RegExp(`^cannot write ${escape(path)}: `))
    expect(await readFile(join(path, 'keep.txt'), 'utf8')).toBe('kept')
    expect(await readdir(folder)).toEqual(['workspace.json'])
  })

  it('names the file when its folder does not exist', async () => {
    const path = join(dir, 'missing-folder', 'workspace.json')
    const err = await failure(writeWorkspaceFile(path, WORKSPACE))
    expect(err.message).toBe(`cannot write ${path}: no such folder`)
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
