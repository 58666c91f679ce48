// Scans a lab's database files byte for byte for credentials: the security rule that no secret,
// password or issued token is ever stored as sent (architecture.md "One exchange pipeline").
import { existsSync, readFileSync } from 'node:fs'

export const formEncode = (s: string): string => new URLSearchParams({ v: s }).toString().slice(2)
export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64')
export const basic = (id: string, secret: string, encode = true): string =>
  `Basic ${b64(encode ? `${formEncode(id)}:${formEncode(secret)}` : `${id}:${secret}`)}`

/** Every byte form in which a secret could have reached the lab and been written down. */
export function forms(id: string | null, plaintext: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const add = (label: string, text: string) => out.set(`${label}: ${text}`, Buffer.from(text, 'utf8'))
  add('utf-8', plaintext)
  add('form-encoded', formEncode(plaintext))
  add('percent-encoded', encodeURIComponent(plaintext))
  out.set(`utf-16le: ${plaintext}`, Buffer.from(plaintext, 'utf16le'))
  if (id !== null) {
    add('base64 Basic (form-encoded)', b64(`${formEncode(id)}:${formEncode(plaintext)}`))
    add('base64 Basic (raw)', b64(`${id}:${plaintext}`))
  }
  return out
}

/** A token as issued, and — for a JWT — its signature alone (what makes the stored copy a bearer credential). */
export function tokenForms(token: string): Map<string, Buffer> {
  const out = forms(null, token)
  const parts = token.split('.')
  if (parts.length === 3 && parts[2]) out.set(`JWT signature: ${parts[2].slice(0, 12)}…`, Buffer.from(parts[2]))
  return out
}

export interface DbFile {
  name: string
  bytes: Buffer
}

/** The database and its -wal, -shm and -journal files, as they are on disk now. */
export function readDbFiles(dbPath: string): DbFile[] {
  const files: DbFile[] = []
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const path = dbPath + suffix
    if (existsSync(path)) files.push({ name: `db${suffix}`, bytes: readFileSync(path) })
  }
  return files
}

/** Which needles occur in which files: `label in file`. */
export function occurrences(files: DbFile[], needles: Map<string, Buffer>): string[] {
  const found: string[] = []
  for (const { name, bytes } of files) {
    for (const [label, needle] of needles) {
      if (needle.length > 0 && bytes.includes(needle)) found.push(`${label} in ${name}`)
    }
  }
  return found
}
