// The migration report (cli.md `report`, the app's Migration screen): the model from the exchange
// log, and its three renderings — pure functions of the model.
import type { MigrationReport, RenderedReport, ReportFormat } from '../../shared/migration-report'
import { renderHtml } from './render-html'
import { renderMarkdown } from './render-markdown'

export { collectMigrationReport, CLIENT_ORIGINS, type ReportOptions } from './collect-report'
export { buildMigrationReport } from './build-report'
export { renderHtml, escapeHtml } from './render-html'
export { renderMarkdown, markdownText } from './render-markdown'

/** JSON: the model itself, two-space indented, with a final newline. */
export function renderJson(report: MigrationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}

const MEDIA_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
}

export function renderReport(report: MigrationReport, format: ReportFormat): RenderedReport {
  const text = format === 'md' ? renderMarkdown(report) : format === 'html' ? renderHtml(report) : renderJson(report)
  return { format, fileName: `ropc-lab-migration-report.${format}`, mediaType: MEDIA_TYPES[format], text }
}
