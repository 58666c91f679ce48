// How deep a JSON-like value nests, measured without recursion. Validators (zod) and JSON.stringify
// recurse once per level, so a value nested some thousands deep overflows the stack: what should be
// a validation error becomes an internal one. Inputs are checked against a bound first.
import { MAX_INPUT_DEPTH, MAX_INPUT_OBJECTS } from './limits'
export { MAX_INPUT_DEPTH, MAX_INPUT_OBJECTS }

/** Why a value is no bridge input, before any validator walks it; null when it is fine. */
type InputShapeProblem = 'too_deep' | 'too_many_objects' | null

/**
 * What keeps `value` from being walked safely: deeper than `maxDepth` levels (a cycle, possible in an
 * IPC structured clone, is infinitely deep), or more than `maxObjects` objects and arrays counted at
 * each place they are reached. Iterative, and each distinct object is walked once: a structured
 * clone keeps shared references, and 40 objects each pointing twice at the next (`{a: v, b: v}`)
 * are 2^40 objects to zod's z.json(), to JSON.stringify and to a walk of every path, which froze the
 * main process. JSON never shares an object, so for a bridge's JSON the count is its real size.
 */
function inputShapeProblem(
  value: unknown,
  maxDepth: number,
  maxObjects: number = MAX_INPUT_OBJECTS,
): InputShapeProblem {
  if (!isObject(value)) return null
  /** For each object walked already: levels down to its deepest object, and objects as a tree. */
  const walked = new Map<object, { levels: number; count: number }>()
  const onPath = new Set<object>([value])
  const path: Frame[] = [frameOf(value)]
  while (path.length) {
    if (path.length > maxDepth) return 'too_deep'
    const top = path[path.length - 1]!
    const child = top.children[top.next++]
    if (child !== undefined) {
      if (onPath.has(child)) return 'too_deep'
      const known = walked.get(child)
      if (known === undefined) {
        onPath.add(child)
        path.push(frameOf(child))
        continue
      }
      if (path.length + known.levels > maxDepth) return 'too_deep'
      top.levels = Math.max(top.levels, known.levels + 1)
      top.count += known.count
      if (top.count > maxObjects) return 'too_many_objects'
      continue
    }
    path.pop()
    onPath.delete(top.value)
    walked.set(top.value, { levels: top.levels, count: top.count })
    const parent = path[path.length - 1]
    if (parent) {
      parent.levels = Math.max(parent.levels, top.levels + 1)
      parent.count += top.count
      if (parent.count > maxObjects) return 'too_many_objects'
    }
  }
  return null
}

interface Frame {
  value: object
  children: object[]
  next: number
  levels: number
  count: number
}

function isObject(v: unknown): v is object {
  return v !== null && typeof v === 'object'
}

function frameOf(value: object): Frame {
  const children = (Array.isArray(value) ? value : Object.values(value)).filter(isObject)
  return { value, children, next: 0, levels: 1, count: 1 }
}

/** What a `(root)` problem says of a value inputShapeProblem refuses; null when it is fine. */
export function inputShapeMessage(value: unknown): string | null {
  const shape = inputShapeProblem(value, MAX_INPUT_DEPTH)
  if (shape === 'too_deep') return `nested deeper than ${MAX_INPUT_DEPTH} levels`
  if (shape === 'too_many_objects') return `more than ${MAX_INPUT_OBJECTS} objects and arrays`
  return null
}
