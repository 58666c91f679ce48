import type { ImportProgress } from '../lab/workspace-io'

/** Hashing progress on stderr for large imports (bcrypt is the slow part). */
export function hashingProgress(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  let lastShown = 0
  return (done, total) => {
    if (total < 20) return
    const pct = Math.floor((done / total) * 100)
    if (pct >= lastShown + 10 || done === total) {
      lastShown = pct
      stream.write(`hashing secrets and passwords: ${done}/${total} (${pct}%)\n`)
    }
  }
}
