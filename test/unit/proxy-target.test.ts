// The recording proxy's pure decisions: where a request-target goes (RFC 9112 §3.2), whether an
// upstream is the proxy's own address, what the relayed metadata's issuer becomes (RFC 8414 §3.3), and
// whether a Via list shows a loop (RFC 9110 §7.6.3).
import { describe, expect, it } from 'vitest'
import { pointsAtItself, upstreamUrlFor } from '../../src/lab/proxy/target'
import { rewriteMetadata } from '../../src/lab/proxy/upstream'
import { checkLoop, viaEntry } from '../../src/lab/proxy/via'

const UP = 'http://as.example:8080'

describe('upstreamUrlFor', () => {
  it.each(['//evil.example/x', '/\\evil.example/x', '/\\\\evil.example/x', '/..//evil.example/x', '/@evil.example/'])(
    'keeps %s on the upstream origin, path as sent',
    (target) => {
      const r = upstreamUrlFor(target, UP)
      expect(r).toMatchObject({ kind: 'ok', path: target })
      expect(r.kind === 'ok' && r.url.origin).toBe(UP)
    },
  )

  it.each([
    'http://evil.example/x',
    `http://as.example:8080@evil.example/x`,
    'evil.example:80',
    '*',
    'https://as.example:8080/x',
  ])('refuses %s', (target) => expect(upstreamUrlFor(target, UP).kind).toBe('refused'))

  it('takes absolute-form that names the upstream origin, without its userinfo', () => {
    expect(upstreamUrlFor(`${UP}/token?a=1`, UP)).toMatchObject({ kind: 'ok', path: '/token?a=1' })
    const r = upstreamUrlFor('http://id:pw@as.example:8080/token', UP)
    expect(r.kind === 'ok' && r.url.href).toBe(`${UP}/token`)
  })
})

describe('pointsAtItself', () => {
  it.each([
    ['http://127.0.0.1:9000', '127.0.0.1'],
    ['http://localhost:9000/token', '127.0.0.1'],
    ['http://LocalHost.:9000', '127.0.0.1'],
    ['http://127.1:9000', '127.0.0.1'],
    ['http://0.0.0.0:9000', '127.0.0.1'],
    ['http://127.0.0.2:9000', '0.0.0.0'],
    ['http://[::1]:9000', '::1'],
    ['http://localhost:9000', '::1'],
    ['http://127.0.0.1:9000', 'localhost'],
    ['http://[::ffff:127.0.0.1]:9000', '127.0.0.1'],
    ['http://[::ffff:7f00:2]:9000', '0.0.0.0'],
    ['http://127.0.0.1:9000', '::ffff:127.0.0.1'],
  ])('%s is a proxy listening on %s:9000', (upstream, host) => {
    expect(pointsAtItself(upstream, host, 9000)).toBe(true)
  })

  it.each([
    ['http://127.0.0.1:9001', '127.0.0.1'],
    ['http://[::1]:9000', '127.0.0.1'],
    ['http://as.example:9000', '127.0.0.1'],
    ['https://127.0.0.1', '127.0.0.1'],
    ['http://[::ffff:10.0.0.1]:9000', '127.0.0.1'],
  ])('%s is not a proxy listening on %s:9000', (upstream, host) => {
    expect(pointsAtItself(upstream, host, 9000)).toBe(false)
  })
})

describe('rewriteMetadata', () => {
  const doc = (issuer: string) =>
    Buffer.from(
      JSON.stringify({ issuer, token_endpoint: `${UP}/realms/demo/token`, jwks_uri: 'https://cdn.example/k' }),
    )
  const where = {
    upstreamOrigin: UP,
    proxyBaseUrl: 'http://127.0.0.1:5000',
    metadataPath: '/.well-known/oauth-authorization-server/realms/demo',
  }

  it('names the proxy as issuer, keeping the issuer path the client built the metadata URL from', () => {
    const r = rewriteMetadata(doc(`${UP}/realms/demo`), where, false)!
    const out = JSON.parse(r.body.toString()) as Record<string, string>
    expect(out.issuer).toBe('http://127.0.0.1:5000/realms/demo')
    expect(out.token_endpoint).toBe('http://127.0.0.1:5000/realms/demo/token')
    expect(out.jwks_uri).toBe('https://cdn.example/k')
    expect(r.issuer).toEqual({ kind: 'rewritten', from: `${UP}/realms/demo`, to: 'http://127.0.0.1:5000/realms/demo' })
  })

  it('the OpenID form of the metadata path, and a terminating slash kept', () => {
    const r = rewriteMetadata(
      doc(`${UP}/realms/demo/`),
      { ...where, metadataPath: '/realms/demo/.well-known/openid-configuration' },
      false,
    )!
    expect(r.issuer).toMatchObject({ to: 'http://127.0.0.1:5000/realms/demo/' })
  })

  it('keeps the upstream issuer when asked', () => {
    const r = rewriteMetadata(doc(`${UP}/realms/demo`), where, true)!
    expect((JSON.parse(r.body.toString()) as { issuer: string }).issuer).toBe(`${UP}/realms/demo`)
    expect(r.issuer).toEqual({ kind: 'kept', value: `${UP}/realms/demo` })
  })

  it('leaves what is not a JSON object alone', () => {
    expect(rewriteMetadata(Buffer.from('[1]'), where, false)).toBeNull()
    expect(rewriteMetadata(Buffer.from('<html>'), where, false)).toBeNull()
  })
})

describe('checkLoop', () => {
  it('finds its own pseudonym among the Via entries of every Via field', () => {
    const headers: Array<[string, string]> = [
      ['Via', '1.0 fred, 1.1 p.example (Apache/1.1)'],
      ['via', viaEntry('ropc-lab-abc')],
    ]
    expect(checkLoop(headers, 'ropc-lab-abc')).toEqual({ kind: 'own', id: 'ropc-lab-abc' })
    expect(checkLoop(headers, 'ropc-lab-other')).toEqual({ kind: 'none' })
  })

  it('cuts a chain of 16 proxies', () => {
    const via = Array.from({ length: 16 }, (_, i) => `1.1 hop${i}`).join(', ')
    expect(checkLoop([['Via', via]], 'me')).toEqual({ kind: 'too_many', hops: 16 })
  })
})
