// `ropc-lab test` (docs/cli.md): flags in, src/lab/scenarios does the work, a reporter writes the
// result. Exit 0 when no step failed (skips and warnings allowed; --strict makes a warning fail), 1
// when any failed, 2 for bad input or a target that is not reachable.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { Command, Option } from 'commander'
import { packNames } from '../lab/scenarios/packs/index'
import { report, prettyStepLine, prettySummary, REPORTERS, type ReporterName } from '../lab/scenarios/reporters/index'
import { TestInputError } from '../lab/scenarios/sources'
import { TargetError } from '../lab/scenarios/target'
import { parseVar, runTest, type TestCredentials } from '../lab/scenarios/test-run'
import { hashingProgress } from './progress'
import { CliError } from './cli-error'

export interface TestFlags {
  pack?: string
  target?: string
  clientId?: string
  clientSecret?: string
  auth?: TestCredentials['auth']
  username?: string
  password?: string
  scope?: string
  var: string[]
  reporter?: ReporterName
  out?: string
  strict?: boolean
  tokenEndpoint?: string
  introspectionEndpoint?: string
  revocationEndpoint?: string
  metadata?: string
  timingUser?: string
  timingPassword?: string
}

/** --timing-user and --timing-password come together, or not at all. */
function timingUserOf(flags: TestFlags): TestCredentials['timingUser'] {
  if (flags.timingUser === undefined && flags.timingPassword === undefined) return undefined
  if (flags.timingUser === undefined || flags.timingPassword === undefined) {
    throw new CliError('--timing-user and --timing-password go together', 2)
  }
  return { username: flags.timingUser, password: flags.timingPassword }
}

/** 1 when a check failed, or (with --strict) warned; 0 otherwise. */
export function exitCodeOf(result: { failed: number; warnings: number }, strict = false): number {
  return result.failed > 0 || (strict && result.warnings > 0) ? 1 : 0
}

/** --reporter, else by the extension of --out (.xml junit, .json json), else pretty. */
function reporterOf(flags: TestFlags): ReporterName {
  if (flags.reporter) return flags.reporter
  if (flags.out?.toLowerCase().endsWith('.xml')) return 'junit'
  if (flags.out?.toLowerCase().endsWith('.json')) return 'json'
  return 'pretty'
}

/** Whole or not at all: a half-written report would be read by CI as the result. */
function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.tmp`)
  try {
    writeFileSync(temporary, text, { flag: 'wx' })
    renameSync(temporary, path)
  } catch (err) {
    rmSync(temporary, { force: true })
    throw new CliError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 2)
  }
}

export async function testCommand(files: string[], flags: TestFlags): Promise<void> {
  const reporter = reporterOf(flags)
  // Said before the run, not after it: a report that cannot be written is bad input.
  if (flags.out !== undefined && !existsSync(dirname(resolve(flags.out))))
    throw new CliError(`cannot write ${flags.out}: the folder ${dirname(resolve(flags.out))} does not exist`, 2)
  // stdout carries the live lines unless it carries a machine-readable report.
  const live = reporter === 'pretty' || flags.out !== undefined
  const color = { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }
  const say = (line: string) => process.stdout.write(line + '\n')
  const timingUser = timingUserOf(flags)
  const endpoints = {
    ...(flags.tokenEndpoint !== undefined && { tokenEndpoint: flags.tokenEndpoint }),
    ...(flags.introspectionEndpoint !== undefined && { introspectionEndpoint: flags.introspectionEndpoint }),
    ...(flags.revocationEndpoint !== undefined && { revocationEndpoint: flags.revocationEndpoint }),
    ...(flags.metadata !== undefined && { metadataUrl: flags.metadata }),
  }
  const credentials: TestCredentials = {
    ...(timingUser !== undefined && { timingUser }),
    ...(flags.clientId !== undefined && { clientId: flags.clientId }),
    ...(flags.clientSecret !== undefined && { clientSecret: flags.clientSecret }),
    ...(flags.auth !== undefined && { auth: flags.auth }),
    ...(flags.username !== undefined && { username: flags.username }),
    ...(flags.password !== undefined && { password: flags.password }),
    ...(flags.scope !== undefined && { scope: flags.scope }),
  }
  let result
  try {
    result = await runTest({
      files,
      credentials,
      vars: Object.fromEntries(flags.var.map(parseVar)),
      ...(flags.pack !== undefined && { pack: flags.pack }),
      ...(flags.target !== undefined && { target: flags.target }),
      endpoints,
      onImportProgress: hashingProgress(),
      ...(live && {
        onStart: ({ target, scenarios, pack }) =>
          say(
            `ropc-lab: ${scenarios} scenario${scenarios === 1 ? '' : 's'}${pack ? ` and pack ${pack}` : ''} against ${target.url} (${target.source})`,
          ),
        onStep: (step, suite) => say(prettyStepLine(step, suite, color)),
      }),
    })
  } catch (err) {
    if (err instanceof TestInputError || err instanceof TargetError) throw new CliError(err.message, 2)
    throw err
  }
  if (live) process.stdout.write(prettySummary(result, color))
  if (flags.out !== undefined) writeAtomically(flags.out, report(reporter, result))
  else if (reporter !== 'pretty') process.stdout.write(report(reporter, result))
  process.exitCode = exitCodeOf(result, flags.strict)
}

const collect = (value: string, previous: string[]) => [...previous, value]

export function registerTestCommand(program: Command): void {
  const known = packNames()
  program
    .command('test')
    .description(
      'run scenarios (docs/scenarios-format.md) or a built-in pack against a server; ' +
        'exit 0 none failed (warnings allowed), 1 any failed (or warned, with --strict), 2 bad input or unreachable target',
    )
    .argument('[file...]', 'scenario files, or workspace files (their "scenarios"; without --target, the server too)')
    .option('--pack <name>', `run a built-in pack${known.length ? ` (${known.join(', ')})` : ' (ropc-conformance)'}`)
    .option(
      '--target <url>',
      'the server: a base URL with RFC 8414 metadata, or a token endpoint URL (default: an in-memory server made from the workspace FILE)',
    )
    .option(
      '--token-endpoint <url>',
      'the token endpoint, for a server without RFC 8414 metadata (wins over discovery)',
    )
    .option('--introspection-endpoint <url>', 'the RFC 7662 introspection endpoint (wins over the metadata)')
    .option('--revocation-endpoint <url>', 'the RFC 7009 revocation endpoint (wins over the metadata)')
    .option('--metadata <url>', 'the RFC 8414 (or OpenID Connect) metadata document, at a URL of its own')
    .option('--client-id <id>', 'the target credentials: client id ({{clientId}})')
    .option('--client-secret <secret>', 'client secret ({{clientSecret}})')
    .addOption(
      new Option(
        '--auth <method>',
        'how the pack authenticates the client (default basic with a secret, else none)',
      ).choices(['basic', 'post', 'none']),
    )
    .option('--username <name>', "the resource owner's username ({{username}})")
    .option('--password <password>', "the resource owner's password ({{password}})")
    .option('--scope <scope>', 'scope to ask for ({{scope}})')
    .option(
      '--timing-user <name>',
      "the pack's timing check: a second, sacrificial user (it is sent 4 wrong passwords)",
    )
    .option('--timing-password <password>', "the timing user's password")
    .option(
      '--var <name=value>',
      'a variable for the scenarios (repeatable; wins over the file and the credentials)',
      collect,
      [],
    )
    .addOption(
      new Option('--reporter <name>', 'pretty (default), json or junit (default for --out *.xml)').choices(REPORTERS),
    )
    .option(
      '-o, --out <file>',
      'write the report to a file (.xml: junit, .json: json unless --reporter says otherwise)',
    )
    .option('--strict', 'warnings (a SHOULD or a best practice broken) fail the run too (exit 1)')
    .action((fileArgs: string[], flags: TestFlags) => testCommand(fileArgs, flags))
}
