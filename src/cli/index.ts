#!/usr/bin/env node
// ropc-lab: serve | proxy | export | import. Runs under plain Node: nothing here imports `electron`.
import { Command, CommanderError } from 'commander'
import { LabError } from '../shared/lab-api'
import { certCommand, exportCommand, importCommand, serve } from './commands'
import { CliError } from './cli-error'
import { proxyCommand } from './proxy-command'
import { registerHistoryCommand } from './history-command'
import { registerTestCommand } from './test-command'
import { reportCommand } from './report-command'

const program = new Command()
program
  .name('ropc-lab')
  .description('A local OAuth 2.0 token server to explore, test and teach the password grant (RFC 6749 §4.3)')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()

program
  .command('serve')
  .description('run the token server (and with --ui, the lab UI in your browser)')
  .option(
    '-w, --workspace <file>',
    'workspace file to load (replaces the database workspace; default database :memory:)',
  )
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('-p, --port <port>', 'port to listen on (0 takes a free one; default 8443, or the next free one)')
  .option('--db <path>', 'database file, or :memory: (default: the app database, or :memory: with --workspace)')
  .option('--ui', 'also serve the lab UI and its API on loopback, guarded by a session token in the printed URL')
  .option('--ui-port <port>', 'port of the UI (0 takes a free one)', '0')
  .option('--https', "serve the token server over HTTPS with the lab's own certificate (localhost, 127.0.0.1, ::1)")
  .option('--cert-out <file>', 'with --https: write the certificate (PEM) for clients to trust, e.g. curl --cacert')
  .action((flags) => serve(flags))

program
  .command('cert')
  .description('print the HTTPS certificate (PEM) of the token server, for clients to trust (curl --cacert)')
  .option('--db <path>', 'database file (default: the app database)')
  .option('-o, --out <file>', 'write to a file instead of standard output')
  .action((flags) => certCommand(flags))

program
  .command('export')
  .description('print the workspace as a file (secret and password hashes only, never plaintext)')
  .option('--db <path>', 'database file (default: the app database)')
  .option('-o, --out <file>', 'write to a file instead of standard output')
  .action((flags) => exportCommand(flags))

program
  .command('import')
  .description('replace the workspace of a database with a workspace file (refused whole if any problem)')
  .argument('<file>', 'workspace file (JSON)')
  .option('--db <path>', 'database file (default: the app database)')
  .action((file: string, flags) => importCommand(file, flags))

program
  .command('proxy')
  .description('a recording proxy: clients talk to it, it relays each request unchanged to a real server')
  .requiredOption('--upstream <url>', 'the real server: a base URL with RFC 8414 metadata, or a token endpoint URL')
  .option('--upstream-ca <file>', 'PEM certificate(s) to trust for an https upstream')
  .option('--keep-issuer', "relayed metadata keeps the upstream's issuer (default: the proxy's URL, RFC 8414 §3.3)")
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('-p, --port <port>', 'port to listen on (0 takes a free one)', '0')
  .option('--db <path>', 'database file, or :memory: (default: the app database)')
  .option('--ui', 'also serve the lab UI on loopback, guarded by a session token in the printed URL')
  .option('--ui-port <port>', 'port of the UI (0 takes a free one)', '0')
  .action((flags) => proxyCommand(flags))

registerTestCommand(program)
program
  .command('report')
  .description('the migration report: who still uses the password grant, how, and what to move them to')
  .option('--db <path>', 'database file (default: the app database)')
  .option('--format <format>', 'md, html or json', 'md')
  .option('-o, --out <file>', 'write to a file (mode 0600) instead of standard output')
  .action((flags) => reportCommand(flags))

registerHistoryCommand(program)

function fail(message: string, code: number): never {
  process.stderr.write(`ropc-lab: error: ${message}\n`)
  process.exit(code)
}

try {
  await program.parseAsync(process.argv)
  // serve has closed everything; end even if a stray handle lingers (stdout is synchronous on pipes and files).
  // `test` sets the exit code it ends with (1: a step failed).
  process.exit(Number(process.exitCode ?? 0))
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version exit 0; usage errors were already printed by commander.
    process.exit(err.exitCode === 0 ? 0 : 2)
  }
  if (err instanceof CliError) fail(err.message, err.exitCode)
  // LabError (bad workspace), a database from a newer version, …: their messages are written for people.
  if (err instanceof LabError) fail(err.message, 1)
  fail(err instanceof Error ? err.message : String(err), 1)
}
