// Step 7, live: the way out on the lesson lab, for the same user — the password grant, authorization
// code with PKCE (RFC 6749 §4.1, RFC 7636; the lab plays the person's browser on the server's own
// sign-in page) and the authorization challenge (draft-ietf-oauth-first-party-apps) — with who held
// the password in each; then Mia, who has a second factor: refused by the password grant (RFC 9700
// §2.4), signed in through the challenge with the code the lab computes (RFC 6238).
import type { Exchange } from '../../shared/exchange'
import { LESSON_CAST, type LabOutput, type LessonFlowRun, type LessonPasswordSeen } from '../../shared/lab-api'
import { maskResponse } from '../../shared/masking'
import { ENDPOINT_PATHS } from '../../shared/wire'
import type { OpenLesson } from './lesson-lab'
import { LESSON_PASSWORDS } from './lesson-workspace'
import { passwordGrant } from './requests'
import { LESSON_FLOW_WAIT_MS } from '../../shared/limits'
import { signInAsBrowser } from '../way-out/sign-in-driver'

const masked = (e: Exchange): Exchange => ({ ...e, response: maskResponse(e.response) })

/** Which of the flow's requests carried a password, and who sent it (the parameter's name survives masking). */
function passwordSeen(exchanges: readonly Exchange[]): LessonPasswordSeen[] {
  return exchanges
    .filter((e) => /(^|&)password=/.test(e.request.body ?? ''))
    .map((e) => {
      const path = e.endpoint.replace(/^https?:\/\/[^/]+/, '').split('?')[0]
      if (path === ENDPOINT_PATHS.authorize) return { step: 'sign-in', by: 'browser' as const }
      return { step: path === ENDPOINT_PATHS.challenge ? 'challenge' : 'token', by: 'client' as const }
    })
}

function run(flow: LessonFlowRun['flow'], exchanges: Exchange[]): LessonFlowRun {
  const last = exchanges.at(-1)
  const signedIn = last !== undefined && last.status === 200 && last.grantType !== undefined
  return { flow, exchanges, passwordSeen: passwordSeen(exchanges), signedIn }
}

async function codeFlow(open: OpenLesson, username: string, password: string): Promise<LessonFlowRun> {
  const since = new Date().toISOString()
  const start = await open.call('wayOut.startAuthorizationCode', { clientId: LESSON_CAST.wayOutClient, scope: 'read' })
  await signInAsBrowser(start.authorizationUrl, username, password)
  const deadline = Date.now() + LESSON_FLOW_WAIT_MS
  let view = await open.call('wayOut.flowStatus', { flowId: start.flowId })
  while ((view.status === 'waiting' || view.status === 'code_received') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50))
    view = await open.call('wayOut.flowStatus', { flowId: start.flowId })
  }
  // The browser's requests are the server's own exchanges of this client since the flow began.
  const { items } = await open.call('exchanges.list', { limit: 200 })
  const browser = items
    .filter(
      (e) => e.at >= since && e.clientId === LESSON_CAST.wayOutClient && e.endpoint.includes(ENDPOINT_PATHS.authorize),
    )
    .map((e) => e.id)
  const ids = [...browser, ...view.exchangeIds]
  const exchanges = await Promise.all(ids.map((id) => open.call('exchanges.get', { id })))
  return run(
    'authorization_code',
    exchanges.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
  )
}

async function challengeFlow(open: OpenLesson, username: string, password: string): Promise<LessonFlowRun> {
  const client = { clientId: LESSON_CAST.wayOutClient, scope: 'read' }
  const exchanges: Exchange[] = []
  let step = await open.call('wayOut.challenge', { ...client, username, password })
  exchanges.push(step.exchange)
  if (step.step === 'otp_required') {
    // RFC 6238: the code the user's authenticator shows now, computed by the lab (a trainer without a phone).
    const { code } = await open.call('wayOut.totpCurrent', { username })
    step = await open.call('wayOut.challenge', { ...client, flowId: step.flowId, otp: code })
    exchanges.push(step.exchange)
  }
  if (step.step === 'code') exchanges.push(await open.call('wayOut.challengeRedeem', { flowId: step.flowId }))
  return run('authorization_challenge', exchanges.map(masked))
}

export async function wayOutLive(open: OpenLesson): Promise<LabOutput<'lesson.wayOutLive'>> {
  const username = LESSON_CAST.signInUser
  const password = LESSON_CAST.signInPassword
  const pw = await open.send(passwordGrant('legacy', username, password, 'read'))
  const flows = [
    run('password', [pw.logged]),
    await codeFlow(open, username, password),
    await challengeFlow(open, username, password),
  ]
  const mfa = LESSON_CAST.mfaUser
  const refused = await open.send(passwordGrant('legacy', mfa, LESSON_PASSWORDS.mfaUser))
  return {
    username,
    flows,
    secondFactor: {
      username: mfa,
      passwordGrant: refused.logged,
      challenge: await challengeFlow(open, mfa, LESSON_PASSWORDS.mfaUser),
    },
  }
}
