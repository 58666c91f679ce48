// Starts each real server of the matrix on 127.0.0.1 port 0 and stops it: the Python ones as child
// processes of $PYTHON (default /usr/bin/python3) that print `listening on <url>`, the npm one in
// this process. Says why a server cannot run (a missing Debian package) instead of failing obscurely.
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startNodeOAuthServer, type RunningServer } from './node-oauth-server'
import accounts from './accounts.json'

export { accounts }
export type { RunningServer }

export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3'
const START_TIMEOUT_MS = 45_000

export interface MatrixServer {
  /** stable id, used in file names (expected-<id>.json) and test titles */
  id: 'oauthlib' | 'authlib' | 'node-oauth' | 'django-oauth-toolkit'
  title: string
  /** null when the server can run here, else why not */
  unavailable(): string | null
  start(): Promise<RunningServer>
  /** what `ropc-lab test --target` is given: the base URL (RFC 8414 metadata) or the token endpoint */
  target(baseUrl: string): string
  /** endpoints RFC 8414 metadata would name, for a server that serves none */
  endpoints?(baseUrl: string): { introspection?: string; revocation?: string }
  /** whether it serves a public client (--auth none) */
  publicClient: boolean
}

function pythonUnavailable(modules: string[], packages: string): string | null {
  const probe = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], {
    encoding: 'utf8',
    timeout: START_TIMEOUT_MS,
  })
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').pop() ?? ''
    return `${PYTHON} cannot import ${modules.join(', ')} (${last}); .ci/run installs ${packages} (or set $PYTHON)`
  }
  return null
}

/** Runs a fixture script and resolves once it prints its URL; stop() sends SIGTERM and waits for the exit. */
export function startPython(script: string): Promise<RunningServer> {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' }
  const child = spawn(PYTHON, [path], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${script} printed no URL in ${START_TIMEOUT_MS} ms:\n${out}`))
    }, START_TIMEOUT_MS)
    const onData = (d: Buffer) => {
      // Bounded: only the start-up lines are kept.
      if (out.length < 16_384) out += d.toString()
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        // From here on the output is drained, not kept: a server's messages may carry secrets.
        child.stdout.off('data', onData)
        child.stderr.off('data', onErr)
        child.stdout.resume()
        child.stderr.resume()
        resolve({ baseUrl: m[1]!, stop })
      }
    }
    const onErr = (d: Buffer) => {
      if (out.length < 16_384) out += d.toString()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onErr)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited (${code}) before listening:\n${out}`))
    })
  })
}

/**
 * What the pack is told beyond the target: the endpoints a server without RFC 8414 metadata has, and
 * (in the Basic run only, the one whose timing is least blurred by the others) the sacrificial timing user.
 */
export function packExtraArgs(server: MatrixServer, baseUrl: string, auth: 'basic' | 'post' | 'none'): string[] {
  const endpoints = server.endpoints?.(baseUrl) ?? {}
  return [
    ...(endpoints.introspection ? ['--introspection-endpoint', endpoints.introspection] : []),
    ...(endpoints.revocation ? ['--revocation-endpoint', endpoints.revocation] : []),
    ...(auth === 'basic'
      ? ['--timing-user', accounts.timingUser.username, '--timing-password', accounts.timingUser.password]
      : []),
  ]
}

export const MATRIX: MatrixServer[] = [
  {
    id: 'oauthlib',
    title: "Python oauthlib's LegacyApplicationServer (Debian python3-oauthlib)",
    unavailable: () => pythonUnavailable(['oauthlib.oauth2'], 'python3-oauthlib'),
    start: () => startPython('./oauthlib_server.py'),
    target: (baseUrl) => baseUrl,
    publicClient: true,
  },
  {
    id: 'authlib',
    title: "Authlib's Flask authorization server (Debian python3-authlib, python3-flask)",
    unavailable: () =>
      pythonUnavailable(['authlib.integrations.flask_oauth2', 'flask'], 'python3-authlib python3-flask'),
    start: () => startPython('./authlib_server.py'),
    target: (baseUrl) => baseUrl,
    publicClient: true,
  },
  {
    id: 'node-oauth',
    title: '@node-oauth/oauth2-server 5 through @node-oauth/express-oauth-server on express 5 (npm)',
    unavailable: () => null,
    start: () => startNodeOAuthServer(),
    // No RFC 8414 metadata: the pack is pointed at the token endpoint itself.
    target: (baseUrl) => `${baseUrl}/oauth/token`,
    publicClient: true,
  },
  {
    id: 'django-oauth-toolkit',
    title: 'Django OAuth Toolkit 1.7 on Django 3.2 (Debian python3-django-oauth-toolkit)',
    unavailable: () => pythonUnavailable(['django', 'oauth2_provider'], 'python3-django-oauth-toolkit'),
    start: () => startPython('./django_oauth_toolkit_server.py'),
    // No RFC 8414 metadata: the token endpoint, and the other two named by flag.
    target: (baseUrl) => `${baseUrl}/o/token/`,
    endpoints: (baseUrl) => ({ introspection: `${baseUrl}/o/introspect/`, revocation: `${baseUrl}/o/revoke_token/` }),
    publicClient: true,
  },
]
