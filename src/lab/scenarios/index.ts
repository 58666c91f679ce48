// The scenario runner of the lab (docs/scenarios-format.md): what the CLI, the UI bridge and the packs use.
export { runTest, parseVar, type TestRunOptions, type TestCredentials } from './test-run'
export { runScenario, runScenarios, summarize, mapBounded, type ScenarioJob, type EngineOptions } from './engine'
export { discoverTarget, embeddedTarget, endpointUrl, TargetError, type FetchLike } from './target'
export { labSend } from './lab-send'
export { loadFile, loadFiles, isWorkspaceFile, readJsonFile, TestInputError, type LoadedFile } from './sources'
export {
  report,
  jsonReport,
  junitReport,
  prettyReport,
  prettyStepLine,
  prettySummary,
  REPORTERS,
  type ReporterName,
} from './reporters/index'
export { packs, packNames } from './packs/index'
export type * from './results'
export type * from './types'
