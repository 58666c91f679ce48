// The scenario file (docs/scenarios-format.md): schema, variables and validation, for the lab and the UI.
export * from './schema'
export * from './parse'
export * from './variables'
export { regexLiteral, compileRegex, regexProblem, escapeRegex } from './regex'
export { formatPath, type Problem, type ProblemPath } from './problems'
