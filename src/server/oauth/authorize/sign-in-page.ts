// The lab's own sign-in page (way-out.md): one small server-rendered HTML form, no script, no
// framework. Everything shown is escaped; the policy forbids scripts, framing and posting anywhere but
// back here and on to the client's redirect URI (form-action applies to the redirect that follows).

export interface SignInPageModel {
  /** Where the form posts (the authorization endpoint's path). */
  action: string
  csrfToken: string
  clientId: string
  scope: string
  /** `password`: username and password; `otp`: the second factor for `username`. */
  step: 'password' | 'otp'
  username?: string
  /** A message for the person (a refusal), shown above the form. */
  message?: string
  /** A nonce for the page's one style element. */
  nonce: string
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/**
 * The CSP source that lets the form's redirect reach `redirectUri`: its origin, or — for a native app's
 * private-use URI scheme (RFC 8252 §7.1), whose origin is opaque ("null", which matches nothing) —
 * the scheme itself (CSP3 scheme-source), else Chromium blocks the redirect and the app never gets its code.
 */
export function formActionSource(redirectUri: string): string {
  const url = new URL(redirectUri)
  return url.origin === 'null' ? url.protocol : url.origin
}

/** RFC 6749 §10.13 (clickjacking): no framing; no script at all; posts only to the lab and the client. */
export function signInPageCsp(nonce: string, redirectOrigin: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `form-action 'self' ${redirectOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ')
}

const STYLE = `body{font:16px system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
label{display:block;margin:.8rem 0 .2rem}input{font:inherit;width:100%;padding:.4rem;box-sizing:border-box}
button{font:inherit;margin-top:1rem;padding:.5rem 1.2rem}.message{color:#a00000;font-weight:600}
.who{color:#555}`

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`
}

function fields(m: SignInPageModel): string {
  if (m.step === 'otp') {
    return (
      `<p class="who">Signed in as <strong>${escapeHtml(m.username ?? '')}</strong>. Enter the 6-digit code ` +
      'from your authenticator app.</p>' +
      '<label for="otp">One-time code</label>' +
      '<input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>'
    )
  }
  return (
    '<label for="username">Username</label>' +
    `<input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(m.username ?? '')}">` +
    '<label for="password">Password</label>' +
    '<input id="password" name="password" type="password" autocomplete="current-password" required>'
  )
}

export function renderSignInPage(m: SignInPageModel): string {
  const scope = m.scope === '' ? '' : ` for <strong>${escapeHtml(m.scope)}</strong>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Sign in · ROPC Lab</title><style nonce="${escapeHtml(m.nonce)}">${STYLE}</style></head>
<body><main><h1>Sign in</h1>
<p><strong>${escapeHtml(m.clientId)}</strong> asks to access your account${scope}.</p>
${m.message === undefined ? '' : `<p class="message" role="alert">${escapeHtml(m.message)}</p>`}
<form method="post" action="${escapeHtml(m.action)}">
${hidden('csrf_token', m.csrfToken)}
${fields(m)}
<button type="submit">${m.step === 'otp' ? 'Verify' : 'Sign in'}</button>
</form></main></body></html>
`
}

/** A page for a request that cannot be sent back to the client (RFC 6749 §4.1.2.1: never redirect then). */
export function renderErrorPage(message: string, nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorization error · ROPC Lab</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style></head>
<body><main><h1>This sign-in request cannot be served</h1><p class="message" role="alert">${escapeHtml(message)}</p>
</main></body></html>
`
}
