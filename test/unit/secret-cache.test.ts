import { describe, expect, it } from 'vitest'
import { SecretVerificationCache } from '../../src/server/credentials/secret-cache'
import { SECRET_CACHE_ENTRIES } from '../../src/shared/limits'

const HASH_A = '$2b$04$aaaaaaaaaaaaaaaaaaaaaOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const HASH_B = '$2b$04$bbbbbbbbbbbbbbbbbbbbbObbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

describe('SecretVerificationCache', () => {
  it('remembers a successful verification of (client, secret, stored hash)', () => {
    const cache = new SecretVerificationCache()
    expect(cache.has('app', 's3cret', HASH_A)).toBe(false)
    cache.remember('app', 's3cret', HASH_A)
    expect(cache.has('app', 's3cret', HASH_A)).toBe(true)
  })

  it('does not answer for another secret or another client', () => {
    const cache = new SecretVerificationCache()
    cache.remember('app', 's3cret', HASH_A)
    expect(cache.has('app', 'S3cret', HASH_A)).toBe(false)
    expect(cache.has('other', 's3cret', HASH_A)).toBe(false)
  })

  it('invalidates by itself when the stored secret hash changes (secret rotated)', () => {
    const cache = new SecretVerificationCache()
    cache.remember('app', 's3cret', HASH_A)
    expect(cache.has('app', 's3cret', HASH_B)).toBe(false)
  })

  it('length-prefixes its inputs so ("a","bc") and ("ab","c") differ', () => {
    const cache = new SecretVerificationCache()
    cache.remember('a', 'bc', HASH_A)
    expect(cache.has('ab', 'c', HASH_A)).toBe(false)
    expect(cache.has('a', 'bc', HASH_A)).toBe(true)
    cache.remember('x', 'y', 'z')
    expect(cache.has('x', 'yz', '')).toBe(false)
    expect(cache.has('', 'xy', 'z')).toBe(false)
  })

  it('never stores the plaintext secret (only a keyed digest is kept)', () => {
    const cache = new SecretVerificationCache()
    const secret = 'plaintext-that-must-not-be-kept-0123456789'
    cache.remember('app', secret, HASH_A)
    // State is in #private fields; nothing reachable from the outside carries the secret.
    expect(JSON.stringify(cache)).not.toContain(secret)
    expect(Object.values(cache).map(String).join()).not.toContain(secret)
    expect(cache.size).toBe(1)
  })

  it('uses a per-instance random key: two caches do not share digests', () => {
    const a = new SecretVerificationCache()
    const b = new SecretVerificationCache()
    a.remember('app', 's3cret', HASH_A)
    expect(b.has('app', 's3cret', HASH_A)).toBe(false)
  })

  it('forget(clientId) drops every entry of that client only', () => {
    const cache = new SecretVerificationCache()
    cache.remember('app', 'one', HASH_A)
    cache.remember('app', 'two', HASH_B)
    cache.remember('other', 'one', HASH_A)
    cache.forget('app')
    expect(cache.has('app', 'one', HASH_A)).toBe(false)
    expect(cache.has('app', 'two', HASH_B)).toBe(false)
    expect(cache.has('other', 'one', HASH_A)).toBe(true)
    expect(cache.size).toBe(1)
  })

  it('clear() drops everything', () => {
    const cache = new SecretVerificationCache()
    cache.remember('app', 'one', HASH_A)
    cache.remember('other', 'one', HASH_A)
    cache.clear()
    expect(cache.size).toBe(0)
    expect(cache.has('app', 'one', HASH_A)).toBe(false)
  })

  it('is bounded: drops the least recently used entry beyond maxEntries', () => {
    const cache = new SecretVerificationCache({ maxEntries: 3 })
    cache.remember('c1', 's', HASH_A)
    cache.remember('c2', 's', HASH_A)
    cache.remember('c3', 's', HASH_A)
    expect(cache.has('c1', 's', HASH_A)).toBe(true) // touch c1: c2 is now the oldest
    cache.remember('c4', 's', HASH_A)
    expect(cache.size).toBe(3)
    expect(cache.has('c2', 's', HASH_A)).toBe(false)
    expect(cache.has('c1', 's', HASH_A)).toBe(true)
    expect(cache.has('c3', 's', HASH_A)).toBe(true)
    expect(cache.has('c4', 's', HASH_A)).toBe(true)
  })

  it('defaults to 10,000 entries', () => {
    const cache = new SecretVerificationCache()
    for (let i = 0; i < SECRET_CACHE_ENTRIES + 5; i++) cache.remember(`c${i}`, 's', HASH_A)
    expect(cache.size).toBe(SECRET_CACHE_ENTRIES)
    expect(cache.has('c0', 's', HASH_A)).toBe(false)
    expect(cache.has(`c${SECRET_CACHE_ENTRIES + 4}`, 's', HASH_A)).toBe(true)
  })

  it('rejects a nonsensical bound', () => {
    expect(() => new SecretVerificationCache({ maxEntries: 0 })).toThrow(RangeError)
  })
})
