// `"/regex/flags"` in an expectation (scenarios-format.md): a string that starts with `/` and ends with
// `/` and valid JavaScript flags is a regular expression; any other string is compared exactly.

const REGEX_LITERAL = /^\/(.+)\/([dgimsuvy]*)$/s

export interface RegexSource {
  source: string
  flags: string
}

export function regexLiteral(text: string): RegexSource | null {
  const m = REGEX_LITERAL.exec(text)
  return m ? { source: m[1]!, flags: m[2]! } : null
}

/** Compiles a regex literal; `g` and `y` are dropped because they make `test` depend on earlier calls. */
export function compileRegex(literal: RegexSource): RegExp {
  return new RegExp(literal.source, literal.flags.replace(/[gy]/g, ''))
}

/** Why a `/…/flags` string does not compile, or null when it does (or is not a regex literal). */
export function regexProblem(text: string): string | null {
  const literal = regexLiteral(text)
  if (!literal) return null
  try {
    compileRegex(literal)
    return null
  } catch (err) {
    return `invalid regular expression ${text}: ${err instanceof Error ? err.message : String(err)}`
  }
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
