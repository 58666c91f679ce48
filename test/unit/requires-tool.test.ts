// The rule for tests that need an outside tool: run it when it is there; skip and say why on a
// developer's machine; fail under CI=true unless the tool cannot be had there at all.
import { describe, expect, it } from 'vitest'
import { toolDecision, underCi } from '../helpers/requires-tool'

describe('requiresTool', () => {
  it('runs the tests whenever the tool is there, CI or not', () => {
    expect(toolDecision(null, undefined, false)).toBe('run')
    expect(toolDecision(null, undefined, true)).toBe('run')
    expect(toolDecision(null, 'not in Debian', true)).toBe('run')
  })

  it('skips for a missing tool on a developer machine, fails under CI', () => {
    expect(toolDecision('curl not runnable', undefined, false)).toBe('skip')
    expect(toolDecision('curl not runnable', undefined, true)).toBe('fail')
  })

  it('skips an excepted tool under CI too (one that cannot be installed there)', () => {
    expect(toolDecision('pwsh not runnable', 'PowerShell is in neither Debian nor npm', true)).toBe('skip')
  })

  it('reads CI=true, and the values CI services set, as CI; unset, empty, "false" and "0" as not', () => {
    expect(underCi({ CI: 'true' })).toBe(true)
    expect(underCi({ CI: '1' })).toBe(true)
    expect(underCi({})).toBe(false)
    expect(underCi({ CI: '' })).toBe(false)
    expect(underCi({ CI: 'false' })).toBe(false)
    expect(underCi({ CI: '0' })).toBe(false)
  })
})
