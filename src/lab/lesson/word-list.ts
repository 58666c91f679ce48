// A small list of the passwords people pick most, bundled with the lesson (no download): what an
// online guessing attack (RFC 6819 §4.4.3.6) tries first. The lesson's user Sam picked the 42nd.
import { LESSON_MAX_GUESSES } from '../../shared/lab-api'

export const WORD_LIST: readonly string[] = [
  '123456',
  'password',
  '123456789',
  '12345678',
  'qwerty',
  '111111',
  '1234567',
  '12345',
  'dragon',
  'iloveyou',
  '1q2w3e4r',
  'abc123',
  'monkey',
  'letmein',
  'football',
  'baseball',
  'shadow',
  'master',
  'welcome',
  'login',
  'admin',
  'princess',
  'starwars',
  '654321',
  'superman',
  'qazwsx',
  'trustno1',
  'michael',
  'passw0rd',
  'hello123',
  'freedom',
  'whatever',
  'charlie',
  'sunshine',
  'password1',
  'qwerty123',
  'zaq12wsx',
  'access',
  'flower',
  'loveme',
  'winter2024',
  'summer2024',
  'spring2024',
  'autumn2024',
  'mustang',
  'jordan23',
  'batman',
  'secret',
  'hunter2',
  'cheese',
  'computer',
  'internet',
  'killer',
  'pepper',
  'ginger',
  'soccer',
  'hockey',
  'ranger',
  'buster',
  'thomas',
]

/** Common ways a word is "made stronger": what a list extends itself with. */
const VARIANTS: ReadonlyArray<(w: string) => string> = [
  (w) => `${w}1`,
  (w) => `${w}!`,
  (w) => w.charAt(0).toUpperCase() + w.slice(1),
  (w) => `${w}123`,
  (w) => `${w}2025`,
]

/** The first `count` guesses: the list, then its variants, in a fixed order (at most LESSON_MAX_GUESSES). */
export function guesses(count: number): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  const add = (w: string) => {
    if (out.length < Math.min(count, LESSON_MAX_GUESSES) && !seen.has(w)) {
      seen.add(w)
      out.push(w)
    }
  }
  WORD_LIST.forEach(add)
  for (const variant of VARIANTS) WORD_LIST.forEach((w) => add(variant(w)))
  return out
}
