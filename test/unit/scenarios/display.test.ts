// Report values: a header named like a credential is masked in a scenario report as the exchange log masks it
// (masking.ts isCredentialHeader), while body members keep the narrower rule (token_type stays readable).
import { describe, expect, it } from 'vitest'
import { isSensitiveHeader, isSensitiveKey, shown } from '../../../src/lab/scenarios/display'

describe('scenario report values', () => {
  it('masks the value of a header named like a credential, whatever its letter case', () => {
    for (const name of ['Authorization', 'X-Auth-Token', 'x-api-key', 'X-Client-Secret', 'Set-Cookie']) {
      expect(isSensitiveHeader(name), name).toBe(true)
      expect(shown('value-0123456789', name, isSensitiveHeader(name)), name).toBe('a string of 16 characters (masked)')
    }
  })

  it('shows other headers and body members as they are', () => {
    for (const name of ['Content-Type', 'Access-Control-Allow-Credentials', 'WWW-Authenticate'])
      expect(isSensitiveHeader(name), name).toBe(false)
    expect(isSensitiveKey('token_type')).toBe(false)
    expect(shown('Bearer', 'token_type')).toBe('"Bearer"')
  })
})
