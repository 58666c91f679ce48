// Which flows a client used and whether it has moved off the password grant (RFC 9700 §2.4): a
// successor flow (way-out.md) that succeeded, and how long since its last password grant.
import {
  SUCCESSOR_FLOWS,
  type ClientMovement,
  type FlowUse,
  type MigrationStatus,
  type SuccessorFlow,
} from '../../shared/migration-report'
import { FLOWS, type Flow } from '../../shared/wire'
import type { ReportAggregates } from '../../store/index'

const DAY_MS = 86_400_000

export function flowUses(rows: ReportAggregates['flows']): FlowUse[] {
  return rows
    .filter((r): r is typeof r & { flow: Flow } => (FLOWS as readonly string[]).includes(r.flow))
    .map((r) => ({
      flow: r.flow,
      requests: r.requests,
      successes: r.successes,
      firstSuccessAt: r.firstSuccessAt,
      lastSuccessAt: r.lastSuccessAt,
      lastAt: r.lastAt,
    }))
}

export const isSuccessor = (flow: Flow): flow is SuccessorFlow => (SUCCESSOR_FLOWS as readonly string[]).includes(flow)

/**
 * `end`: the report's end (its `until`, else its time). A client that used a successor is *moved*
 * once `movedAfterDays` whole days have passed since its last password grant (or it sent none).
 */
export function movementOf(flows: readonly FlowUse[], end: string, movedAfterDays: number): ClientMovement {
  const successors = flows
    .filter(
      (f): f is FlowUse & { flow: SuccessorFlow; firstSuccessAt: string } =>
        isSuccessor(f.flow) && f.firstSuccessAt !== null,
    )
    .map((f) => ({ flow: f.flow, firstUsedAt: f.firstSuccessAt }))
    .sort((a, b) => (a.firstUsedAt < b.firstUsedAt ? -1 : a.firstUsedAt > b.firstUsedAt ? 1 : 0))
  const password = flows.find((f) => f.flow === 'password')
  const days = password ? Math.floor((Date.parse(end) - Date.parse(password.lastAt)) / DAY_MS) : null
  let status: MigrationStatus
  if (successors.length > 0) status = days === null || days >= movedAfterDays ? 'moved' : 'both'
  else status = flows.some((f) => f.flow === 'password' || f.flow === 'refresh_token') ? 'password_only' : 'not_seen'
  return { status, successors, daysSincePasswordGrant: days }
}
