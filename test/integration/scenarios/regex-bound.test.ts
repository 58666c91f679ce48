// A `/regex/` expectation runs off the event loop with a time limit (docs/scenarios.md): a
// catastrophic pattern fails its expectation with "pattern took too long", and the token server in
// the same process keeps answering while the pattern runs.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { REGEX_TIME_LIMIT_MS } from '../../../src/lab/scenarios/bounded-regex'
import { runScenario } from '../../../src/lab/scenarios/engine'
import { parseScenarioFile, type Scenario } from '../../../src/shared/scenarios/index'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { startScenarioLab, type ScenarioLab } from '../../helpers/scenario-lab'

const ECHO = `${'a'.repeat(29)}!`

let env: ScenarioLab
let echo: Server
let echoUrl: string
beforeAll(async () => {
  env = await startScenarioLab()
  echo = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ echo: ECHO, token_type: 'Bearer' }))
  })
  await new Promise<void>((done) => echo.listen(0, '127.0.0.1', done))
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/token`
})
afterAll(async () => {
  await new Promise((done) => echo.close(done))
  await env.close()
})

function scenario(body: Record<string, string>): Scenario {
  const r = parseScenarioFile({
    version: 1,
    scenarios: [
      {
        name: 'regex',
        steps: [{ name: 'echo', request: { endpoint: echoUrl, params: { grant_type: 'password' } }, expect: { body } }],
      },
    ],
  })
  if (!r.ok) throw new Error(r.problems.join('\n'))
  return r.value.scenarios[0]!
}
const run = (body: Record<string, string>) =>
  runScenario({ scenario: scenario(body), variables: {} }, { send: env.send, target: env.target })

it(`/^(a+)+$/ against a 30-character echo fails with "pattern took too long" after ${REGEX_TIME_LIMIT_MS} ms, and the token server answers meanwhile`, async () => {
  const order: string[] = []
  const suite = run({ echo: '/^(a+)+$/' }).then((s) => {
    order.push('scenario')
    return s
  })
  // Once the scenario's request has been answered, the match is what runs; ask the server then.
  await new Promise((r) => setTimeout(r, 200))
  const metadata = await fetch(new URL(ENDPOINT_PATHS.metadata, env.baseUrl))
  order.push(`metadata ${metadata.status}`)
  const result = await suite
  expect(order).toEqual(['metadata 200', 'scenario'])
  const step = result.steps[0]!
  expect(step.status).toBe('failed')
  expect(step.failures).toHaveLength(1)
  expect(step.failures[0]).toMatchObject({ what: 'body.echo', expected: '/^(a+)+$/' })
  expect(step.failures[0]!.actual).toContain(`pattern took too long: stopped after ${REGEX_TIME_LIMIT_MS} ms`)
}, 30_000)

it('ordinary patterns still pass and fail as before, after a stopped one', async () => {
  expect((await run({ echo: '/^a+!$/', token_type: '/^bearer$/i' })).steps[0]!.status).toBe('passed')
  const failed = (await run({ echo: '/^b/' })).steps[0]!
  expect(failed.status).toBe('failed')
  expect(failed.failures[0]!.actual).toBe(JSON.stringify(ECHO))
})
