// `npm run electronegativity` (part of `npm test`): @doyensec/electronegativity over the desktop shell's sources
// (src/main, src/preload, and the renderer's HTML), offline. The checks that are not run, and the findings accepted
// with their reason, are in electronegativity.json (one line each); any other finding of medium severity or above
// fails the run.
//
// Three adaptations, all here so the tool itself stays as published:
// - AvailableSecurityFixesGlobalCheck (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) downloads release data from the internet: it is excluded (in the config).
// - Its start fetches translations from GitHub (with `got`): it is handed a `got` that answers 404 at once, so the
//   English texts it ships with are used and nothing leaves the machine.
// - Its TypeScript parser (@typescript-eslint/typescript-estree, hoisted) would load the project's TypeScript 7,
//   which has no JavaScript API; it is pointed at the TypeScript the tool ships with.
import Module from 'node:module'
import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = Module.createRequire(import.meta.url)
// Real path: node_modules may be a symbolic link, and modules are known by their real file names.
const toolDir = realpathSync(dirname(require.resolve('@doyensec/electronegativity/package.json')))
const bundledTypescript = require.resolve('typescript', { paths: [toolDir] })
// Node's loader hooks for CommonJS, named by variables: they are internal names, used only in this script.
const RESOLVE = '_resolveFilename'
const LOAD = '_load'
const resolve = Module[RESOLVE]
Module[RESOLVE] = function (request, parent, ...rest) {
  if (request === 'typescript' && parent?.filename?.includes('@typescript-eslint')) return bundledTypescript
  return resolve.call(this, request, parent, ...rest)
}

const load = Module[LOAD]
const offlineGot = () => Promise.resolve({ statusCode: 404, body: '' })
Module[LOAD] = function (request, parent, ...rest) {
  if (request === 'got' && parent?.filename?.startsWith(toolDir)) return offlineGot
  return load.call(this, request, parent, ...rest)
}

const config = JSON.parse(readFileSync(join(root, 'electronegativity.json'), 'utf8'))
const run = require('@doyensec/electronegativity')
const electronVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron
const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH']
const atLeastMedium = (f) => SEVERITIES.indexOf(f.severity.name) >= SEVERITIES.indexOf('MEDIUM')
const keyOf = (f) => `${f.id} ${relative(root, f.file)}`

let failed = 0
const used = new Set()
for (const input of config.inputs) {
  const result = await run({
    input: join(root, input),
    excludeFromScan: config.exclude,
    electronVersionOverride: electronVersion,
    isRelative: false,
  })
  // `errors` are files it could not parse: a file it did not read was not checked.
  for (const e of result.errors) {
    failed++
    console.log(`NOT READ  ${relative(root, e.file)}: ${e.message ?? JSON.stringify(e)}`)
  }
  const serious = result.issues.filter(atLeastMedium)
  console.log(`${input}: ${result.issues.length} finding(s), ${serious.length} of medium severity or above`)
  for (const f of serious) {
    const accepted = config.accepted[keyOf(f)]
    if (accepted) used.add(keyOf(f))
    const where = `${relative(root, f.file)}:${f.location?.line ?? '?'}`
    if (accepted) console.log(`accepted  ${f.severity.name} ${f.id} ${where}: ${accepted}`)
    else {
      failed++
      console.log(`FINDING   ${f.severity.name} ${f.id} ${where}: ${f.description} (${f.shortenedURL})`)
    }
  }
}
// An explanation for a finding that no longer exists would excuse the next one of the same kind: drop it.
for (const key of Object.keys(config.accepted).filter((k) => !used.has(k))) {
  failed++
  console.log(`STALE     "${key}" is accepted in electronegativity.json but was not found: remove it`)
}
console.log(
  failed ? `electronegativity: ${failed} finding(s) to fix or explain` : 'electronegativity: no open findings',
)
process.exitCode = failed ? 1 : 0
