// The values of multipart/form-data parts (RFC 7578 §4.2) by name, found in one pass over the lines.
// A regular expression that skips any number of header lines to the blank one rescans the rest of
// the body from every `name=` it meets: a body of 1 MiB made of `name="password"` lines took minutes
// of the event loop, the whole lab's, for one request. Here each line is read once, and a part's
// headers are read up to PART_HEADER_LINES lines (a part has two or three).

/** Header lines read after the one that names the part before its blank line is given up on. */
const PART_HEADER_LINES = 8
const NAME = /\bname=(?:"([^"\r\n]*)"|([^;\s"]+))/i

export interface PartValue {
  name: string
  /** Offsets of the value line in the body: [start, end). */
  start: number
  end: number
}

/** Each part named by `wanted`: its name and where its value line is. Linear in the body's length. */
export function multipartValues(body: string, wanted: (lowerCaseName: string) => boolean): PartValue[] {
  if (!/name=/i.test(body)) return []
  const starts: number[] = [0]
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) starts.push(i + 1)
  const line = (k: number): [number, number] => {
    const start = starts[k]!
    let end = k + 1 < starts.length ? starts[k + 1]! - 1 : body.length
    if (end > start && body[end - 1] === '\r') end--
    return [start, end]
  }
  const found: PartValue[] = []
  for (let k = 0; k < starts.length; k++) {
    const [s, e] = line(k)
    const m = NAME.exec(body.slice(s, e))
    const name = (m?.[1] ?? m?.[2] ?? '').toLowerCase()
    if (!m || !wanted(name)) continue
    // The blank line that ends the part's headers, then the value line.
    for (let j = k + 1; j < starts.length && j <= k + 1 + PART_HEADER_LINES; j++) {
      const [hs, he] = line(j)
      if (hs !== he) continue
      if (j + 1 < starts.length) {
        const [vs, ve] = line(j + 1)
        found.push({ name, start: vs, end: ve })
      }
      break
    }
  }
  return found
}
