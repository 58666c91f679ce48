// The one place a bridge's untrusted call becomes a handler call: validate with zod, run,
// and turn every failure into a tagged LabResult (Electron IPC keeps only an Error's message).
import { z } from 'zod'
import { fileErrorMap } from '../shared/fields'
import { inputShapeMessage } from '../shared/json-depth'
import {
  LabError,
  labApiInputs,
  type LabHandlers,
  type LabInput,
  type LabMethod,
  type LabOutput,
  type LabResult,
} from '../shared/lab-api'

export function isLabMethod(name: string): name is LabMethod {
  return Object.prototype.hasOwnProperty.call(labApiInputs, name)
}

export async function dispatchLabCall(
  handlers: LabHandlers,
  method: string,
  rawInput: unknown,
): Promise<LabResult<unknown>> {
  if (!isLabMethod(method)) {
    return { ok: false, error: { kind: 'not_found', message: `unknown lab method "${method}"` } }
  }
  const shape = inputShapeMessage(rawInput)
  if (shape !== null) {
    const message = `the input is ${shape}`
    return { ok: false, error: { kind: 'validation', message, details: [`(input): ${message}`] } }
  }
  // The same words as a workspace file's problems (shared/fields.ts): a form and an import agree.
  const parsed = labApiInputs[method].safeParse(rawInput ?? {}, { error: fileErrorMap })
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        kind: 'validation',
        message: `invalid input for ${method}`,
        details: parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`),
      },
    }
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>
    return { ok: true, data: await handler(parsed.data) }
  } catch (err) {
    if (err instanceof LabError) return { ok: false, error: err.toShape() }
    if (err instanceof z.ZodError) {
      return { ok: false, error: { kind: 'validation', message: err.message } }
    }
    // Internal causes stay on the owning side: log them, say only that it failed.
    console.error(`[ropc-lab] ${method} failed:`, err)
    return { ok: false, error: { kind: 'internal', message: `${method} failed unexpectedly` } }
  }
}

/** Typed in-process call (CLI, tests): validates like a bridge, throws a LabError on failure. */
export async function invokeLab<M extends LabMethod>(
  handlers: LabHandlers,
  method: M,
  input: LabInput<M>,
): Promise<LabOutput<M>> {
  const result = await dispatchLabCall(handlers, method, input)
  if (!result.ok) throw LabError.fromShape(result.error)
  return result.data as LabOutput<M>
}
