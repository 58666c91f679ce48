// On the projector a secret shows only when the trainer presses Reveal: the request the legacy app
// sends, with the password and the client's Basic credentials replaced by dots (the bytes sent are
// unchanged; this is the screen only).
import type { BuiltRequest } from '../../shared/token-request'

export const HIDDEN = '••••••••'

const SECRET_PARAMS = new Set(['password', 'client_secret', 'refresh_token'])

export function hideSecrets(built: BuiltRequest): BuiltRequest {
  const body = built.body
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      return eq > 0 && SECRET_PARAMS.has(pair.slice(0, eq)) ? `${pair.slice(0, eq + 1)}${HIDDEN}` : pair
    })
    .join('&')
  const headers = built.headers.map(([k, v]): [string, string] =>
    k.toLowerCase() === 'authorization' ? [k, `${v.split(' ', 1)[0]} ${HIDDEN}`] : [k, v],
  )
  return { ...built, headers, body }
}
