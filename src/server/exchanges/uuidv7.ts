// Exchange ids: UUID version 7 (RFC 9562 §5.7), a millisecond timestamp followed by random bits.
// Ids that grow with time land at the end of the exchanges table's unique index instead of on a
// random page, so a batch of inserts dirties a few pages rather than one per row.
import { randomBytesPooled } from '../tokens/opaque'

export function uuidv7(now: number = Date.now()): string {
  const bytes = Buffer.allocUnsafe(16)
  bytes.writeUIntBE(now, 0, 6)
  randomBytesPooled(10).copy(bytes, 6)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70 // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // variant 10
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
