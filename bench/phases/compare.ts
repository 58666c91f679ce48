// bcryptjs compare time, measured directly on this thread with nothing else of ours running: the denominator of the
// password grants' limit (`cores ÷ compare time`). Timed once before the lab starts and again right after the
// password-grant phase; the limit uses every sample (a VM's speed drifts).
import { compareSync } from 'bcryptjs'
import { performance } from 'node:perf_hooks'
import { PASSWORD } from '../config'
import { cpuMeter } from '../cpu'
import { median } from '../stats'

export interface CompareTiming {
  /** Median of every sample, in ms. */
  compareMs: number
  samples: number
  /** Median of each batch, in the order taken. */
  batchMedians: number[]
  /** Others' share of the host CPU during each batch. */
  othersCpu: Array<number | null>
}

export class CompareTimer {
  private readonly samples: number[] = []
  private readonly batchMedians: number[] = []
  private readonly othersCpu: Array<number | null> = []

  constructor(
    private readonly passwordHash: string,
    private readonly runs: number,
  ) {
    compareSync(PASSWORD, passwordHash) // warm-up (JIT)
  }

  /** One batch of `runs` compares. */
  timeBatch(): void {
    const meter = cpuMeter([process.pid])
    const batch: number[] = []
    for (let i = 0; i < this.runs; i++) {
      const t0 = performance.now()
      if (!compareSync(PASSWORD, this.passwordHash)) throw new Error('bcryptjs compare failed')
      batch.push(performance.now() - t0)
    }
    this.samples.push(...batch)
    this.batchMedians.push(median(batch))
    this.othersCpu.push(meter()?.others ?? null)
  }

  result(): CompareTiming {
    return {
      compareMs: median(this.samples),
      samples: this.samples.length,
      batchMedians: [...this.batchMedians],
      othersCpu: [...this.othersCpu],
    }
  }
}
