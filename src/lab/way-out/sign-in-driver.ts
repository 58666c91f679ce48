// What a browser does on the lab's own sign-in page (way-out.md): GET the page, keep its cookie, POST
// its hidden fields with username and password to the form's action, and follow the redirect to the
// client's callback (RFC 6749 §4.1.2). The lesson's live way-out step plays the person's browser with
// it, and the tests drive the page with the same code. node:http, bounded in bytes per answer and in
// time for the whole sign-in; it runs in a jsdom test environment too.
import http from 'node:http'
import { LabError } from '../../shared/lab-api'
import { LESSON_HTTP_TIMEOUT_MS, LESSON_SIGN_IN_PAGE_LIMIT } from '../../shared/limits'

export interface PageAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

interface Send {
  method: 'GET' | 'POST'
  signal: AbortSignal
  body?: string
  cookie?: string
}

function request(url: string, { method, signal, body, cookie }: Send): Promise<PageAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent: false,
      signal,
      headers: {
        ...(cookie && { Cookie: cookie }),
        ...(body !== undefined && {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
        }),
      },
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let total = 0
      res.on('data', (chunk: Buffer) => {
        total += chunk.length
        if (total > LESSON_SIGN_IN_PAGE_LIMIT) {
          req.destroy(new LabError('internal', `${url} answered more than ${LESSON_SIGN_IN_PAGE_LIMIT} bytes`))
          return
        }
        chunks.push(chunk)
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** The page escapes what it shows (sign-in-page.ts); these are the entities it writes. */
const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** Signs in on the page at `authorizationUrl`; resolves with the callback's answer after the redirect. */
export async function signInAsBrowser(
  authorizationUrl: string,
  username: string,
  password: string,
): Promise<PageAnswer> {
  const signal = AbortSignal.timeout(LESSON_HTTP_TIMEOUT_MS)
  const page = await request(authorizationUrl, { method: 'GET', signal })
  if (page.status !== 200) throw new LabError('internal', `sign-in page answered ${page.status}`)
  const cookie = page.headers['set-cookie']?.[0]?.split(';')[0]
  const action = unescapeHtml(/<form method="post" action="([^"]*)"/.exec(page.text)?.[1] ?? '')
  const form = new URLSearchParams()
  for (const m of page.text.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    form.append(unescapeHtml(m[1]!), unescapeHtml(m[2]!))
  form.append('username', username)
  form.append('password', password)
  const posted = await request(new URL(action, authorizationUrl).href, {
    method: 'POST',
    signal,
    body: form.toString(),
    cookie,
  })
  const location = posted.headers.location
  if (posted.status !== 302 || !location) throw new LabError('internal', `sign-in answered ${posted.status}`)
  return request(location, { method: 'GET', signal })
}
