// A burst of requests that each must pay one bcrypt compare (wrong client secrets, unknown clients,
// unknown users) against the real worker pool, over real HTTP. Without a bound every compare queued:
// 2,000 of them at cost 10 on two threads are a minute of work, and a valid request sent into the
// burst waited behind all of it. The queue holds HASH_QUEUE_LIMIT compares; beyond that the request
// is answered at once with 503 and Retry-After (RFC 9110 §15.6.4), counts no lockout attempt, and
// the endpoint serves valid requests as soon as the burst has drained.
import http from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { HASH_BUSY_RETRY_AFTER_S, HASH_QUEUE_LIMIT } from '../../../src/shared/limits'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, form, type Harness, startHarness } from '../../helpers/token-server-harness'

const BURST = 2000
// Unknown clients pay a dummy compare at the cost of the stored secrets: made at cost 8 below, ~15 ms
// each, so the burst arrives faster than two threads can compare it.
const COST = 8
const THREADS = 2
const AUTH = basic('legacy', 'legacy-secret')

let h: Harness
let compared = 0
let inFlight = 0
let maxInFlight = 0

beforeAll(async () => {
  h = await startHarness({ bcryptCost: COST, lockout: { enabled: true, maxFailures: 5, lockSeconds: 300 } })
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  h.store.clients.setSecretHash('legacy', await h.pool.hash('legacy-secret', COST))
  await h.addUser({ username: 'target', password: 'the-right-password' })
  // The cost-10 dummy is made once; warm it and the client's secret cache before the burst.
  expect((await h.token({ grant_type: 'password', username: 'nobody', password: 'x' }, AUTH)).status).toBe(400)
  // Count the compares the pool accepts (the server holds this very pool object).
  const compare = h.pool.compare.bind(h.pool)
  h.pool.compare = async (plaintext, hash) => {
    if (h.pool.saturated()) return compare(plaintext, hash)
    compared++
    maxInFlight = Math.max(maxInFlight, ++inFlight)
    try {
      return await compare(plaintext, hash)
    } finally {
      inFlight--
    }
  }
})
afterAll(async () => {
  await h.close()
})

interface Answer {
  status: number
  retryAfter: string | undefined
  cacheControl: string | undefined
  body: string
}

/** Status 0: the connection was reset before any answer (see below). */
const RESET = 0

/**
 * One request on its own connection. The server shares this process and its two loaded cores with
 * the 2,000 clients: a connection it cannot even read within HEADERS_TIMEOUT_MS (10 s) is closed by
 * its slow-client limit, unread, which the kernel turns into a reset. Such a request got no answer
 * at all; it is counted as RESET, never as an answer.
 */
function send(body: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(ENDPOINT_PATHS.token, h.baseUrl),
      {
        method: 'POST',
        agent: false,
        headers: {
          ...headers,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            cacheControl: res.headers['cache-control'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET') reject(err)
      else resolve({ status: RESET, retryAfter: undefined, cacheControl: undefined, body: '' })
    })
    req.end(body)
  })
}

const wrongSecret = (i: number) =>
  send(form({ grant_type: 'password', username: 'target', password: 'x' }), basic(`unknown-${i}`, `guess-${i}`))
const wrongPassword = (i: number) =>
  send(form({ grant_type: 'password', username: 'target', password: `guess-${i}` }), AUTH)

it(
  `${BURST} concurrent wrong client secrets: at most HASH_QUEUE_LIMIT (${HASH_QUEUE_LIMIT}) compares wait, the rest get 503 + Retry-After at once`,
  {
    timeout: 120_000,
  },
  async () => {
    const burst = Array.from({ length: BURST }, (_, i) => wrongSecret(i))
    // Wrong passwords for one user sent into the full queue: those refused with 503 count no attempt.
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => wrongPassword(i)))
    const answers = await Promise.all(burst)

    const busy = answers.filter((a) => a.status === 503)
    expect(busy.length).toBeGreaterThan(BURST / 2)
    expect(answers.every((a) => a.status === 503 || a.status === 401 || a.status === RESET)).toBe(true)
    expect(answers.filter((a) => a.status === RESET).length).toBeLessThan(BURST / 4)
    for (const a of busy) {
      expect(a.retryAfter).toBe(String(HASH_BUSY_RETRY_AFTER_S))
      expect(a.cacheControl).toBe('no-store')
      expect(JSON.parse(a.body)).toMatchObject({ error: 'temporarily_unavailable' })
    }
    // Unbounded, every request of the burst waited for its compare (2,000 x ~15 ms / 2 threads, and
    // much longer on a loaded machine); bounded, one running per thread and the queue's worth wait.
    expect(maxInFlight).toBeLessThanOrEqual(THREADS + HASH_QUEUE_LIMIT)
    expect(compared).toBeLessThan(BURST / 2)

    const refused = guesses.filter((g) => g.status === 503).length
    const checked = guesses.filter((g) => g.status === 400).length
    const unread = guesses.filter((g) => g.status === RESET).length
    expect(refused + checked + unread).toBe(guesses.length)
    expect(refused).toBeGreaterThan(0)
    expect(h.store.users.get('target')!.failedAttempts).toBe(Math.min(checked, 5))
  },
)

it('valid requests are served once the burst has drained: a client that honours Retry-After signs in', async () => {
  h.store.users.resetFailures('target')
  const body = form({ grant_type: 'password', username: 'target', password: 'the-right-password' })
  let answer = await send(body, AUTH)
  for (let retry = 0; answer.status === 503 && retry < 10; retry++) {
    await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfter) * 1000))
    answer = await send(body, AUTH)
  }
  expect(answer.status).toBe(200)
  expect(answer.retryAfter).toBeUndefined()
}, 60_000)
