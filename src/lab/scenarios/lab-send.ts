// The engine's `send` over a lab: its request runner (the composer's), recording each exchange with
// origin "scenario" and answering with the response as received.
import { runnerRequestSchema } from '../../shared/lab-api'
import type { Lab } from '../lab-types'
import type { SendRequest } from './types'

export function labSend(lab: Pick<Lab, 'runner'>): SendRequest {
  return async (request) => {
    const parsed = runnerRequestSchema.safeParse(request)
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')
      throw new Error(`the request runner refused the request (${why})`)
    }
    return lab.runner.send(parsed.data, 'scenario')
  }
}
