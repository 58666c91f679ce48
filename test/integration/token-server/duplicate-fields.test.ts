// Two Authorization (or Content-Type) field lines in one request. Node keeps the first and drops the
// rest without a word, so the server authenticated whichever credentials came first, while a proxy in
// front may act on the last. RFC 9110 §5.3: neither field is a list, a sender MUST NOT send it twice;
// RFC 6749 §2.3: one authentication method per request. Sent over a raw socket, as node's client
// would refuse to write such a request.
import net from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ENDPOINT_PATHS } from '../../../src/shared/wire'
import { basic, form, type Harness, startHarness } from '../../helpers/token-server-harness'

const GRANT = form({ grant_type: 'password', username: 'alice', password: 'alice-password-1' })
const LEGACY = basic('legacy', 'legacy-secret').Authorization!
const OTHER = basic('other', 'other-secret').Authorization!

let h: Harness

beforeAll(async () => {
  h = await startHarness()
  await h.addClient({ clientId: 'legacy', secret: 'legacy-secret' })
  await h.addClient({ clientId: 'other', secret: 'other-secret' })
  await h.addUser({ username: 'alice', password: 'alice-password-1' })
})
afterAll(async () => {
  await h.close()
})

/** Sends the header lines as given and returns the status line, the headers (lowercase) and the body. */
function rawPost(lines: string[], body: string): Promise<{ status: number; head: string; body: string }> {
  const { port } = new URL(h.baseUrl)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        [
          `POST ${ENDPOINT_PATHS.token} HTTP/1.1`,
          'Host: 127.0.0.1',
          ...lines,
          `Content-Length: ${Buffer.byteLength(body)}`,
          'Connection: close',
          '',
          body,
        ].join('\r\n'),
      )
    })
    let text = ''
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    socket.on('error', reject)
    socket.on('end', () => {
      const split = text.indexOf('\r\n\r\n')
      resolve({
        status: Number(text.slice(9, 12)),
        head: text.slice(0, split).toLowerCase(),
        body: text.slice(split + 4),
      })
    })
  })
}

const FORM = 'Content-Type: application/x-www-form-urlencoded'

it('RFC 6749 §2.3, RFC 9110 §5.3: two Authorization headers (two clients) are refused, neither client authenticated', async () => {
  for (const pair of [
    [OTHER, LEGACY],
    [LEGACY, OTHER],
    [LEGACY, LEGACY],
  ]) {
    const r = await rawPost([FORM, `Authorization: ${pair[0]}`, `Authorization: ${pair[1]}`], GRANT)
    expect(r.status).toBe(401)
    expect(r.head).toContain('www-authenticate: basic realm="ropc-lab"')
    expect(JSON.parse(r.body)).toEqual({
      error: 'invalid_client',
      error_description:
        'Malformed Basic credentials: more than one Authorization header (send one set of credentials).',
    })
    expect(h.lastExchange().trace.some((s) => s.step === 'client.lookup')).toBe(false)
  }
})

it('RFC 9110 §5.3: two Content-Type headers are refused as invalid_request', async () => {
  const r = await rawPost([FORM, 'Content-Type: application/json', `Authorization: ${LEGACY}`], GRANT)
  expect(r.status).toBe(400)
  expect(JSON.parse(r.body)).toMatchObject({ error: 'invalid_request' })
})

it('one Authorization header, as always, authenticates', async () => {
  const r = await rawPost([FORM, `Authorization: ${LEGACY}`], GRANT)
  expect(r.status).toBe(200)
})
