// The values of multipart/form-data parts (RFC 7578 §4.2), read in one pass over the lines: a part's
// headers name it (`Content-Disposition: form-data; name="password"`, quoted or not), a blank line
// ends them, and the next line is the value. Masking and masking by value both read credentials this
// way. A regex with a line pattern after `name=` and a repeated header-line group backtracked over the
// rest of the body for each `name=` it met: a 64 KiB body of `name="password"` lines with no blank line
// held the token endpoint's event loop for most of a second, so this is linear on purpose.

/** Longer part names are no credential name: reading each `name=` at most this far keeps a line linear. */
const LONGEST_NAME = 256

/**
 * The names a part header line gives: after each `name=` (so `filename="a"; name="password"` gives both),
 * quoted up to the next `"`, or up to `;` or a space.
 */
function partNames(line: string): string[] {
  const names: string[] = []
  const lower = line.toLowerCase()
  for (let at = lower.indexOf('name='); at >= 0; at = lower.indexOf('name=', at + 1)) {
    const start = at + 'name='.length
    const window = line.slice(start, start + LONGEST_NAME + 2)
    if (window.startsWith('"')) {
      const end = window.indexOf('"', 1)
      if (end > 0) names.push(window.slice(1, end))
    } else {
      const name = /^[^;\s]+/.exec(window)?.[0]
      if (name !== undefined && name.length <= LONGEST_NAME) names.push(name)
    }
  }
  return names
}

/**
 * The indexes (in `lines`, the body split on `\n`) of the first line of each value whose part is named
 * as `isSecret` says. A line is blank when it is empty or a lone `\r`.
 */
export function multipartValueLines(lines: readonly string[], isSecret: (name: string) => boolean): number[] {
  const found: number[] = []
  let pending = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '' || line === '\r') {
      if (pending && i + 1 < lines.length) found.push(i + 1)
      pending = false
    } else if (!pending) {
      pending = partNames(line).some((name) => isSecret(name.toLowerCase()))
    }
  }
  return found
}

/**
 * Cheap guard for the hot path: a part header is a line of its own with `name=` in it (RFC 7578 §4.2). The line
 * break comes first: every password-grant form body holds `username=`, none a line break.
 */
export const mayHoldParts = (body: string): boolean => body.includes('\n') && /name=/i.test(body)
