// What the host's CPU did while something was measured (Linux /proc; null elsewhere).
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'

export interface CpuUse {
  /** Share of the whole host's CPU used by processes other than the ones watched, 0..1. */
  others: number
  /** CPU each watched process used, in cores (1 = one core busy the whole time), in the order given. */
  cores: number[]
}

interface Snapshot {
  total: number
  busy: number
  own: number[]
}

function snapshot(pids: Array<number | undefined>): Snapshot | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number)
    const total = cpu.reduce((a, b) => a + b, 0)
    const idle = cpu[3]! + cpu[4]!
    const own = pids.map((pid) => {
      if (pid === undefined) return 0
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return Number(fields[11]) + Number(fields[12]) // utime + stime of all threads, in the ticks of /proc/stat
    })
    return { total, busy: total - idle, own }
  } catch {
    return null
  }
}

/**
 * Starts watching; the function returned tells what happened since. "Others" is what went to processes other than
 * `pids` (this bench and the servers it loads) — on a shared machine, how far the figures can be trusted.
 */
export function cpuMeter(pids: Array<number | undefined>): () => CpuUse | null {
  const before = snapshot(pids)
  return () => {
    const after = snapshot(pids)
    if (!before || !after || after.total === before.total) return null
    const elapsed = after.total - before.total
    const ownDeltas = after.own.map((t, i) => t - (before.own[i] ?? 0))
    const others = after.busy - before.busy - ownDeltas.reduce((x, y) => x + y, 0)
    const cores = availableParallelism()
    return { others: Math.max(0, others / elapsed), cores: ownDeltas.map((d) => (d * cores) / elapsed) }
  }
}
