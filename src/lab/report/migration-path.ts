// The way off the password grant (rfc-checklist.md "Deprecating the grant"): deprecate, watch this
// report, disable — each step with the counts of the clients it concerns now.
import type { ClientMigration, MigrationStep } from '../../shared/migration-report'

function clientsWord(n: number): string {
  return `${n} client${n === 1 ? '' : 's'}`
}

export function migrationPath(clients: readonly ClientMigration[]): MigrationStep[] {
  const using = clients.filter((c) => c.passwordGrants.requests > 0)
  const stillEnabled = using.filter((c) => c.registered && c.mode === 'enabled').length
  const ignoring = clients.filter((c) => c.deprecation.status === 'ignored').length
  const unused = clients.filter((c) => c.registered && c.mode !== 'disabled' && c.passwordGrants.requests === 0).length
  return [
    {
      step: 'deprecate',
      title: 'Deprecate',
      detail:
        `Set the password grant mode to "deprecated" for the clients that still use it (${clientsWord(stillEnabled)} ` +
        'still "enabled"). Their successful password grants then carry `Deprecation` (RFC 9745), `Sunset` when a ' +
        'date is set (RFC 8594) and a `Link` to the migration page, while they keep working.',
    },
    {
      step: 'watch',
      title: 'Watch this report',
      detail:
        `Run it again as traffic comes in: a client that keeps sending password grants after a \`Deprecation\` header ` +
        `did not notice it (${clientsWord(ignoring)} now) — tell its owners, and move each client to the ` +
        'recommendation below.',
    },
    {
      step: 'disable',
      title: 'Disable',
      detail:
        'When a client has stopped (or its sunset has passed), set its mode to "disabled": the server answers ' +
        '`unsupported_grant_type` as an OAuth 2.1 server that never had the grant, and `password` leaves ' +
        `\`grant_types_supported\`. ${clientsWord(unused)} allowed the grant sent none in this period and can be ` +
        'disabled now.',
    },
  ]
}
