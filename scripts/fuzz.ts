// `npm run fuzz` (tsx scripts/fuzz.ts [--requests N] [--seconds S] [--seed N]): random and mutated token,
// introspection, revocation, authorization (GET) and authorization challenge requests against a real lab and through its recording proxy (scripts/fuzz/).
// Prints requests tried and failures; exits 1 on any failure.
import { runFuzz } from './fuzz/run-fuzz'

const USAGE = 'usage: tsx scripts/fuzz.ts [--requests N (100000)] [--seconds S (900)] [--seed N (random)]'

function parse(argv: string[]): { requests: number; seconds: number; seed: number } {
  const options = { requests: 100_000, seconds: 900, seed: Math.floor(Math.random() * 2 ** 31) }
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '')
    const value = Number(argv[i + 1])
    if (!(name === 'requests' || name === 'seconds' || name === 'seed') || !Number.isInteger(value) || value < 0) {
      throw new Error(`${argv[i]} ${argv[i + 1] ?? ''}: not understood\n${USAGE}`)
    }
    options[name] = value
  }
  return options
}

try {
  const options = parse(process.argv.slice(2))
  console.log(`fuzzing: up to ${options.requests} requests in ${options.seconds} s, seed ${options.seed}`)
  let last = 0
  const result = await runFuzz({
    ...options,
    onFailure: (line) => console.log(`FAILURE ${line}`),
    log: (line) => {
      if (Date.now() - last > 5000) {
        last = Date.now()
        console.log(line)
      }
    },
  })
  console.log(`requests tried: ${result.tried} in ${result.seconds.toFixed(1)} s`)
  console.log(`answers by status: ${JSON.stringify(result.statuses)}`)
  for (const [name, statuses] of Object.entries(result.byGenerator))
    console.log(`  ${name}: ${JSON.stringify(statuses)}`)
  console.log(`failures: ${result.failureCount}`)
  process.exitCode = result.failureCount > 0 ? 1 : 0
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err))
  process.exitCode = 2
}
