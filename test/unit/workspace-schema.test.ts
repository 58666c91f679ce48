import { describe, expect, it } from 'vitest'
import {
  WORKSPACE_VERSION,
  parseWorkspace,
  workspaceProblemsMessage,
  type ExportedWorkspace,
  type WorkspaceFile,
  type WorkspaceFileInput,
} from '../../src/shared/workspace-schema'
import { DEFAULT_SETTINGS } from '../../src/shared/model'

// The example of docs/workspace-format.md, verbatim.
const EXAMPLE = `{
  "version": 1,
  "settings": { "issuer": "http://127.0.0.1:8443", "tokenFormat": "opaque", "accessTokenTtl": 300, "refreshTokenTtl": 3600 },
  "scopes":  [ { "name": "read", "description": "Read access", "default": false } ],
  "clients": [ { "clientId": "legacy", "secret": "THE_SECRET", "grantTypes": ["password", "refresh_token"],
                 "scopes": ["read"], "authMethods": ["client_secret_basic", "client_secret_post"],
                 "tokenFormat": "jwt", "accessTokenTtl": 300 },
               { "clientId": "mobile-legacy", "public": true, "grantTypes": ["password"], "scopes": ["read"] } ],
  "users":   [ { "username": "alice", "password": "alice-password-1", "claims": { "email": "alice@example.com" } },
               { "username": "bob", "password": "bob-password-1", "disabled": true } ]
}`

const HASH = `$2b$10$${'N9qo8uLOickgx2ZMRZoMye'}${'IjZAgcfl7p92ldGxad68LJZdL17lhWy'}`

function ok(input: unknown): WorkspaceFile {
  const r = parseWorkspace(input)
  if (!r.ok) throw new Error(workspaceProblemsMessage(r.problems))
  return r.workspace
}
function problems(input: unknown): string[] {
  const r = parseWorkspace(input)
  if (r.ok) throw new Error('expected the file to be refused')
  return r.problems
}
const confidential = (extra: Record<string, unknown> = {}) => ({ clientId: 'c', secret: 's', ...extra })
const user = (extra: Record<string, unknown> = {}) => ({ username: 'u', password: 'p', ...extra })

describe('parseWorkspace: the documented example', () => {
  it('parses with the documented defaults', () => {
    const ws = ok(JSON.parse(EXAMPLE))
    expect(ws.version).toBe(WORKSPACE_VERSION)
    expect(ws.settings).toEqual({
      issuer: 'http://127.0.0.1:8443',
      tokenFormat: 'opaque',
      accessTokenTtl: 300,
      refreshTokenTtl: 3600,
      refreshTokenRotation: true,
      lockout: { enabled: true, maxFailures: 5, lockSeconds: 300 },
      bcryptCost: 10,
      audience: 'ropc-lab',
      passwordGrant: 'enabled',
      passwordGrantDeprecatedAt: null,
      passwordGrantSunset: null,
      passwordGrantDeprecationLink: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.4',
      revokeRefreshTokensOnPasswordChange: true,
    })
    expect(ws.scopes).toEqual([{ name: 'read', description: 'Read access', default: false }])
    expect(ws.clients).toEqual([
      {
        clientId: 'legacy',
        public: false,
        secret: 'THE_SECRET',
        secretHash: null,
        grantTypes: ['password', 'refresh_token'],
        authMethods: ['client_secret_basic', 'client_secret_post'],
        scopes: ['read'],
        defaultScopes: null,
        tokenFormat: 'jwt',
        accessTokenTtl: 300,
        refreshTokenTtl: null,
        lenientBasicAuth: false,
        passwordGrant: null,
        redirectUris: [],
        firstParty: false,
      },
      {
        clientId: 'mobile-legacy',
        public: true,
        secret: null,
        secretHash: null,
        grantTypes: ['password'],
        authMethods: ['none'],
        scopes: ['read'],
        defaultScopes: null,
        tokenFormat: null,
        accessTokenTtl: null,
        refreshTokenTtl: null,
        lenientBasicAuth: false,
        passwordGrant: null,
        redirectUris: [],
        firstParty: false,
      },
    ])
    expect(ws.users).toEqual([
      {
        username: 'alice',
        password: 'alice-password-1',
        passwordHash: null,
        totpSecret: null,
        disabled: false,
        claims: { email: 'alice@example.com' },
        requiresMfa: false,
        passwordExpired: false,
      },
      {
        username: 'bob',
        password: 'bob-password-1',
        passwordHash: null,
        totpSecret: null,
        disabled: true,
        claims: {},
        requiresMfa: false,
        passwordExpired: false,
      },
    ])
  })

  it('applies every default to a minimal file', () => {
    const ws = ok({ version: 1 })
    expect(ws).toEqual({
      version: 1,
      settings: {
        issuer: null,
        tokenFormat: DEFAULT_SETTINGS.tokenFormat,
        accessTokenTtl: DEFAULT_SETTINGS.accessTokenTtl,
        refreshTokenTtl: DEFAULT_SETTINGS.refreshTokenTtl,
        refreshTokenRotation: DEFAULT_SETTINGS.refreshTokenRotation,
        lockout: DEFAULT_SETTINGS.lockout,
        bcryptCost: DEFAULT_SETTINGS.bcryptCost,
        audience: DEFAULT_SETTINGS.audience,
        passwordGrant: 'enabled',
        passwordGrantDeprecatedAt: null,
        passwordGrantSunset: null,
        passwordGrantDeprecationLink: DEFAULT_SETTINGS.passwordGrantDeprecationLink,
        revokeRefreshTokensOnPasswordChange: true,
      },
      scopes: [],
      clients: [],
      users: [],
      scenarios: [],
      faults: [],
    })
    // Desktop preferences are absent unless set, so an import does not reset them.
    expect('port' in ws.settings).toBe(false)
  })

  it('merges a partial lockout with the defaults and keeps the optional desktop settings', () => {
    const ws = ok({
      version: 1,
      settings: {
        lockout: { maxFailures: 3 },
        port: 0,
        exchangeRetention: 500,
        jwtAlg: 'ES256',
        refreshTokenRotation: false,
      },
    })
    expect(ws.settings.lockout).toEqual({ enabled: true, maxFailures: 3, lockSeconds: 300 })
    expect(ws.settings).toMatchObject({ port: 0, exchangeRetention: 500, jwtAlg: 'ES256', refreshTokenRotation: false })
  })

  it('reads back what an export writes (hashes, explicit nulls)', () => {
    const exported: ExportedWorkspace = {
      version: 1,
      settings: { ...DEFAULT_SETTINGS, issuer: null },
      scopes: [{ name: 'read', description: '', default: true }],
      clients: [
        {
          clientId: 'legacy',
          public: false,
          secretHash: HASH,
          grantTypes: ['password'],
          authMethods: ['client_secret_post'],
          scopes: ['read'],
          defaultScopes: ['read'],
          tokenFormat: null,
          accessTokenTtl: null,
          refreshTokenTtl: 7200,
          lenientBasicAuth: true,
          passwordGrant: 'deprecated',
          redirectUris: ['http://127.0.0.1/callback'],
          firstParty: true,
        },
      ],
      users: [
        {
          username: 'alice',
          passwordHash: HASH,
          disabled: false,
          claims: {},
          requiresMfa: true,
          passwordExpired: false,
        },
      ],
    }
    // The export type is a valid input of the schema, checked by the compiler.
    const asInput: WorkspaceFileInput = exported
    const ws = ok(JSON.parse(JSON.stringify(asInput)))
    expect(ws.clients[0]).toMatchObject({
      secret: null,
      secretHash: HASH,
      defaultScopes: ['read'],
      refreshTokenTtl: 7200,
      lenientBasicAuth: true,
      passwordGrant: 'deprecated',
    })
    expect(ws.users[0]).toMatchObject({ password: null, passwordHash: HASH, requiresMfa: true })
    expect(ws.settings).toMatchObject({ port: 8443, jwtAlg: 'RS256', exchangeRetention: 10_000 })
  })
})

describe('parseWorkspace: clients', () => {
  it('accepts any printable ASCII client id (RFC 6749 Appendix A), e.g. legacy:app', () => {
    expect(ok({ version: 1, clients: [confidential({ clientId: 'legacy:app' })] }).clients[0].clientId).toBe(
      'legacy:app',
    )
    expect(ok({ version: 1, clients: [confidential({ clientId: 'a b%2F~"' })] }).clients[0].clientId).toBe('a b%2F~"')
    expect(problems({ version: 1, clients: [confidential({ clientId: 'caf\u00e9' })] })).toEqual([
      'clients[0].clientId: printable ASCII only (RFC 6749 Appendix A), e.g. my-app',
    ])
    expect(problems({ version: 1, clients: [confidential({ clientId: '' })] })).toEqual([
      'clients[0].clientId: must not be empty, e.g. my-app',
    ])
  })

  it('refuses a redirect URI whose scheme a browser would run or read in place (javascript:, data:, file:, …)', () => {
    const withUri = (uri: string) => ({ version: 1, clients: [{ clientId: 'spa', public: true, redirectUris: [uri] }] })
    for (const uri of [
      'javascript:alert(document.cookie)',
      'JavaScript://x/%0aalert(1)',
      'data:text/html,<b>x',
      'file:///etc/passwd',
    ]) {
      expect(problems(withUri(uri)), uri).toEqual([
        'clients[0].redirectUris[0]: must not use a javascript:, data:, vbscript:, file:, blob: or about: scheme: a browser would not hand the code to a client there',
      ])
    }
    for (const uri of ['http://127.0.0.1/cb', 'https://app.example/cb', 'com.example.app:/oauth2redirect']) {
      expect(ok(withUri(uri)).clients[0].redirectUris, uri).toEqual([uri])
    }
  })

  it('gives a public client no secret and the "none" auth method by default', () => {
    const [c] = ok({ version: 1, clients: [{ clientId: 'spa', public: true }] }).clients
    expect(c).toMatchObject({
      public: true,
      secret: null,
      secretHash: null,
      authMethods: ['none'],
      grantTypes: ['password', 'refresh_token'],
      scopes: [],
    })
  })

  it('requires exactly one of secret / secretHash for a confidential client', () => {
    expect(ok({ version: 1, clients: [{ clientId: 'c', secretHash: HASH }] }).clients[0].secretHash).toBe(HASH)
    expect(problems({ version: 1, clients: [{ clientId: 'c' }] })).toEqual([
      'clients[0].secret: required for a confidential client (or give "secretHash", or set "public": true)',
    ])
    expect(problems({ version: 1, clients: [confidential({ secretHash: HASH })] })).toEqual([
      'clients[0]: give "secret" or "secretHash", not both',
    ])
    expect(problems({ version: 1, clients: [{ clientId: 'c', secretHash: '$2b$10$short' }] })).toEqual([
      'clients[0].secretHash: must be a bcrypt hash ("$2b$" + cost + 53 characters)',
    ])
  })

  it('refuses a secret on a public client and auth methods that do not fit the client type', () => {
    expect(
      problems({
        version: 1,
        clients: [
          { clientId: 'p', public: true, secret: 's', secretHash: HASH, authMethods: ['none', 'client_secret_basic'] },
        ],
      }),
    ).toEqual([
      'clients[0].secret: a public client has no secret (remove it, or set "public": false)',
      'clients[0].secretHash: a public client has no secret (remove it, or set "public": false)',
      'clients[0].authMethods[1]: a public client authenticates with "none" only, not "client_secret_basic"',
    ])
    expect(problems({ version: 1, clients: [confidential({ authMethods: ['client_secret_basic', 'none'] })] })).toEqual(
      ['clients[0].authMethods[1]: "none" is for public clients; a confidential client authenticates with its secret'],
    )
  })

  it('names the unknown grant type and auth method with the accepted values', () => {
    expect(
      problems({ version: 1, clients: [confidential({ grantTypes: ['pasword'], authMethods: ['basic', 7] })] }),
    ).toEqual([
      'clients[0].grantTypes[0]: unknown grant type "pasword" (expected password, refresh_token, authorization_code or client_credentials)',
      'clients[0].authMethods[0]: unknown auth method "basic" (expected client_secret_basic, client_secret_post or none)',
      'clients[0].authMethods[1]: expected an auth method (client_secret_basic, client_secret_post or none), got the number 7',
    ])
    expect(problems({ version: 1, clients: [confidential({ grantTypes: [], authMethods: [] })] })).toEqual([
      'clients[0].grantTypes: must list at least one grant type',
      'clients[0].authMethods: must list at least one auth method',
    ])
    expect(problems({ version: 1, clients: [confidential({ grantTypes: ['password', 'password'] })] })).toEqual([
      'clients[0].grantTypes[1]: "password" is listed twice',
    ])
  })

  it('requires every scope a client names to be declared at the top level', () => {
    const scopes = [{ name: 'read' }, { name: 'write' }]
    expect(problems({ version: 1, scopes, clients: [confidential({ scopes: ['read', 'wrte'] })] })).toEqual([
      'clients[0].scopes[1]: unknown scope "wrte" (declared: read, write)',
    ])
    expect(problems({ version: 1, clients: [confidential({ scopes: ['read'] })] })).toEqual([
      'clients[0].scopes[0]: unknown scope "read" (no scope is declared in "scopes")',
    ])
    expect(problems({ version: 1, scopes, clients: [confidential({ scopes: ['re ad'] })] })).toEqual([
      'clients[0].scopes[0]: a scope token is printable ASCII without space, " or \\ (RFC 6749 §3.3), e.g. read',
    ])
  })

  it('requires defaultScopes to be a subset of the client scopes; null means derived', () => {
    const scopes = [{ name: 'read', default: true }, { name: 'write' }, { name: 'admin' }]
    const ws = ok({
      version: 1,
      scopes,
      clients: [
        confidential({ scopes: ['read', 'write'], defaultScopes: ['write'] }),
        confidential({ clientId: 'd', defaultScopes: null }),
      ],
    })
    expect(ws.clients.map((c) => c.defaultScopes)).toEqual([['write'], null])
    expect(ws.scopes[0]).toEqual({ name: 'read', description: '', default: true })
    expect(
      problems({
        version: 1,
        scopes,
        clients: [confidential({ scopes: ['read', 'write'], defaultScopes: ['read', 'admin'] })],
      }),
    ).toEqual([`clients[0].defaultScopes[1]: "admin" is not one of this client's scopes (its scopes: read, write)`])
    expect(problems({ version: 1, scopes, clients: [confidential({ defaultScopes: ['read'] })] })).toEqual([
      `clients[0].defaultScopes[0]: "read" is not one of this client's scopes (it has no scopes)`,
    ])
  })

  it('checks the per-client overrides', () => {
    expect(
      problems({
        version: 1,
        clients: [
          confidential({ tokenFormat: 'JWT', accessTokenTtl: 0, refreshTokenTtl: 1.5, lenientBasicAuth: 'yes' }),
        ],
      }),
    ).toEqual([
      'clients[0].tokenFormat: unknown token format "JWT" (expected opaque or jwt)',
      'clients[0].accessTokenTtl: must be between 1 and 31536000',
      'clients[0].refreshTokenTtl: must be an integer between 1 and 31536000',
      'clients[0].lenientBasicAuth: expected true or false, got the string "yes"',
    ])
  })
})

describe('parseWorkspace: users', () => {
  it('accepts any Unicode username without CR/LF and arbitrary JSON claims', () => {
    const claims = {
      email: 'a@example.com',
      roles: ['admin', 'ops'],
      address: { country: 'FR', zip: null },
      age: 42,
      verified: true,
      'https://example.com/tenant': 't1',
    }
    const ws = ok({ version: 1, users: [user({ username: 'José 山田', claims })] })
    expect(ws.users[0]).toEqual({
      username: 'José 山田',
      password: 'p',
      passwordHash: null,
      totpSecret: null,
      disabled: false,
      claims,
      requiresMfa: false,
      passwordExpired: false,
    })
    expect(problems({ version: 1, users: [user({ username: 'a\r\nb' })] })).toEqual([
      'users[0].username: no CR or LF (RFC 6749 Appendix A), e.g. alice',
    ])
  })

  it('requires claims to be a JSON object and refuses a "__proto__" claim rather than dropping it', () => {
    expect(problems({ version: 1, users: [user({ claims: ['admin'] })] })).toEqual([
      'users[0].claims: expected a JSON object, got an array',
    ])
    expect(problems({ version: 1, users: [user({ claims: null })] })).toEqual([
      'users[0].claims: expected a JSON object, got null',
    ])
    expect(
      problems(
        JSON.parse(
          '{"version":1,"users":[{"username":"u","password":"p","claims":{"x":{"__proto__":{"admin":true}}}}]}',
        ),
      ),
    ).toEqual(['users[0].claims.x.__proto__: a claim may not be named "__proto__"'])
  })

  it('requires exactly one of password / passwordHash', () => {
    expect(ok({ version: 1, users: [{ username: 'u', passwordHash: HASH }] }).users[0]).toMatchObject({
      password: null,
      passwordHash: HASH,
    })
    expect(problems({ version: 1, users: [{ username: 'u' }] })).toEqual([
      'users[0].password: required (or give "passwordHash")',
    ])
    expect(problems({ version: 1, users: [user({ passwordHash: HASH })] })).toEqual([
      'users[0]: give "password" or "passwordHash", not both',
    ])
    expect(problems({ version: 1, users: [user({ password: '' })] })).toEqual([
      'users[0].password: must not be empty, e.g. a passphrase on one line',
    ])
  })
})

describe('parseWorkspace: settings', () => {
  it('says what is wrong with each setting', () => {
    expect(
      problems({
        version: 1,
        settings: {
          issuer: 'not a url',
          tokenFormat: 'paseto',
          accessTokenTtl: -1,
          refreshTokenTtl: '3600',
          lockout: { enabled: 1, lockSeconds: 0, max: 3 },
          bcryptCost: 15,
          audience: '',
          jwtAlg: 'HS256',
          port: 70000,
        },
      }),
    ).toEqual([
      'settings.issuer: must be an http(s) URL, e.g. http://127.0.0.1:8443',
      'settings.tokenFormat: unknown token format "paseto" (expected opaque or jwt)',
      'settings.accessTokenTtl: must be between 1 and 31536000',
      'settings.refreshTokenTtl: expected a number, got the string "3600"',
      'settings.lockout.enabled: expected true or false, got the number 1',
      'settings.lockout.lockSeconds: must be between 1 and 86400',
      'settings.lockout: unknown key "max"',
      'settings.bcryptCost: must be between 4 and 14',
      'settings.audience: must not be empty',
      'settings.port: must be between 0 and 65535',
      'settings.jwtAlg: unknown JWT algorithm "HS256" (expected RS256 or ES256)',
    ])
    expect(problems({ version: 1, settings: { bcryptCost: 3 } })).toEqual([
      'settings.bcryptCost: must be between 4 and 14',
    ])
    expect(problems({ version: 1, settings: { issuer: 'ftp://example.com' } })).toEqual([
      'settings.issuer: must be an http(s) URL, e.g. http://127.0.0.1:8443',
    ])
  })
})

describe('parseWorkspace: the file as a whole', () => {
  it('refuses a higher version with that reason alone', () => {
    expect(problems({ version: 2, clients: 'whatever', future: true })).toEqual([
      'version: this file is version 2; this ROPC Lab reads version 1 — update ROPC Lab',
    ])
  })

  it('requires version to be 1', () => {
    expect(problems({})).toEqual(['version: required'])
    expect(problems({ version: 0 })).toEqual(['version: version 0 does not exist; this ROPC Lab reads version 1'])
    expect(problems({ version: 1.5 })).toEqual(['version: must be an integer; this ROPC Lab reads version 1'])
    expect(problems({ version: '1' })).toEqual(['version: expected the number 1, got the string "1"'])
  })

  it('refuses a root that is not an object, without throwing', () => {
    for (const input of [null, undefined, [], 'x', 1]) expect(parseWorkspace(input).ok).toBe(false)
    expect(problems([])).toEqual(['(root): expected a JSON object with "version": 1, got an array'])
  })

  it('refuses unknown keys at every level but claims', () => {
    expect(
      problems({
        version: 1,
        foo: 1,
        settings: { colour: 'red' },
        scopes: [{ name: 'read', scope: 'read' }],
        clients: [confidential({ client_secret: 'x' })],
        users: [user({ email: 'u@example.com', claims: { anything: { goes: [1] } } })],
      }),
    ).toEqual([
      '(root): unknown key "foo"',
      'settings: unknown key "colour"',
      'scopes[0]: unknown key "scope"',
      'clients[0]: unknown key "client_secret"',
      'users[0]: unknown key "email"',
    ])
  })

  it('detects duplicates at the path of the second occurrence', () => {
    expect(
      problems({
        version: 1,
        scopes: [{ name: 'read' }, { name: 'write' }, { name: 'read' }],
        clients: [confidential({ clientId: 'a' }), confidential({ clientId: 'b' }), confidential({ clientId: 'a' })],
        users: [user({ username: 'alice' }), user({ username: 'alice' })],
      }),
    ).toEqual([
      'scopes[2].name: duplicate scope "read" (also scopes[0])',
      'clients[2].clientId: duplicate client id "a" (also clients[0])',
      'users[1].username: duplicate username "alice" (also users[0])',
    ])
  })

  it('lists every problem of a file at once, in file order', () => {
    const list = problems({
      version: 1,
      extra: true,
      settings: { bcryptCost: 20 },
      scopes: [{ name: 'read' }, { name: 'write' }],
      clients: [
        confidential({ clientId: 'ok' }),
        { clientId: 'mobile', secret: 's', grantTypes: ['password', 'pasword'], scopes: ['wrte'] },
        'not a client',
      ],
      users: [{ username: 'alice' }, { password: 'p' }],
    })
    expect(list).toEqual([
      '(root): unknown key "extra"',
      'settings.bcryptCost: must be between 4 and 14',
      'clients[1].grantTypes[1]: unknown grant type "pasword" (expected password, refresh_token, authorization_code or client_credentials)',
      'clients[1].scopes[0]: unknown scope "wrte" (declared: read, write)',
      'clients[2]: expected a JSON object, got the string "not a client"',
      'users[0].password: required (or give "passwordHash")',
      'users[1].username: required',
    ])
    expect(workspaceProblemsMessage(list)).toBe(
      ['The workspace file was refused; nothing was imported. 7 problems:', ...list.map((p) => `  - ${p}`)].join('\n'),
    )
  })

  it('words the message for a single problem', () => {
    expect(workspaceProblemsMessage(['version: required'])).toBe(
      'The workspace file was refused; nothing was imported. 1 problem:\n  - version: required',
    )
  })
})

describe('parseWorkspace: input that did not come from JSON.parse', () => {
  it('refuses claim values JSON cannot carry', () => {
    expect(problems({ version: 1, users: [user({ claims: { when: new Date(0), n: Number.NaN, ok: 1 } })] })).toEqual([
      'users[0].claims.when: must be a JSON value',
      'users[0].claims.n: must be a JSON value',
    ])
  })
})
