// The migration report as Markdown that reads as is in a merge request (CommonMark + GFM tables):
// a summary, one table of clients, then a section per client with its recommendation and why.
// Every value from the log (client ids, usernames, user agents) is escaped: it is text, never markup.
import { inert } from '../../shared/inert-text'
import type { ClientMigration, MigrationReport } from '../../shared/migration-report'
import { RECOMMENDATION_RULES } from '../../shared/migration-report'
import {
  authNote,
  authSummary,
  CAUTION,
  CLIENT_TABLE_COLUMNS,
  deprecationLabel,
  deprecationNote,
  flowsNote,
  modeLabel,
  movementLabel,
  movementNote,
  modeNote,
  passwordNote,
  refreshNote,
  REPORT_TITLE,
  scopeLine,
  summaryLines,
} from '../../shared/migration-report-text'

/**
 * CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that could start
 * markup inside a line or a table cell (emphasis, links, HTML, entities, code, table pipes).
 * Line breaks become spaces: a value never ends a table row or starts a block.
 */
export function markdownText(value: string): string {
  // Control characters become `\xNN` first: a client_id is whatever a client sent (a web page's
  // form can post one), and this text goes to a terminal (`ropc-lab report`) and to files.
  return (
    inert(value.replace(/\r\n|[\r\n]/g, ' '))
      .replace(/[\\`*[\]<>|&~!#]/g, (c) => `\\${c}`)
      // An underscore between two letters or digits can neither open nor close emphasis
      // (CommonMark §6.2), so `client_secret_basic` stays as it is; any other is escaped.
      .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
  )
}

function clientTable(clients: readonly ClientMigration[]): string[] {
  const head = [...CLIENT_TABLE_COLUMNS]
  const rows = clients.map((c) => [
    markdownText(c.clientId),
    c.type,
    markdownText(modeLabel(c)),
    String(c.passwordGrants.requests),
    String(c.passwordGrants.successes),
    String(c.passwordGrants.failures),
    String(c.passwordGrants.distinctUsers),
    markdownText(authSummary(c)),
    String(c.refresh.requests),
    markdownText(deprecationLabel(c.deprecation)),
    markdownText(c.recommendation.title),
    markdownText(movementLabel(c)),
  ])
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  const numeric = new Set([3, 4, 5, 6, 8])
  return [line(head), line(head.map((_, i) => (numeric.has(i) ? '--:' : '---'))), ...rows.map(line)]
}

function clientSection(c: ClientMigration, movedAfterDays: number): string[] {
  const r = c.recommendation
  const items = [
    `**Way out:** ${markdownText(movementNote(c, movedAfterDays))}`,
    `**Flows:** ${markdownText(flowsNote(c))}`,
    `**Password grants:** ${markdownText(passwordNote(c))}`,
    `**Client authentication:** ${authNote(c).map(markdownText).join('; ') || 'not recorded'}`,
    `**Refresh:** ${markdownText(refreshNote(c))}`,
    `**Mode:** ${markdownText(modeNote(c))}`,
    `**Deprecation headers:** ${markdownText(deprecationNote(c.deprecation))}`,
    ...(c.userAgents.length
      ? [`**User agents:** ${c.userAgents.map((u) => `${markdownText(u.value)} (${u.count})`).join(', ')}`]
      : []),
    `**Findings:** ${
      c.findings.length
        ? c.findings
            .map((f) => `\`${f.code}\` × ${f.count}${f.title ? ` — ${markdownText(f.title)} (${f.rfc})` : ''}`)
            .join('; ')
        : 'none'
    }`,
  ]
  return [
    `### ${markdownText(c.clientId)}`,
    '',
    `**Recommendation: ${markdownText(r.title)}** (${markdownText(r.rfc)})`,
    '',
    `Why: ${markdownText(r.reason)}`,
    '',
    ...items.map((i) => `- ${i}`),
    '',
  ]
}

export function renderMarkdown(report: MigrationReport): string {
  const lines = [
    `# ${REPORT_TITLE}`,
    '',
    markdownText(scopeLine(report)),
    '',
    `> ${markdownText(CAUTION)}`,
    '',
    '## Summary',
    '',
    ...summaryLines(report).map((l) => `- ${markdownText(l)}`),
    '',
    '### Migration path',
    '',
    ...report.summary.migrationPath.map((s, i) => `${i + 1}. **${s.title}** — ${s.detail}`),
    '',
    '## Clients',
    '',
    ...(report.clients.length ? clientTable(report.clients) : ['No client used the password grant in the period.']),
    '',
    ...report.clients.flatMap((c) => clientSection(c, report.scope.movedAfterDays)),
    '## How the recommendation is chosen',
    '',
    ...RECOMMENDATION_RULES.map((rule, i) => `${i + 1}. \`${rule.kind}\`: ${markdownText(rule.when)}.`),
    '',
  ]
  return lines.join('\n')
}
