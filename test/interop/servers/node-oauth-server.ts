// @node-oauth/oauth2-server 5 through @node-oauth/express-oauth-server 4 on express 5, as a real ROPC
// server on 127.0.0.1 port 0.
//
// Set up as express-oauth-server's README "Quick Start" shows (new OAuthServer({ model }), the body
// parsed first by body-parser's json() and urlencoded({ extended: false }) — express 5 ships them as
// express.json / express.urlencoded — and app.oauth.token() on the token route), with an in-memory
// model written to oauth2-server's "Model Specification" (getClient, getUser, saveToken,
// getAccessToken, getRefreshToken, revokeToken, validateScope), as the in-memory model of the
// project's examples repository does. The library has no introspection, revocation or RFC 8414
// endpoint. The public client uses the documented `requireClientAuthentication` option for the
// password and refresh_token grants; the model then refuses the confidential client without its secret.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import OAuthServer from '@node-oauth/express-oauth-server'
import type OAuth2Server from '@node-oauth/oauth2-server'
import express from 'express'
import accounts from './accounts.json'

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex')

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

const USERS = new Map([accounts.user, accounts.timingUser].map((u) => [u.username, u.password]))
const CLIENTS: Record<string, OAuth2Server.Client & { confidential: boolean }> = {
  [accounts.confidentialClientId]: {
    id: accounts.confidentialClientId,
    grants: ['password', 'refresh_token'],
    accessTokenLifetime: accounts.accessTokenSeconds,
    confidential: true,
  },
  [accounts.publicClientId]: {
    id: accounts.publicClientId,
    grants: ['password', 'refresh_token'],
    accessTokenLifetime: accounts.accessTokenSeconds,
    confidential: false,
  },
}

/** The model of oauth2-server's specification, kept in memory; tokens are stored as digests. */
function memoryModel(): OAuth2Server.PasswordModel & OAuth2Server.RefreshTokenModel {
  // What is kept of a token: everything but the token strings themselves (keyed by their digests).
  interface Kept {
    accessTokenExpiresAt?: Date
    refreshTokenExpiresAt?: Date
    scope?: string[]
    client: OAuth2Server.Client
    user: OAuth2Server.User
  }
  const access = new Map<string, Kept>()
  const refresh = new Map<string, Kept>()
  return {
    async getClient(clientId: string, clientSecret: string | undefined) {
      const client = CLIENTS[clientId]
      if (!client) return false
      // RFC 6749 §2.3.1: a confidential client authenticates; a public client has no secret to send.
      if (client.confidential)
        return clientSecret !== undefined && sameText(clientSecret, accounts.confidentialClientSecret) ? client : false
      return clientSecret === undefined ? client : false
    },
    async getUser(username: string, password: string) {
      const expected = USERS.get(username)
      return expected !== undefined && sameText(expected, password) ? { username } : false
    },
    async validateScope(_user, _client, scope) {
      if (!scope || scope.length === 0) return [...accounts.defaultScopes]
      return scope.every((s) => accounts.scopes.includes(s)) ? scope : false
    },
    async saveToken(token, client, user) {
      const { accessToken, refreshToken, accessTokenExpiresAt, refreshTokenExpiresAt, scope } = token
      const kept: Kept = { accessTokenExpiresAt, refreshTokenExpiresAt, scope, client, user }
      access.set(digest(accessToken), kept)
      if (refreshToken) refresh.set(digest(refreshToken), kept)
      // The library answers the client with what this returns: the tokens just issued.
      return { ...token, client, user }
    },
    async getAccessToken(accessToken: string) {
      const kept = access.get(digest(accessToken))
      return kept ? { ...kept, accessToken } : false
    },
    async verifyScope(token, scope) {
      return scope.every((s) => token.scope?.includes(s) ?? false)
    },
    async getRefreshToken(refreshToken: string) {
      const kept = refresh.get(digest(refreshToken))
      return kept ? { ...kept, refreshToken } : false
    },
    async revokeToken(token) {
      return refresh.delete(digest(token.refreshToken))
    },
  }
}

export interface RunningServer {
  baseUrl: string
  stop(): Promise<void>
}

export async function startNodeOAuthServer(): Promise<RunningServer> {
  const app = express()
  const oauth = new OAuthServer({
    model: memoryModel(),
    requireClientAuthentication: { password: false, refresh_token: false },
    accessTokenLifetime: accounts.accessTokenSeconds,
  })
  // Bounded bodies: body-parser's own limit option (its default is 100 kb).
  app.use(express.json({ limit: '64kb' }))
  app.use(express.urlencoded({ extended: false, limit: '64kb' }))
  app.post('/oauth/token', oauth.token())
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)))
  })
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
