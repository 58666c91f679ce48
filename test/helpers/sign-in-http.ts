// The lab's sign-in page filled in as a scripted browser would (way-out.md): GET the page, keep its
// cookie, POST its hidden fields with username and password to the form's action, and follow the
// redirect to the client's callback. node:http, so it runs in a jsdom test environment too.
import http from 'node:http'

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

function request(url: string, method: 'GET' | 'POST', body?: string, cookie?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent: false,
      headers: {
        ...(cookie && { Cookie: cookie }),
        ...(body !== undefined && {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
        }),
      },
    })
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** Signs in on the page at `authorizationUrl`; resolves with the callback's answer after the redirect. */
export async function signInOverHttp(authorizationUrl: string, username: string, password: string): Promise<Answer> {
  const page = await request(authorizationUrl, 'GET')
  if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}: ${page.text.slice(0, 200)}`)
  const cookie = page.headers['set-cookie']?.[0]?.split(';')[0]
  const action = unescape(/<form method="post" action="([^"]*)"/.exec(page.text)?.[1] ?? '')
  const fields = new URLSearchParams()
  for (const m of page.text.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields.append(unescape(m[1]!), unescape(m[2]!))
  fields.append('username', username)
  fields.append('password', password)
  const posted = await request(new URL(action, authorizationUrl).href, 'POST', fields.toString(), cookie)
  const location = posted.headers.location
  if (posted.status !== 302 || !location)
    throw new Error(`sign-in answered ${posted.status}: ${posted.text.slice(0, 300)}`)
  return request(location, 'GET')
}
