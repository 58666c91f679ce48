import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'

export interface GetSamples {
  /** Latencies of the 200 answers, in ms. */
  latencies: number[]
  failures: number
}

/** GETs `url` every `intervalMs` (open loop: a slow answer does not delay the next GET) until `until` settles. */
export async function sampleGets(url: string, intervalMs: number, until: Promise<unknown>): Promise<GetSamples> {
  const agent = new Agent({ keepAlive: true })
  const latencies: number[] = []
  let failures = 0
  const inFlight = new Set<Promise<void>>()
  const once = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const t0 = performance.now()
      const req = request(url, { agent }, (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0)
          else failures++
          resolve()
        })
      })
      req.on('error', () => {
        failures++
        resolve()
      })
      req.end()
    })
  const timer = setInterval(() => {
    const p = once()
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p))
  }, intervalMs)
  await until.catch(() => undefined)
  clearInterval(timer)
  await Promise.all(inFlight)
  agent.destroy()
  return { latencies, failures }
}
