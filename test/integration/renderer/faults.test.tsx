// @vitest-environment jsdom
// Workspace → Faults against a real lab: the editor writes rules the embedded server applies to real
// requests, each field shows the shared schema's message for it, rules are added, reordered and removed
// and saved whole; the status bar's badge shows the active rules on every screen, opens the tab, and
// follows the counts live — a spent `times` rule stays listed with 0 left.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { FAULT_EFFECT_TYPES, FAULT_EFFECTS } from '../../../src/shared/fault-rules'
import { renderApp } from './render-app'
import { ALICE_PASSWORD, smallWorkspace, startTestLab } from './test-lab'

afterEach(cleanup)

const OVERLOADED = {
  name: 'overloaded',
  match: { endpoint: 'token' },
  trigger: { times: 2 },
  effect: { type: 'error', status: 503, error: 'temporarily_unavailable' },
}
const SLOW = { name: 'slow', enabled: false, trigger: { always: true }, effect: { type: 'delay', ms: 100 } }

async function labWith(faults: unknown[]) {
  return startTestLab({ workspace: { ...smallWorkspace(), faults } })
}

async function openFaults(lab?: Awaited<ReturnType<typeof labWith>>) {
  const app = await renderApp(lab)
  await app.user.click(screen.getByRole('button', { name: 'Workspace' }))
  await app.user.click(screen.getByRole('tab', { name: 'Faults' }))
  await screen.findByRole('form', { name: 'Fault rules' })
  return app
}

const rule = (n: number) => screen.getByRole('group', { name: new RegExp(`^Rule ${n}: `) })
/** The messages shown for a field: those its control points to with aria-describedby. */
function messagesOf(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
}

describe('Workspace: Faults editor', () => {
  it('adds a rule, shows the schema’s message next to the wrong field, saves it, and the server applies it', async () => {
    const { user, lab } = await openFaults()
    expect(screen.getByText(/No fault rules/)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Add rule' }))
    const first = rule(1)
    const name = within(first).getByLabelText('Name')
    await user.clear(name)
    await user.type(name, 'gateway down')
    const status = within(first).getByLabelText('HTTP status')
    await user.clear(status)
    await user.type(status, '302')
    expect(messagesOf(status)).toContain('must be an integer between 400 and 599')
    expect(status.getAttribute('aria-invalid')).toBe('true')
    expect((screen.getByRole('button', { name: 'Save rules' }) as HTMLButtonElement).disabled).toBe(true)

    await user.clear(status)
    await user.type(status, '502')
    await user.selectOptions(within(first).getByLabelText('Effect'), 'body')
    await user.clear(within(first).getByLabelText('Times'))
    await user.type(within(first).getByLabelText('Times'), '1')
    expect(status.getAttribute('aria-invalid')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Save rules' }))
    await screen.findByText('Saved 1 rule; counts start again.')

    const saved = await lab.call('faults.list', {})
    expect(saved.rules).toEqual([
      {
        name: 'gateway down',
        enabled: true,
        match: { endpoint: 'token' },
        trigger: { times: 1 },
        effect: {
          type: 'body',
          status: 502,
          contentType: 'text/html',
          body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
        },
        remaining: 1,
        fired: 0,
      },
    ])
    const faulted = await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    expect(faulted.status).toBe(502)
    // Live: the rule is spent, listed with 0 left, and the badge is gone.
    await waitFor(() =>
      expect(within(rule(1)).getByLabelText('Rule status').textContent).toBe('spent (0 left) · fired 1×'),
    )
    expect(screen.queryByRole('button', { name: /faults? active/ })).toBeNull()
    expect((await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })).status).toBe(200)
  })

  it('names a duplicate rule and a missing seed by field, as an import would', async () => {
    const { user } = await openFaults(await labWith([OVERLOADED]))
    await user.click(screen.getByRole('button', { name: 'Add rule' }))
    const second = rule(2)
    const name = within(second).getByLabelText('Name')
    await user.clear(name)
    await user.type(name, 'overloaded')
    expect(messagesOf(name)).toContain('duplicate rule name "overloaded" (also the name of [0])')
    await user.selectOptions(within(second).getByLabelText('Trigger'), 'percent')
    await user.clear(within(second).getByLabelText('Seed'))
    expect(messagesOf(within(second).getByLabelText('Seed'))).toContain('required with "percent"')
    await user.clear(within(second).getByLabelText('Percent'))
    await user.type(within(second).getByLabelText('Percent'), 'half')
    expect(messagesOf(within(second).getByLabelText('Percent'))).toContain('expected a number, got the string "half"')
  })

  it('reorders and removes rules, saved whole in the new order; Reset counts refills a spent rule', async () => {
    const lab = await labWith([OVERLOADED, SLOW])
    const { user } = await openFaults(lab)
    await user.click(within(rule(1)).getByRole('button', { name: 'Move down' }))
    expect(rule(1).getAttribute('aria-label')).toBe('Rule 1: slow')
    await user.click(screen.getByRole('button', { name: 'Save rules' }))
    await screen.findByText('Saved 2 rules; counts start again.')
    expect((await lab.call('faults.list', {})).rules.map((r) => r.name)).toEqual(['slow', 'overloaded'])

    await user.click(within(rule(1)).getByRole('button', { name: 'Remove rule' }))
    await user.click(screen.getByRole('button', { name: 'Save rules' }))
    await screen.findByText('Saved 1 rule; counts start again.')
    expect((await lab.call('faults.list', {})).rules.map((r) => r.name)).toEqual(['overloaded'])

    for (let i = 0; i < 2; i++)
      expect((await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })).status).toBe(503)
    await waitFor(() =>
      expect(within(rule(1)).getByLabelText('Rule status').textContent).toBe('spent (0 left) · fired 2×'),
    )
    await user.click(screen.getByRole('button', { name: 'Reset counts' }))
    await waitFor(() => expect(within(rule(1)).getByLabelText('Rule status').textContent).toBe('2 left · fired 0×'))
  })
})

describe('Status bar: active faults', () => {
  it('shows "N faults active" on every screen, opens the Faults tab, and follows the counts live', async () => {
    const lab = await labWith([OVERLOADED, { ...OVERLOADED, name: 'always', trigger: { always: true } }, SLOW])
    const { user } = await renderApp(lab)
    const bar = screen.getByRole('contentinfo', { name: 'Server status' })
    const badge = await within(bar).findByRole('button', { name: '2 faults active' })
    expect(badge.getAttribute('title')).toBe('Fault rules active: overloaded, always')

    await user.click(badge)
    expect(screen.getByRole('tab', { name: 'Faults' }).getAttribute('aria-selected')).toBe('true')
    expect(rule(1).textContent).toContain('2 left · fired 0×')

    // The `times` rule fires twice (it comes first), then is spent: one rule is left active.
    for (let i = 0; i < 2; i++) await lab.sendAsOutsideClient({ username: 'alice', password: ALICE_PASSWORD })
    await within(bar).findByRole('button', { name: '1 fault active' })
    expect(within(rule(1)).getByLabelText('Rule status').textContent).toBe('spent (0 left) · fired 2×')
    await user.click(screen.getByRole('button', { name: 'Composer' }))
    expect(within(bar).getByRole('button', { name: '1 fault active' })).toBeTruthy()
  })

  it('says what the server runs while the list is edited: no "1 of 1 active" beside an empty list', async () => {
    const lab = await labWith([OVERLOADED])
    const { user } = await openFaults(lab)
    const now = screen.getByRole('status', { name: 'Faults now' })
    expect(now.textContent).toBe('1 of 1 rule active on the embedded server')
    await user.click(within(rule(1)).getByRole('button', { name: 'Remove rule' }))
    expect(now.textContent).toBe(
      'Unsaved changes. As saved: 1 of 1 rule active on the embedded server, until Save rules.',
    )
    expect(screen.getByText(/No fault rules in this list/).textContent).toContain(
      'keeps its saved 1 rule until Save rules',
    )
    expect(screen.queryByText('No fault rules: the server answers normally.')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Save rules' }))
    await screen.findByText('Saved 0 rules; counts start again.')
    expect(now.textContent).toBe('0 of 0 rules active on the embedded server')
    expect(screen.getByText('No fault rules: the server answers normally.')).toBeTruthy()
  })

  it("shows each effect's own fields and explanation, from its definition, and keeps a shared field's text", async () => {
    const { user } = await openFaults()
    await user.click(screen.getByRole('button', { name: 'Add rule' }))
    const first = rule(1)
    const effect = within(first).getByLabelText('Effect')
    for (const type of FAULT_EFFECT_TYPES) {
      await user.selectOptions(effect, type)
      const d = FAULT_EFFECTS[type]
      expect(messagesOf(effect)).toContain(d.explains)
      for (const f of d.fields) expect(within(first).getByLabelText(f.label), `${type}: ${f.label}`).toBeTruthy()
    }
    await user.selectOptions(effect, 'error')
    await user.clear(within(first).getByLabelText('HTTP status'))
    await user.type(within(first).getByLabelText('HTTP status'), '429')
    await user.selectOptions(effect, 'delay')
    expect(within(first).queryByLabelText('HTTP status')).toBeNull()
    await user.selectOptions(effect, 'body')
    expect((within(first).getByLabelText('HTTP status') as HTMLInputElement).value).toBe('429')
  })
})
