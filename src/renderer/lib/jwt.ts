// Enough JWT handling for display and comparison. Verification is the lab's job
// (`tokens.decode` checks the signature against the server's JWKS); this only reads.

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token)
}

function base64UrlDecode(part: string): string {
  const b64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=')
  const binary = atob(b64)
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
  return new TextDecoder().decode(bytes)
}

/** The payload of a JWS compact token, unverified; null when it is not one. */
export function readJwtPayload(token: string): Record<string, unknown> | null {
  if (!looksLikeJwt(token)) return null
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(token.split('.')[1] ?? ''))
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}
