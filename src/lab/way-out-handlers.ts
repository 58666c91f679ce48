// The way out's LabApi calls (src/shared/way-out-api.ts): the flows the lab runs (way-out/flows.ts)
// and a user's second factor (RFC 6238, server/credentials/totp.ts). The TOTP secret leaves the core
// only inside the enrolment URI and QR code, for the person enrolling a phone.
import { LabError, type LabAreaHandlers } from '../shared/lab-api'
import { currentTotp, generateTotpSecret, totpEnrolment } from '../server/credentials/totp'
import type { Store } from '../store/index'
import type { WayOutFlows } from './way-out/flows'

export interface WayOutHandlerDeps {
  store: Store
  flows: WayOutFlows
  now?: () => number
  /** A user changed (the Users view shows whether a second factor is enrolled). */
  changed: (area: 'users') => void
}

export function createWayOutHandlers({
  store,
  flows,
  now = Date.now,
  changed,
}: WayOutHandlerDeps): LabAreaHandlers<'wayOut'> {
  const secretOf = (username: string): string => {
    const user = store.users.get(username)
    if (user === null) throw new LabError('not_found', `no user "${username}"`)
    if (user.totpSecret === null) throw new LabError('conflict', `user "${username}" has no second factor enrolled`)
    return user.totpSecret
  }
  return {
    async 'wayOut.startAuthorizationCode'(input) {
      return flows.startAuthorizationCode(input)
    },
    async 'wayOut.flowStatus'({ flowId }) {
      return flows.status(flowId)
    },
    async 'wayOut.challenge'(input) {
      return flows.challenge(input)
    },
    async 'wayOut.challengeRedeem'({ flowId }) {
      return flows.redeemChallenge(flowId)
    },
    async 'wayOut.totpEnrol'({ username }) {
      if (store.users.get(username) === null) throw new LabError('not_found', `no user "${username}"`)
      const secret = generateTotpSecret()
      store.users.setTotpSecret(username, secret)
      changed('users')
      return totpEnrolment(secret, username)
    },
    async 'wayOut.totpClear'({ username }) {
      if (store.users.get(username) === null) throw new LabError('not_found', `no user "${username}"`)
      const cleared = store.users.setTotpSecret(username, null)
      changed('users')
      return { cleared }
    },
    async 'wayOut.totpEnrolment'({ username }) {
      return totpEnrolment(secretOf(username), username)
    },
    async 'wayOut.totpCurrent'({ username }) {
      const { code, expiresAt } = currentTotp(secretOf(username), username, now())
      return { code, expiresAt: new Date(expiresAt).toISOString() }
    },
  }
}
