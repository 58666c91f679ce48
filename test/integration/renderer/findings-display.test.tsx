// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { Findings } from '../../../src/renderer/components/inspector/TraceAndFindings'
import { explainOAuthError } from '../../../src/renderer/lib/oauth-errors'
import type { Finding } from '../../../src/shared/exchange'
import { createFinding, findingDefinition } from '../../../src/shared/findings/catalogue'
import { OAUTH_ERROR_MEANINGS } from '../../../src/shared/findings/oauth-error-meanings'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { renderApp } from './render-app'

afterEach(cleanup)

const items = () => within(screen.getByRole('list', { name: 'Findings list' })).getAllByRole('listitem')

describe('Findings in the inspector', () => {
  it('shows a client finding with its side, title, message, RFC section and fix from the catalogue', () => {
    const finding = createFinding('repeated_parameter', 'Parameter(s) "scope" appear more than once.')
    render(<Findings findings={[finding]} />)
    const [item] = items()
    expect(item!.querySelector('.side-label')?.textContent).toMatch(/^client/)
    expect(item!.querySelector('.finding-title')?.textContent).toBe(findingDefinition('repeated_parameter').title)
    expect(item!.querySelector('.finding-message')?.textContent).toBe('Parameter(s) "scope" appear more than once.')
    expect(item!.querySelector('.rfc')?.textContent).toBe('RFC 6749 §3.1')
    expect(item!.querySelector('.finding-fix')?.textContent).toContain(findingDefinition('repeated_parameter').fix)
    expect(item!.textContent).toContain('Why it matters')
  })

  it('shows a server finding like a client finding, labelled "server", with the severity of the occurrence', () => {
    const findings = [
      createFinding('client_secret_post_used', 'The client sent its secret in the request body.'),
      createFinding(
        'token_response_cacheable',
        'The error answer (status 400) has no Cache-Control header.',
        'warning',
      ),
    ]
    render(<Findings findings={findings} />)
    const [client, server] = items()
    expect(client!.querySelector('.side-label')?.textContent).toMatch(/^client/)
    expect(server!.className).toContain('side-server')
    expect(server!.className).toContain('severity-warning')
    expect(server!.querySelector('.side-label')?.textContent).toMatch(/^server/)
    expect(server!.querySelector('.side-label')?.textContent).toContain('what the answer did wrong')
    expect(server!.querySelector('.finding-title')?.textContent).toBe('Token answer without Cache-Control: no-store')
    expect(server!.querySelector('.finding-message')?.textContent).toContain('no Cache-Control header')
    expect(server!.querySelector('.rfc')?.textContent).toBe('RFC 6749 §5.1')
    expect(server!.querySelector('.finding-fix')?.textContent).toContain('Cache-Control: no-store')
  })

  it('still shows a stored finding whose code the catalogue does not know and that has no side', () => {
    const legacy = { code: 'retired_code', severity: 'info', rfc: 'RFC 6749 §3.2', message: 'An old finding.' }
    render(<Findings findings={[legacy as unknown as Finding]} />)
    const [item] = items()
    expect(item!.querySelector('.side-label')?.textContent).toMatch(/^client/)
    expect(item!.querySelector('.finding-title')?.textContent).toBe('retired_code')
    expect(item!.querySelector('.finding-message')?.textContent).toBe('An old finding.')
    expect(item!.querySelector('.finding-fix')).toBeNull()
  })

  it('says so when an exchange has no finding', () => {
    render(<Findings findings={[]} />)
    expect(screen.getByRole('region', { name: 'Findings' }).textContent).toContain('No RFC deviation noticed')
  })

  it('the composer sends to another server that breaks §5.1/§5.2: the inspector shows its server findings', async () => {
    // A token endpoint that answers an error without Cache-Control: no-store and with an extra key.
    const other = http.createServer((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ error: 'invalid_grant', detail: 'user not found' }))
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => other.close(() => resolve())))
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/token`
    const app = await renderApp()
    const sent = await app.lab.call('runner.send', {
      target: url,
      auth: { method: 'none', clientId: 'legacy' },
      params: [['grant_type', 'password']],
    })
    expect(sent.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['token_response_cacheable', 'error_body_extra_keys']),
    )
    await app.store.getState().openExchange(sent.id)
    const inspector = screen.getByRole('region', { name: 'Inspector' })
    await waitFor(() => expect(within(inspector).getByRole('list', { name: 'Findings list' })).toBeTruthy())
    const findings = within(inspector).getByRole('region', { name: 'Findings' })
    const titles = [...findings.querySelectorAll('.side-server .finding-title')].map((n) => n.textContent)
    expect(titles).toContain(findingDefinition('token_response_cacheable').title)
    expect(titles).toContain(findingDefinition('error_body_extra_keys').title)
  })
})

describe('one table of RFC meanings', () => {
  it('the renderer reads the error meanings that live beside the findings catalogue (RFC 6749 §5.2, RFC 7009 §2.2.1)', () => {
    expect(explainOAuthError('invalid_scope').meaning).toBe(OAUTH_ERROR_MEANINGS.invalid_scope!.meaning)
    expect(explainOAuthError('unsupported_token_type').rfc).toBe('RFC 7009 §2.2.1')
    // A prototype member is no error code.
    expect(explainOAuthError('constructor').meaning).toMatch(/not one RFC 6749 §5.2 defines/)
  })
})
