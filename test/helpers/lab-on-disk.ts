// A real lab over a real SQLite file in a fresh temp dir, with the workspace a test gives, its token
// server on 127.0.0.1:0, and the LabApi called as every bridge calls it (invokeLab: zod-validated).
// One bcrypt thread: the tests share 2 cores.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { createLab } from '../../src/lab/create-lab'
import { invokeLab } from '../../src/lab/dispatch'
import type { Lab } from '../../src/lab/lab-types'
import type { LabInput, LabMethod, LabOutput } from '../../src/shared/lab-api'

export interface DiskLab {
  lab: Lab
  dir: string
  dbPath: string
  /** The embedded server's base URL; '' when started with `listen: false`. */
  baseUrl: string
  call<M extends LabMethod>(method: M, input: LabInput<M>): Promise<LabOutput<M>>
  /** Closes the lab and removes its temp dir. */
  close(): Promise<void>
}

export interface DiskLabOptions {
  /** The temp dir's name prefix, so a left-over dir says which test made it. */
  prefix?: string
  /** false: the lab is created but its token server is not started. Default true. */
  listen?: boolean
}

export async function startDiskLab(workspace: unknown, options: DiskLabOptions = {}): Promise<DiskLab> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'ropc-lab-'))
  const dbPath = join(dir, 'lab.db')
  let lab: Lab
  try {
    lab = await createLab({ dbPath, hashThreads: 1, workspace })
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const close = async () => {
    await lab.close()
    rmSync(dir, { recursive: true, force: true })
  }
  let baseUrl = ''
  if (options.listen ?? true) {
    try {
      baseUrl = (await lab.start({ port: 0 })).baseUrl ?? ''
      if (!baseUrl) throw new Error('the lab started without a base URL')
    } catch (err) {
      await close()
      throw err
    }
  }
  return { lab, dir, dbPath, baseUrl, call: (method, input) => invokeLab(lab.handlers, method, input), close }
}

/**
 * The same lab for a whole test file: started in beforeAll, closed (its dir removed) in afterAll.
 * Its fields are read inside tests and hooks, once it has started.
 */
export function useDiskLab(workspace: unknown, options: DiskLabOptions = {}): DiskLab {
  let started: DiskLab | undefined
  const the = (): DiskLab => {
    if (!started) throw new Error('the lab is started in beforeAll: read it inside a test or a hook')
    return started
  }
  beforeAll(async () => {
    started = await startDiskLab(workspace, options)
  }, 60_000)
  afterAll(async () => {
    await started?.close()
  })
  return {
    get lab() {
      return the().lab
    },
    get dir() {
      return the().dir
    },
    get dbPath() {
      return the().dbPath
    },
    get baseUrl() {
      return the().baseUrl
    },
    call: (method, input) => the().call(method, input),
    close: () => the().close(),
  }
}
