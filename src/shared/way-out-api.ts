// The LabApi calls of the way out (way-out.md): start an authorization code flow from the lab (the
// composer opens the URL in the browser; the lab's loopback listener catches the redirect and redeems
// the code), run the authorization challenge step by step, and the second factor of a user (enrol,
// show the QR code, show the current code for a trainer without a phone, clear). Verifiers, states,
// auth sessions and client secrets stay in the lab's memory; the exchanges are the one pipeline's.
import { z } from 'zod'
import type { Exchange } from './exchange'

const id = z.string().min(1).max(200)
const username = z.string().min(1).max(500)
const clientAuth = {
  clientId: id,
  /** A confidential client's secret, for the token request (and the challenge); memory only. */
  clientSecret: z.string().max(500).optional(),
  /** How the client authenticates; default Basic with a secret, `none` (client_id in the body) without. */
  authMethod: z.enum(['basic', 'body', 'none']).optional(),
  scope: z.string().max(2000).optional(),
}

export const wayOutApiInputs = {
  'wayOut.startAuthorizationCode': z.object(clientAuth).strict(),
  'wayOut.flowStatus': z.object({ flowId: id }).strict(),
  /** The first step (username, password, optionally otp) or, with flowId, the second (otp). */
  'wayOut.challenge': z
    .object({
      ...clientAuth,
      flowId: id.optional(),
      username: username.optional(),
      password: z.string().max(1000).optional(),
      otp: z.string().max(20).optional(),
    })
    .strict(),
  /** Redeems the challenge's authorization code at the token endpoint with the flow's verifier. */
  'wayOut.challengeRedeem': z.object({ flowId: id }).strict(),
  'wayOut.totpEnrol': z.object({ username }).strict(),
  'wayOut.totpClear': z.object({ username }).strict(),
  'wayOut.totpEnrolment': z.object({ username }).strict(),
  'wayOut.totpCurrent': z.object({ username }).strict(),
} as const

export type WayOutFlowStatus = 'waiting' | 'code_received' | 'redeemed' | 'failed'

export interface AuthorizationCodeStart {
  flowId: string
  /** Open this in a browser: the embedded server's sign-in page. */
  authorizationUrl: string
  /** The lab's loopback callback (RFC 8252 §7.3), registered on the client without its port. */
  redirectUri: string
}

export interface WayOutFlowView {
  flowId: string
  kind: 'authorization_code' | 'authorization_challenge'
  clientId: string
  status: WayOutFlowStatus
  /** Why the flow failed, or the error the server redirected with. */
  error?: string
  /** The exchanges of this flow in order (ids of the one pipeline's records). */
  exchangeIds: string[]
  /** The token request's exchange, once the code was redeemed (its response as received). */
  token?: Exchange
}

export interface ChallengeStep {
  flowId: string
  /** `code`: an authorization code is held (redeem it); `otp_required`: send the otp; `refused`: see the exchange. */
  step: 'code' | 'otp_required' | 'refused'
  exchange: Exchange
}

export interface TotpEnrolment {
  /** The otpauth:// URI an authenticator app reads (it holds the secret: show it to the user only). */
  uri: string
  /** The URI as a QR code, an SVG document. */
  qrSvg: string
}

export interface WayOutApiOutputs {
  'wayOut.startAuthorizationCode': AuthorizationCodeStart
  'wayOut.flowStatus': WayOutFlowView
  'wayOut.challenge': ChallengeStep
  'wayOut.challengeRedeem': Exchange
  'wayOut.totpEnrol': TotpEnrolment
  'wayOut.totpClear': { cleared: boolean }
  'wayOut.totpEnrolment': TotpEnrolment
  /** The code an authenticator shows now, and when it changes (ISO time). */
  'wayOut.totpCurrent': { code: string; expiresAt: string }
}
