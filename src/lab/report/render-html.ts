// The migration report as one self-contained HTML page that prints well: inline CSS with
// `@media print` rules, no script, no external resource (its CSP says so too), every value from
// the log escaped. The same sections as the Markdown: summary, a table of clients, one section each.
import type { ClientMigration, MigrationReport } from '../../shared/migration-report'
import { RECOMMENDATION_RULES } from '../../shared/migration-report'
import {
  authNote,
  authSummary,
  CAUTION,
  deprecationLabel,
  deprecationNote,
  flowsNote,
  modeLabel,
  modeNote,
  movementNote,
  passwordNote,
  refreshNote,
  REPORT_TITLE,
  scopeLine,
  summaryLines,
} from '../../shared/migration-report-text'

// eslint-disable-next-line no-control-regex
const TO_ESCAPE = /[&<>"'\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Text for HTML content and quoted attribute values. Control characters (a client_id seen on the wire may carry
 * ESC sequences) become character references: the page reads the same, and the file is inert in a terminal
 * (`report --format html` writes to stdout).
 */
export function escapeHtml(value: string): string {
  return value.replace(TO_ESCAPE, (c) => ESCAPES[c] ?? `&#x${c.charCodeAt(0).toString(16)};`)
}

/** Our own sentences mark code with backticks; escaped first, so only those become <code>. */
function withCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

const STYLE = `
  :root { color-scheme: light; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; margin: 2rem auto;
    max-width: 72rem; padding: 0 1.5rem; }
  h1 { font-size: 1.6rem; margin-bottom: .25rem; }
  h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
  h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
  .muted { color: #555; }
  .caution { border-left: 4px solid #b35900; background: #fff5eb; padding: .5rem .8rem; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { border: 1px solid #ccc; padding: .3rem .45rem; text-align: left; vertical-align: top; }
  /* A client id, a method or a user agent may have no space to wrap at: it breaks anywhere rather than widen the page. */
  .token, dd { overflow-wrap: anywhere; }
  th { background: #f2f2f2; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
  section.client { border: 1px solid #ddd; border-radius: 4px; padding: .8rem 1rem; margin: 1rem 0; }
  .recommendation { font-weight: 600; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .6rem 0 0; }
  dt { font-weight: 600; }
  dd { margin: 0; }
  @media print {
    @page { margin: 1.5cm; }
    body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; color: #000; }
    table { font-size: 8pt; }
    th, td { padding: 2px 3px; }
    .caution { background: none; }
    th { background: none; }
    thead { display: table-header-group; }
    tr, section.client { break-inside: avoid; page-break-inside: avoid; }
    h2, h3 { break-after: avoid; page-break-after: avoid; }
    section.clients-detail { break-before: page; page-break-before: always; }
  }
`

function clientRow(c: ClientMigration): string {
  const cell = (text: string) => `<td>${escapeHtml(text)}</td>`
  const num = (n: number) => `<td class="num">${n}</td>`
  return (
    '<tr>' +
    `<th scope="row" class="token">${escapeHtml(c.clientId)}</th>` +
    cell(c.type) +
    cell(modeLabel(c)) +
    num(c.passwordGrants.requests) +
    num(c.passwordGrants.successes) +
    num(c.passwordGrants.failures) +
    num(c.passwordGrants.distinctUsers) +
    `<td class="token">${escapeHtml(authSummary(c))}</td>` +
    num(c.refresh.requests) +
    cell(deprecationLabel(c.deprecation)) +
    cell(c.recommendation.title) +
    '</tr>'
  )
}

function clientTable(clients: readonly ClientMigration[]): string {
  if (clients.length === 0) return '<p>No client used the password grant in the period.</p>'
  // Short headings: a long word is the narrowest a column can get, and the table must fit a portrait page.
  const head = ['Client', 'Type', 'Mode', 'Password grants', 'OK', 'Failed', 'Users', 'Auth method']
    .concat(['Refreshes', 'Deprecation', 'Move to'])
    .map((h) => `<th scope="col">${h}</th>`)
    .join('')
  return `<table class="clients"><thead><tr>${head}</tr></thead><tbody>${clients.map(clientRow).join('')}</tbody></table>`
}

function clientSection(c: ClientMigration, movedAfterDays: number): string {
  const r = c.recommendation
  const item = (term: string, html: string) => `<dt>${term}</dt><dd>${html}</dd>`
  const findings = c.findings.length
    ? `<ul>${c.findings
        .map(
          (f) =>
            `<li><code>${escapeHtml(f.code)}</code> × ${f.count}` +
            `${f.title ? ` — ${escapeHtml(f.title)} (${escapeHtml(f.rfc ?? '')})` : ''}</li>`,
        )
        .join('')}</ul>`
    : 'none'
  return [
    `<section class="client" aria-label="${escapeHtml(c.clientId)}">`,
    `<h3 class="token">${escapeHtml(c.clientId)}</h3>`,
    `<p class="recommendation">Recommendation: ${escapeHtml(r.title)} <span class="muted">(${escapeHtml(r.rfc)})</span></p>`,
    `<p>Why: ${escapeHtml(r.reason)}</p>`,
    '<dl>',
    // Not a column of the table: it must fit an A4 portrait page; the status is the first line here.
    item('Way out', escapeHtml(movementNote(c, movedAfterDays))),
    item('Flows', escapeHtml(flowsNote(c))),
    item('Password grants', escapeHtml(passwordNote(c))),
    item('Client authentication', authNote(c).map(escapeHtml).join('<br>') || 'not recorded'),
    item('Refresh', escapeHtml(refreshNote(c))),
    item('Mode', escapeHtml(modeNote(c))),
    item('Deprecation headers', escapeHtml(deprecationNote(c.deprecation))),
    ...(c.userAgents.length
      ? [item('User agents', c.userAgents.map((u) => `${escapeHtml(u.value)} (${u.count})`).join('<br>'))]
      : []),
    item('Findings', findings),
    '</dl>',
    '</section>',
  ].join('\n')
}

export function renderHtml(report: MigrationReport): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(REPORT_TITLE)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(REPORT_TITLE)}</h1>
<p class="muted">${escapeHtml(scopeLine(report))}</p>
<p class="caution">${escapeHtml(CAUTION)}</p>
<h2>Summary</h2>
<ul class="summary">${summaryLines(report)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join('')}</ul>
<h3>Migration path</h3>
<ol class="migration-path">${report.summary.migrationPath
    .map((s) => `<li><strong>${escapeHtml(s.title)}</strong> — ${withCode(s.detail)}</li>`)
    .join('')}</ol>
<h2>Clients</h2>
${clientTable(report.clients)}
<section class="clients-detail">
${report.clients.map((c) => clientSection(c, report.scope.movedAfterDays)).join('\n')}
</section>
<h2>How the recommendation is chosen</h2>
<ol>${RECOMMENDATION_RULES.map((rule) => `<li><code>${rule.kind}</code>: ${escapeHtml(rule.when)}.</li>`).join('')}</ol>
</body>
</html>
`
}
