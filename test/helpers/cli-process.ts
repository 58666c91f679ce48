// Runs the built CLI (out/main/cli.js, what `npx ropc-lab` runs) as a real child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const CLI_PATH = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url))
export const DEMO_WORKSPACE_PATH = fileURLToPath(new URL('../../resources/demo-workspace.json', import.meta.url))

export function assertCliBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run "npm run build" (npm install does it)`)
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export interface ServingCli {
  child: ChildProcessWithoutNullStreams
  baseUrl: string
  uiUrl: string | null
  output: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `ropc-lab serve …` and resolves once it prints `listening on <url>` (and the UI URL with --ui). */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServingCli> {
  return startListening('serve', args, env)
}

/** Starts a long-running command (`serve`, `proxy`) and resolves once it prints `listening on <url>`. */
export function startListening(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServingCli> {
  const child = spawn(process.execPath, [CLI_PATH, command, ...args], { env: { ...process.env, ...env } })
  let out = ''
  const wantsUi = args.includes('--ui')
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start in 30 s:\n${out}`)), 30_000)
    const onData = (d: Buffer) => {
      out += d.toString()
      const listening = /listening on (https?:\/\/\S+)/.exec(out)
      const ui = /UI: (http:\/\/\S+)/.exec(out)
      if (listening && (!wantsUi || ui)) {
        clearTimeout(timer)
        resolve({
          child,
          baseUrl: listening[1]!,
          uiUrl: ui?.[1] ?? null,
          output: () => out,
          stop: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode)
              child.once('close', (code) => done(code))
              child.kill(signal)
            }),
        })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('close', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited with ${code}:\n${out}`))
    })
  })
}
