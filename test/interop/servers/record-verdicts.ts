// Prints, as Markdown, the pack's verdicts against every matrix server and auth method: how
// verdicts-before.md was made. Run: npx electron-vite build && npx tsx test/interop/servers/record-verdicts.ts
// [server id...] (default: all).
import { MATRIX, packExtraArgs } from './harness'
import { runPack, stepMessage, type AuthMethod } from './run-pack'

const MAX_CELL = 400
const cell = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return (flat.length > MAX_CELL ? flat.slice(0, MAX_CELL) + '…' : flat).replace(/\|/g, '\\|')
}

async function main(): Promise<void> {
  const only = process.argv.slice(2)
  for (const server of MATRIX.filter((s) => only.length === 0 || only.includes(s.id))) {
    const why = server.unavailable()
    if (why) {
      process.stdout.write(`## ${server.title}\n\nnot run: ${why}\n\n`)
      continue
    }
    const running = await server.start()
    try {
      process.stdout.write(`## ${server.title}\n\n`)
      const methods: AuthMethod[] = server.publicClient ? ['basic', 'post', 'none'] : ['basic', 'post']
      for (const auth of methods) {
        const run = await runPack(server.target(running.baseUrl), auth, packExtraArgs(server, running.baseUrl, auth))
        const count = (s: string) => run.steps.filter((x) => x.status === s).length
        process.stdout.write(
          `### --auth ${auth} (exit ${run.code}: ${count('passed')} passed, ${count('failed')} failed, ${count('warning')} warnings, ${count('skipped')} skipped)\n\n` +
            '| check | level | verdict | message |\n|---|---|---|---|\n' +
            run.steps
              .map(
                (s) =>
                  `| ${s.id ? `\`${s.id}\` ` : ''}${cell(s.name)} | ${s.level ?? ''} | ${s.status} | ${cell(stepMessage(s))} |`,
              )
              .join('\n') +
            '\n\n',
        )
      }
    } finally {
      await running.stop()
    }
  }
}

await main()
