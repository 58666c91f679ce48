#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run; elsewhere the same UI in the browser
// (`ropc-lab serve --ui`), after one line that says why. Builds out/ first when it is missing.
// Never triggers Electron's binary download: node_modules/electron/index.js would, so the
// binary's path is read from path.txt and checked here instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const extraArgs = process.argv.slice(2)

const BUILD_OUTPUTS = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html']

/** The Electron binary, or the reason it cannot start. */
export function findElectron(dir = root, env = process.env, platform = process.platform) {
  const pkg = join(dir, 'node_modules', 'electron')
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' }
  let binary
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, platform === 'win32' ? 'electron.exe' : 'electron')
  } else {
    const pathFile = join(pkg, 'path.txt')
    if (!existsSync(pathFile)) {
      return { reason: `its binary is not installed: ${relative(dir, pathFile)} is missing` }
    }
    binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  }
  if (!existsSync(binary))
    return { reason: `its binary is not installed: ${relative(dir, binary) || binary} is missing` }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display: neither DISPLAY nor WAYLAND_DISPLAY is set' }
  }
  return { binary }
}

function ensureBuilt() {
  const missing = BUILD_OUTPUTS.filter((f) => !existsSync(join(root, f)))
  if (missing.length === 0) return
  console.log(`Building first (${missing.join(', ')} missing)…`)
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const result = existsSync(cli)
    ? spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) {
    console.error('The build failed; see above.')
    process.exit(result.status ?? 1)
  }
}

/** Runs the child in the foreground: signals forwarded, its exit code (or signal) becomes ours. */
function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  const forward = (signal) => {
    // Ctrl+C in a terminal already reaches the whole foreground process group, child included;
    // a second SIGINT would cut its clean shutdown short. Only forward what the child cannot
    // have seen: SIGINT without a terminal (a supervisor's kill), and SIGTERM/SIGHUP always.
    if (signal === 'SIGINT' && process.stdin.isTTY) return
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  }
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP']
  for (const s of signals) process.on(s, forward)
  child.on('error', (err) => {
    console.error(`Could not start ${command}: ${err.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward)
    if (signal) {
      // Die of the same signal, so whoever started `npm start` sees what happened.
      process.kill(process.pid, signal)
      return
    }
    process.exit(code ?? 1)
  })
}

function main() {
  ensureBuilt()
  const electron = findElectron()
  if (electron.binary) {
    // The built app, not `electron-vite preview` (which would build again).
    run(electron.binary, ['.', ...extraArgs])
    return
  }
  console.log(`Electron cannot start here (${electron.reason}); serving the same UI in your browser instead.`)
  run(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', '--ui', ...extraArgs])
}

// Importable (tests call findElectron) without starting anything.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main()
