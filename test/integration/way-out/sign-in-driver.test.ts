// The sign-in page driver the lesson plays the browser with reads a bounded answer: a page past
// LESSON_SIGN_IN_PAGE_LIMIT is refused rather than read to its end.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAsBrowser } from '../../../src/lab/way-out/sign-in-driver'
import { LESSON_SIGN_IN_PAGE_LIMIT } from '../../../src/shared/limits'

let server: http.Server
let base = ''

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const size = req.url === '/huge' ? LESSON_SIGN_IN_PAGE_LIMIT + 1 : 64
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('x'.repeat(size))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('sign-in driver', () => {
  it('refuses a page larger than the limit', async () => {
    await expect(signInAsBrowser(`${base}/huge`, 'alice', 'pw')).rejects.toThrow(
      `answered more than ${LESSON_SIGN_IN_PAGE_LIMIT} bytes`,
    )
  })

  it('reads a page under the limit (and finds no form on it)', async () => {
    await expect(signInAsBrowser(`${base}/small`, 'alice', 'pw')).rejects.toThrow('sign-in answered 200')
  })
})
