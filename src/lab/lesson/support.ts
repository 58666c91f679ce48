// Steps 4 and 6 need server features that land separately: the user fields `requiresMfa` and
// `passwordExpired` (the password grant refuses such users, RFC 9700 §2.4) and the setting
// `revokeRefreshTokensOnPasswordChange` (RFC 6819 §5.2.2.3). Until this build has them, those steps
// say what they wait for instead of showing a result the server did not produce.
import { LabError, type LessonStatus, type LessonWaitingStep } from '../../shared/lab-api'
import { SETTINGS_FIELDS } from '../../shared/settings-fields'
import { USER_FIELDS } from '../../shared/user-fields'

const has = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key)

export function lessonWaiting(): LessonStatus['waiting'] {
  const waiting: LessonStatus['waiting'] = {}
  const missingUserFields = ['requiresMfa', 'passwordExpired'].filter((k) => !has(USER_FIELDS, k))
  if (missingUserFields.length) {
    waiting.secondFactor = `waiting for the server: the user field${missingUserFields.length > 1 ? 's' : ''} ${missingUserFields.join(' and ')} ${missingUserFields.length > 1 ? 'are' : 'is'} not in this build yet`
  }
  if (!has(SETTINGS_FIELDS, 'revokeRefreshTokensOnPasswordChange')) {
    waiting.tokensOutlive =
      'waiting for the server: the setting revokeRefreshTokensOnPasswordChange is not in this build yet'
  }
  return waiting
}

/** Throws when the step's server side is not in this build. */
export function requireStep(step: LessonWaitingStep): void {
  const reason = lessonWaiting()[step]
  if (reason) throw new LabError('conflict', reason)
}
