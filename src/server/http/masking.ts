// What is stored never holds a password, a client secret, a token sent by the client or Basic
// credentials in clear (the security rule of architecture.md); the unmasked body stays in memory only. The shared form
// masking is applied first; the extra passes catch credentials a client sent in the wrong shape
// (JSON or multipart instead of a form, or names in another letter case).
import type { HeaderList } from '../../shared/exchange'
import { MASK, maskFormBody, maskHeaders, SECRET_PARAMS } from '../../shared/masking'

const NAMES = [...SECRET_PARAMS, 'access_token'].join('|')
const FORM_ANY_CASE = new RegExp(`(^|&)((?:${NAMES})=)[^&]+`, 'gi')
const JSON_VALUE = new RegExp(`("(?:${NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi')
const MULTIPART_VALUE = new RegExp(
  `(name="(?:${NAMES})"[^\\r\\n]*\\r?\\n(?:[^\\r\\n]+\\r?\\n)*\\r?\\n)[^\\r\\n]*`,
  'gi',
)

export function maskBody(body: string): string {
  if (body === '') return body
  return maskFormBody(body)
    .replace(FORM_ANY_CASE, `$1$2${MASK}`)
    .replace(JSON_VALUE, `$1"${MASK}"`)
    .replace(MULTIPART_VALUE, `$1${MASK}`)
}

/** Path and query as received, with credential values in the query masked. */
export function maskTarget(target: string): string {
  const q = target.indexOf('?')
  if (q === -1) return target
  return target.slice(0, q + 1) + maskBody(target.slice(q + 1))
}

/** Authorization (and Proxy-Authorization) become `<scheme> ***`. */
export function maskRequestHeaders(headers: HeaderList): HeaderList {
  return maskHeaders(headers).map(([k, v]) =>
    k.toLowerCase() === 'proxy-authorization' ? [k, `${v.split(' ', 1)[0] ?? ''} ${MASK}`] : [k, v],
  )
}
