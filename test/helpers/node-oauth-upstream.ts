// A real token server nobody here wrote: @node-oauth/oauth2-server 5 behind node:http, set up as its
// README shows for the password grant (an in-memory model). Its Basic parsing (the basic-auth package)
// does not form-decode the credentials (RFC 6749 §2.3.1): it accepts `curl -u id:secret` raw and refuses
// a client that form-encodes a secret holding "@", "+", " " or ":".
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import OAuth2Server from '@node-oauth/oauth2-server'

export interface NodeOAuthUpstream {
  baseUrl: string
  tokenUrl: string
  /** How many requests reached it. */
  requests: () => number
  close(): Promise<void>
}

export interface UpstreamAccount {
  client: { id: string; secret: string }
  user: { username: string; password: string }
}

function readForm(req: http.IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      text += c
      if (text.length > 64 * 1024) req.destroy(new Error('body too large'))
    })
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(text))))
    req.on('error', reject)
  })
}

export async function startNodeOAuthUpstream({ client, user }: UpstreamAccount): Promise<NodeOAuthUpstream> {
  const oauth = new OAuth2Server({
    model: {
      getClient: async (id: string, secret: string | null) =>
        id === client.id && (secret === null || secret === undefined || secret === client.secret)
          ? { id, grants: ['password'] }
          : null,
      getUser: async (username: string, password: string) =>
        username === user.username && password === user.password ? { id: username } : null,
      saveToken: async (token: OAuth2Server.Token, c: OAuth2Server.Client, u: OAuth2Server.User) => ({
        ...token,
        client: c,
        user: u,
      }),
      getAccessToken: async () => null,
      verifyScope: async () => false,
    },
  })
  let count = 0
  const server = http.createServer((req, res) => {
    count++
    void (async () => {
      const body = req.method === 'POST' ? await readForm(req) : {}
      const request = new OAuth2Server.Request({
        method: req.method ?? 'GET',
        headers: req.headers as Record<string, string>,
        query: Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams),
        body,
      })
      const response = new OAuth2Server.Response(res)
      try {
        await oauth.token(request, response)
      } catch {
        // The error answer is already in `response` (status, headers, body).
      }
      res.writeHead(response.status ?? 500, {
        'Content-Type': 'application/json;charset=UTF-8',
        ...(response.headers as http.OutgoingHttpHeaders),
      })
      res.end(JSON.stringify(response.body ?? {}))
    })().catch(() => res.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl,
    tokenUrl: `${baseUrl}/token`,
    requests: () => count,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}
