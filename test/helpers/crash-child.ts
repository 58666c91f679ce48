// The process the crash-safety test SIGKILLs (test/integration/crash-safety.test.ts). It opens the lab on the given
// database file and, until killed, imports workspaces of 5,000 users (generation n: users `g<n>-…`, one scope
// `gen-<n>`), streams password grants to its own server over HTTP, each recorded as an exchange. It acknowledges on
// stdout only what its API said is done: an import once the handler resolved, a grant once the token was received
// (the server answers after the commit), with the grant's sequence number sent as a header the exchange keeps, and its user's generation.
import { createHash } from 'node:crypto'
import http from 'node:http'
import { createLab } from '../../src/lab/create-lab'

import { CLIENT, PASSWORD, USERS, workspaceOf } from './crash-workspace'

const GRANT_CONNECTIONS = 4
const IMPORT_PAUSE_MS = 400

const say = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

function post(url: string, body: string, seq: number): Promise<{ status: number; text: string }> {
  const auth = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: auth,
          'x-crash-seq': String(seq),
        },
      },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function main(): Promise<void> {
  const [dbPath, startGen, firstSeq, passwordHash, secretHash] = process.argv.slice(2) as [
    string,
    string,
    string,
    string,
    string,
  ]
  let gen = Number(startGen)
  const lab = await createLab({ dbPath, hashThreads: 1 })
  if (gen === 0) await lab.handlers['workspace.import']({ file: workspaceOf(gen, passwordHash, secretHash) })
  const url = `${(await lab.start({ host: '127.0.0.1', port: 0 })).baseUrl}/oauth/v2/oauth-token`
  say(`READY ${gen}`)
  let seq = Number(firstSeq)
  const grants = async (): Promise<void> => {
    for (;;) {
      const n = seq++
      const userGen = gen
      const user = `g${userGen}-user-${n % USERS}`
      const r = await post(url, `grant_type=password&username=${user}&password=${PASSWORD}`, n).catch(() => null)
      if (r?.status !== 200) continue
      const token = (JSON.parse(r.text) as { access_token: string }).access_token
      say(`TOKEN ${n} ${userGen} ${createHash('sha256').update(token).digest('base64url')}`)
    }
  }
  const imports = async (): Promise<void> => {
    for (;;) {
      const next = gen + 1
      say(`IMPORT-START ${next}`)
      await lab.handlers['workspace.import']({ file: workspaceOf(next, passwordHash, secretHash) })
      gen = next
      say(`IMPORT-ACK ${next}`)
      // A pause between imports lets grants of each generation through (an import replaces every user).
      await new Promise((resolve) => setTimeout(resolve, IMPORT_PAUSE_MS))
    }
  }
  await Promise.all([imports(), ...Array.from({ length: GRANT_CONNECTIONS }, grants)])
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
