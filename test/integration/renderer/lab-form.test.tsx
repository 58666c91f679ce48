// @vitest-environment jsdom
// useLabForm: a form written as a field table; every message — the form's own, the schema's, the lab's
// refusal — lands on the field whose path it names, with the schema's own words behind it.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { FormFrame } from '../../../src/renderer/components/common/FormFrame'
import { TextInput } from '../../../src/renderer/components/common/FormInputs'
import { messagesFor, validateLabInput } from '../../../src/renderer/lib/field-errors'
import { asIs, readForm, showForm, wholeNumber } from '../../../src/renderer/lib/form-fields'
import { useLabForm } from '../../../src/renderer/lib/use-lab-form'
import { LabError, type LabInput } from '../../../src/shared/lab-api'

afterEach(cleanup)

const FORM = {
  clientId: asIs(),
  accessTokenTtl: wholeNumber({ unit: 'seconds', example: '300', emptyMeans: 'use the settings' }),
  maxFailures: wholeNumber({ path: 'lockout.maxFailures', example: '5' }),
}

type Sent = LabInput<'clients.create'>

function TestForm({ send }: { send: (input: Sent) => Promise<unknown> }) {
  const form = useLabForm({
    fields: FORM,
    initial: () => showForm(FORM, { clientId: '', accessTokenTtl: null, lockout: { maxFailures: 5 } }),
    method: 'clients.create',
    // The lockout is no client field: the form keeps it to show a nested path, and leaves it out.
    toInput: (read) => {
      const { lockout: _l, ...input } = read as Sent & { lockout: unknown }
      return input
    },
    send,
    keyField: 'clientId',
  })
  return (
    <FormFrame form={form} label="Test form">
      <TextInput form={form} name="clientId" label="Client ID" />
      <TextInput form={form} name="accessTokenTtl" label="Lifetime" />
      <TextInput form={form} name="maxFailures" label="Failures" />
      <button type="submit">Save</button>
      <span role="status">{form.saved ? 'Saved.' : ''}</span>
    </FormFrame>
  )
}

function messagesOf(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
}

function setup(send: (input: Sent) => Promise<unknown>) {
  const sent: Sent[] = []
  const user = userEvent.setup()
  render(
    <TestForm
      send={(input) => {
        sent.push(input)
        return send(input)
      }}
    />,
  )
  return { user, sent }
}

describe('useLabForm', () => {
  it("checks with the lab's schema before sending: one message in the user's words, the schema's behind it", async () => {
    const { user, sent } = setup(async () => ({}))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    const id = screen.getByLabelText('Client ID')
    // Empty is one complaint with an example, not "too small" beside a pattern that cannot apply.
    expect(messagesOf(id)).toBe('must not be empty, e.g. my-app')
    expect(messagesOf(id)).not.toMatch(/printable ASCII|Too small/)
    const field = id.closest('.field') as HTMLElement
    const detail = within(field).getByText(/^too_small: /)
    expect(detail.textContent).toMatch(/expected string to have >=1 characters/)
    expect(detail.closest('details')).not.toBeNull()
    expect(document.activeElement).toBe(id)
    expect(sent).toEqual([])
  })

  it("gives a field that cannot be read its own message, with an example, and not the schema's 'required'", async () => {
    const { user, sent } = setup(async () => ({}))
    await user.type(screen.getByLabelText('Client ID'), 'my-app')
    await user.type(screen.getByLabelText('Lifetime'), 'soon')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(messagesOf(screen.getByLabelText('Lifetime'))).toBe(
      'must be a whole number of seconds, e.g. 300, or empty to use the settings',
    )
    expect(sent).toEqual([])
  })

  it("puts the lab's refusal on the fields its paths name, nested ones included; the rest above the form", async () => {
    const { user, sent } = setup(async () => {
      throw new LabError('validation', 'invalid input', [
        'lockout.maxFailures: must be between 1 and 1000',
        'accessTokenTtl: must be between 1 and 31536000',
        'colour: unknown key',
        'the lab is read-only',
      ])
    })
    await user.type(screen.getByLabelText('Client ID'), 'my-app')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(messagesOf(screen.getByLabelText('Failures'))).toBe('must be between 1 and 1000'))
    expect(messagesOf(screen.getByLabelText('Lifetime'))).toBe('must be between 1 and 31536000')
    expect(sent).toEqual([expect.objectContaining({ clientId: 'my-app', accessTokenTtl: null })])
    // A path no field shows is said above the form with its path, never dropped.
    const above = screen.getByRole('form', { name: 'Test form' }).querySelector('.problem')
    expect(above?.textContent).toContain('the lab is read-only')
    expect(above?.textContent).toContain('colour: unknown key')
  })

  it('puts a conflict next to the key field', async () => {
    const { user } = setup(async () => {
      throw new LabError('conflict', 'client "my-app" exists already')
    })
    await user.type(screen.getByLabelText('Client ID'), 'my-app')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(messagesOf(screen.getByLabelText('Client ID'))).toBe('client "my-app" exists already'))
  })

  it('says "Saved." after a send, and not after the next edit', async () => {
    const { user, sent } = setup(async () => ({}))
    await user.type(screen.getByLabelText('Client ID'), 'my-app')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'))
    expect(sent).toHaveLength(1)
    await user.type(screen.getByLabelText('Client ID'), '2')
    expect(screen.getByRole('status').textContent).toBe('')
  })
})

describe('form fields', () => {
  it('shows a record by path and reads it back into the shape of the LabApi input', () => {
    const state = showForm(FORM, { clientId: 'my-app', accessTokenTtl: 300, lockout: { maxFailures: 5 } })
    expect(state).toEqual({ clientId: 'my-app', accessTokenTtl: '300', maxFailures: '5' })
    expect(readForm(FORM, { ...state, accessTokenTtl: ' ' })).toEqual({
      input: { clientId: 'my-app', accessTokenTtl: null, lockout: { maxFailures: 5 } },
      errors: {},
    })
    expect(readForm(FORM, { ...state, maxFailures: 'five' }).errors).toEqual({
      'lockout.maxFailures': ['must be a whole number, e.g. 5'],
    })
  })

  it("keeps the schema's own words behind each message it rewords", () => {
    const problem = validateLabInput('settings.update', { bcryptCost: 99 })
    expect(messagesFor(problem, 'bcryptCost')).toEqual([
      { text: 'must be between 4 and 14', detail: 'too_big: Too big: expected number to be <=14' },
    ])
  })
})
