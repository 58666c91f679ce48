// The bare baseline's process (forked by phases/baseline.ts): the least any HTTP token endpoint on this Node must do
// for a request it refuses — read the body, parse the form, answer a fixed RFC 6749 §5.2 error. Whatever the lab's
// cheap paths cost beyond this is the lab's own work; the bench reports those paths as a share of this rate.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serveCommands } from './server-process'

export type BareCommand = { cmd: 'start' }

const BODY = JSON.stringify({ error: 'invalid_request' })
const HEADERS = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-store', // RFC 6749 §5.1, as the lab sends on every answer of the token endpoint
  Pragma: 'no-cache',
  'Content-Length': String(Buffer.byteLength(BODY)),
}

let server: Server | null = null

function listen(): Promise<string> {
  const s = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      // The whole form is parsed, as a token endpoint must before it can name what is missing; the answer is fixed.
      void new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('grant_type')
      res.writeHead(400, HEADERS)
      res.end(BODY)
    })
  })
  server = s
  return new Promise((resolve, reject) => {
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`))
  })
}

serveCommands<BareCommand>(async (msg) => {
  if (msg.cmd === 'start') return { ok: true, baseUrl: await listen() }
  await new Promise<void>((resolve) => {
    if (!server) return resolve()
    server.close(() => resolve())
    server.closeAllConnections()
  })
  return { ok: true }
})
