// The token endpoint's memory between requests stays small whatever clients send: bounded maps,
// windows that expire (RFC 6749 §4.3.2 burst detection, the auth-method retry).
import { describe, expect, it } from 'vitest'
import { BURST_WINDOW_MS, RequestMemory, SWITCH_WINDOW_MS } from '../../src/server/request-memory'

describe('RequestMemory', () => {
  it('counts failures per username within the window only', () => {
    const m = new RequestMemory()
    expect(m.loginFailed('bob', 0)).toBe(1)
    expect(m.loginFailed('bob', 1000)).toBe(2)
    expect(m.loginFailed('alice', 1000)).toBe(1)
    expect(m.loginFailed('bob', BURST_WINDOW_MS + 500)).toBe(2)
  })

  it('tells a switch of method after a failure, within the window, once per failure', () => {
    const m = new RequestMemory()
    m.failedWith('go', 'client_secret_basic', 0)
    expect(m.switchedFrom('go', 'client_secret_basic', 10)).toBeNull()
    expect(m.switchedFrom('go', 'client_secret_post', 10)).toEqual({ method: 'client_secret_basic', ms: 10 })
    m.succeeded('go')
    expect(m.switchedFrom('go', 'client_secret_post', 20)).toBeNull()
    m.failedWith('go', 'client_secret_basic', 0)
    expect(m.switchedFrom('go', 'client_secret_post', SWITCH_WINDOW_MS + 1)).toBeNull()
  })

  it('forgets the oldest entries beyond its limit (a spray of usernames or client ids cannot grow it)', () => {
    const m = new RequestMemory(3)
    for (const u of ['a', 'b', 'c', 'd']) m.loginFailed(u, 0)
    expect(m.loginFailed('a', 1)).toBe(1)
    expect(m.loginFailed('d', 1)).toBe(2)
    for (const c of ['w', 'x', 'y', 'z']) m.failedWith(c, 'client_secret_basic', 0)
    expect(m.switchedFrom('w', 'none', 1)).toBeNull()
    expect(m.switchedFrom('z', 'none', 1)).toEqual({ method: 'client_secret_basic', ms: 1 })
  })
})
