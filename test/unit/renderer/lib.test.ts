// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { explainClaims } from '../../../src/renderer/lib/claims'
import {
  maskSecrets,
  previewRequest,
  runnerRequestFromDraft,
  EMPTY_DRAFT,
} from '../../../src/renderer/lib/composer-request'
import { errorsFor, fieldErrorsFromDetails, problemFromError } from '../../../src/renderer/lib/field-errors'
import { matchesFilter, EMPTY_FILTER } from '../../../src/renderer/lib/history-filter'
import { readJwtPayload } from '../../../src/renderer/lib/jwt'
import { explainOAuthError } from '../../../src/renderer/lib/oauth-errors'
import { formatRecordedRequest } from '../../../src/renderer/lib/response-body'
import { relativeTime } from '../../../src/renderer/lib/time'
import { LabError } from '../../../src/shared/lab-api'
import { makeExchange, summaryOf, unsignedJwt } from '../../helpers/exchange-fixtures'

describe('relativeTime', () => {
  it('says "in 4 min" and "3 min ago"', () => {
    const now = 1_700_000_000_000
    expect(relativeTime(now + 4 * 60_000, now)).toBe('in 4 min')
    expect(relativeTime(now - 3 * 60_000, now)).toBe('3 min ago')
    expect(relativeTime(now + 30_000, now)).toBe('in 30 s')
    expect(relativeTime(now - 2 * 3_600_000, now)).toBe('2 h ago')
    expect(relativeTime(now + 1000, now)).toBe('now')
  })
})

describe('claims and errors explained', () => {
  it('explains registered claims and gives NumericDate claims a local and relative time (RFC 7519 §4.1)', () => {
    const now = 1_700_000_000_000
    const rows = explainClaims({ exp: now / 1000 + 240, sub: 'alice', tenant: 'x' }, now)
    expect(rows[0]).toMatchObject({ name: 'exp', value: String(now / 1000 + 240) })
    expect(rows[0]?.when).toMatch(/\(in 4 min\)$/)
    expect(rows[1]?.meaning).toMatch(/^Subject/)
    expect(rows[2]?.meaning).toMatch(/custom claim/)
  })

  it('gives every RFC 6749 §5.2 code a meaning, and unknown codes a fallback', () => {
    for (const code of [
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
    ]) {
      expect(explainOAuthError(code).rfc).toContain('RFC 6749 §5.2')
      expect(explainOAuthError(code).likelyCauses.length).toBeGreaterThan(0)
    }
    expect(explainOAuthError('invalid_grant', 'password').likelyCauses.join()).not.toContain('refresh token')
    expect(explainOAuthError('invalid_grant', 'refresh_token').likelyCauses.join()).not.toContain('wrong password')
    expect(explainOAuthError('made_up').meaning).toMatch(/not one RFC 6749 §5.2 defines/)
  })

  it('reads a JWT payload without verifying it, and nothing else', () => {
    expect(readJwtPayload(unsignedJwt({ sub: 'ü' }))).toEqual({ sub: 'ü' })
    expect(readJwtPayload('opaque-token')).toBeNull()
  })
})

describe('field errors', () => {
  it('maps `path: message` details to fields, nested paths included', () => {
    const { fields, rest } = fieldErrorsFromDetails([
      'clientId: printable ASCII only',
      'lockout.maxFailures: too big',
      '(input): bad',
      'no path here',
    ])
    expect(errorsFor(fields, 'clientId')).toEqual(['printable ASCII only'])
    expect(errorsFor(fields, 'lockout')).toEqual(['too big'])
    expect(rest).toEqual(['(input): bad', 'no path here'])
  })

  it('keeps the message of a non-validation error for above the form', () => {
    expect(problemFromError(new LabError('conflict', 'exists'))).toEqual({ general: ['exists'], fields: {} })
    expect(problemFromError(new LabError('validation', 'invalid', ['name: required']))).toEqual({
      general: [],
      fields: { name: ['required'] },
    })
  })
})

describe('composer request', () => {
  it('sends grant_type, username, password and scope, leaving empty ones out (RFC 6749 §3.2)', () => {
    const req = runnerRequestFromDraft({
      ...EMPTY_DRAFT,
      username: 'alice',
      password: '',
      scope: 'read',
      extraParams: [
        { id: 1, name: 'x', value: '' },
        { id: 2, name: '', value: 'y' },
      ],
    })
    expect(req.params).toEqual([
      ['grant_type', 'password'],
      ['username', 'alice'],
      ['scope', 'read'],
      ['x', ''],
    ])
  })

  it('says why a preview cannot be built', () => {
    expect(previewRequest(runnerRequestFromDraft(EMPTY_DRAFT), null)).toEqual({
      ok: false,
      message: 'the embedded server is not running',
    })
    expect(
      previewRequest(runnerRequestFromDraft({ ...EMPTY_DRAFT, target: { kind: 'url', url: 'nope' } }), null),
    ).toMatchObject({ ok: false, message: 'not a valid URL: nope' })
  })

  it('masks a secret everywhere it appears', () => {
    expect(maskSecrets('password=p%40ss&x=p%40ss', ['p%40ss'])).toBe('password=••••••••&x=••••••••')
  })
})

describe('history and recorded requests', () => {
  it('matches live summaries against the filter', () => {
    const s = summaryOf(
      makeExchange({ id: '1', status: 400, error: 'invalid_grant', clientId: 'legacy', username: 'alice' }),
    )
    expect(matchesFilter(s, EMPTY_FILTER)).toBe(true)
    expect(matchesFilter(s, { ...EMPTY_FILTER, status: '400', error: 'invalid_grant' })).toBe(true)
    expect(matchesFilter(s, { ...EMPTY_FILTER, status: '200' })).toBe(false)
    expect(matchesFilter(s, { ...EMPTY_FILTER, text: 'LEG' })).toBe(true)
    expect(matchesFilter(s, { ...EMPTY_FILTER, origin: 'composer' })).toBe(false)
  })

  it('formats a runner request recorded with a full URL as HTTP/1.1 text', () => {
    const text = formatRecordedRequest({
      method: 'POST',
      target: 'http://127.0.0.1:9/t?a=1',
      headers: [['Accept', 'application/json']],
      body: 'x=1',
    })
    expect(text).toBe('POST /t?a=1 HTTP/1.1\nHost: 127.0.0.1:9\nAccept: application/json\n\nx=1')
  })
})
