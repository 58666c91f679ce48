// The composer's request as code to copy: curl, HTTPie, Python requests, JavaScript fetch and PowerShell,
// made by the maintained generator @readme/httpsnippet. Node-side (not in shared/): the generator imports
// Node's `url` module, which the renderer's bundle replaces with an empty stub, so it would fail in the
// browser; the UI asks for snippets over the LabApi instead.
//
// Unless `includeSecrets` is set, every credential becomes a placeholder (`$PASSWORD`, `$CLIENT_SECRET`,
// …) and a Basic header shows how it is built, so a snippet can be pasted into a ticket.
import { HTTPSnippet } from '@readme/httpsnippet'
import type { HeaderList } from '../shared/exchange'
import { isCredentialHeader, SECRET_PARAMS } from '../shared/masking'
import { formEncode, type BuiltRequest } from '../shared/token-request'

export const SNIPPET_LANGUAGES = ['curl', 'httpie', 'python', 'javascript', 'powershell'] as const
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number]

export interface SnippetOptions {
  /** Put the real secret, password and tokens in the snippet (default: placeholders). */
  includeSecrets?: boolean
}

const TARGETS: Record<SnippetLanguage, { target: string; client: string; comment: string }> = {
  curl: { target: 'shell', client: 'curl', comment: '#' },
  httpie: { target: 'shell', client: 'httpie', comment: '#' },
  python: { target: 'python', client: 'requests', comment: '#' },
  javascript: { target: 'javascript', client: 'fetch', comment: '//' },
  powershell: { target: 'powershell', client: 'restmethod', comment: '#' },
}

/** Parameters that carry a credential: the ones the exchange log masks, and a bearer token in a body. */
const CREDENTIAL_PARAMS = new Set([...SECRET_PARAMS, 'access_token'])
const placeholder = (name: string): string => `$${name.toUpperCase()}`

/** `Basic base64(legacy:$CLIENT_SECRET)`: the client id as the header carries it, the secret a placeholder. */
function authorizationPlaceholder(value: string): string {
  const [scheme = '', credentials = ''] = value.split(' ', 2)
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) return `${scheme} base64(${decoded.slice(0, colon)}:$CLIENT_SECRET)`
  }
  return `${scheme} ${scheme.toLowerCase() === 'bearer' ? '$ACCESS_TOKEN' : '$CREDENTIALS'}`
}

interface Prepared {
  url: string
  query: Array<[string, string]>
  headers: HeaderList
  params: Array<[string, string]>
  /** The body as sent (or with placeholders in place of the credentials). */
  body: string
  placeholders: string[]
}

function prepare(built: BuiltRequest, includeSecrets: boolean): Prepared {
  const url = new URL(built.url)
  const used = new Set<string>()
  const hide = (name: string, value: string): string => {
    if (includeSecrets || !CREDENTIAL_PARAMS.has(name.toLowerCase())) return value
    used.add(placeholder(name))
    return placeholder(name)
  }
  const query = [...url.searchParams].map(([k, v]): [string, string] => [k, hide(k, v)])
  const headers = built.headers.map(([k, v]): [string, string] => {
    const lower = k.toLowerCase()
    if (includeSecrets || !isCredentialHeader(lower)) return [k, v]
    // Authorization keeps its scheme; a header named like a credential (X-Api-Key) is a placeholder whole.
    const hidden =
      lower === 'authorization' || lower === 'proxy-authorization'
        ? authorizationPlaceholder(v)
        : placeholder(k.replace(/[^A-Za-z0-9]/g, '_'))
    for (const p of hidden.match(/\$[A-Z_]+/g) ?? []) used.add(p)
    return [k, hidden]
  })
  const params = [...new URLSearchParams(built.body)].map(([k, v]): [string, string] => [k, hide(k, v)])
  // A placeholder stays readable in the raw body: `password=$PASSWORD`, not `password=%24PASSWORD`.
  const body = includeSecrets
    ? built.body
    : params
        .map(([k, v]) => (v.startsWith('$') && used.has(v) ? `${formEncode([[k, '']])}${v}` : formEncode([[k, v]])))
        .join('&')
  url.search = ''
  // The generators quote URLs with `'` without escaping it (PowerShell); %27 means the same.
  return { url: url.href.replace(/'/g, '%27'), query, headers, params, body, placeholders: [...used] }
}

function comment(p: Prepared, language: SnippetLanguage): string {
  if (p.placeholders.length === 0) return ''
  const c = TARGETS[language].comment
  const values = p.placeholders.length === 1 ? 'value' : 'values'
  const lines = [`${c} Replace ${p.placeholders.join(', ')} with the real ${values}.`]
  if (p.headers.some(([, v]) => v.includes('base64(')))
    lines.push(`${c} Basic: base64 of client_id ":" client_secret, each form-encoded first (RFC 6749 §2.3.1).`)
  return lines.join('\n') + '\n'
}

/** One snippet. */
export function requestSnippet(built: BuiltRequest, language: SnippetLanguage, options: SnippetOptions = {}): string {
  const p = prepare(built, options.includeSecrets ?? false)
  const mimeType =
    p.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/x-www-form-urlencoded'
  const pairs = (list: Array<[string, string]>) => list.map(([name, value]) => ({ name, value }))
  const snippet = new HTTPSnippet({
    method: built.method,
    url: p.url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: pairs(p.headers),
    queryString: pairs(p.query),
    headersSize: -1,
    bodySize: -1,
    postData: { mimeType, text: p.body, params: pairs(p.params) },
  })
  const { target, client } = TARGETS[language]
  const out = snippet.convert(target as never, client as never)
  const code = Array.isArray(out) ? out[0] : out
  if (typeof code !== 'string') throw new Error(`@readme/httpsnippet made no ${language} snippet`)
  const fixed =
    language === 'powershell' ? fixPowerShell(code, p) : language === 'javascript' ? fixFetch(code, p) : code
  return comment(p, language) + fixed
}

/** Every language at once. */
export function requestSnippets(built: BuiltRequest, options: SnippetOptions = {}): Record<SnippetLanguage, string> {
  return Object.fromEntries(SNIPPET_LANGUAGES.map((l) => [l, requestSnippet(built, l, options)])) as Record<
    SnippetLanguage,
    string
  >
}

// ---- where the generator's output is wrong for these requests --------------------------------------

/** PowerShell single quotes: nothing is interpolated; a quote (any of PowerShell's four) is doubled. */
const psQuote = (s: string): string => `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`

/**
 * The PowerShell generator puts header values in double quotes, where PowerShell expands `$…` (a
 * placeholder, or a secret holding `$`), and rebuilds the body with qs, which turns a repeated parameter
 * into `scope[0]=…` and encodes placeholders. Both are written again, as literals.
 */
function fixPowerShell(code: string, p: Prepared): string {
  const headerLines = code.replace(/^\$headers\.Add\("([^"]+)", .*\)$/gm, (line, name: string) => {
    const value = p.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
    return value === undefined ? line : `$headers.Add(${psQuote(name)}, ${psQuote(value)})`
  })
  return headerLines.replace(/ -Body '[^']*'$/m, () => ` -Body ${psQuote(p.body)}`)
}

/** JavaScript single-quoted string literal: `\\`, `'`, control characters and line separators escaped. */
function jsQuote(s: string): string {
  let out = "'"
  for (const c of s) {
    const code = c.charCodeAt(0)
    if (c === '\\' || c === "'") out += `\\${c}`
    else if (code < 0x20 || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += c
  }
  return `${out}'`
}

/**
 * The fetch generator writes the form as an object literal, which keeps one value of a repeated
 * parameter (URLSearchParams would even join an array with commas). When a name repeats, the body is
 * written as a list of pairs instead, which URLSearchParams keeps in order.
 */
function fixFetch(code: string, p: Prepared): string {
  const names = p.params.map(([k]) => k)
  if (new Set(names).size === names.length) return code
  const start = code.indexOf('new URLSearchParams(')
  if (start === -1) return code
  const end = closingParen(code, start + 'new URLSearchParams'.length)
  const pairs = p.params.map(([k, v]) => `    [${jsQuote(k)}, ${jsQuote(v)}]`).join(',\n')
  return `${code.slice(0, start)}new URLSearchParams([\n${pairs}\n  ])${code.slice(end + 1)}`
}

/** Index of the `)` that closes the `(` at `open`, skipping JavaScript string literals. */
function closingParen(code: string, open: number): number {
  let depth = 0
  for (let i = open; i < code.length; i++) {
    const c = code[i]!
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < code.length && code[i] !== c; i++) if (code[i] === '\\') i++
    } else if (c === '(' || c === '{' || c === '[') depth++
    else if (c === ')' || c === '}' || c === ']') {
      depth--
      if (depth === 0) return i
    }
  }
  throw new Error('@readme/httpsnippet wrote an unbalanced fetch body')
}
