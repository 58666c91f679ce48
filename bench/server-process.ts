// A server under load runs in a child process of its own, so the load generator (autocannon, in the bench's
// process) does not share its event loop. Parent and child talk over the IPC channel, one command at a time.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export type OkReply = { ok: true; baseUrl?: string; importMs?: number }
export type ChildReply = OkReply | { ok: false; error: string }
/** Every child understands `close`: it closes its server, answers, and leaves. */
export type CloseCommand = { cmd: 'close' }

export class ServerProcess<Command extends { cmd: string }> {
  private waiting: { resolve: (r: ChildReply) => void; reject: (e: Error) => void } | null = null

  private constructor(
    private readonly child: ChildProcess,
    private readonly name: string,
  ) {
    child.on('message', (m: ChildReply) => {
      const w = this.waiting
      this.waiting = null
      w?.resolve(m)
    })
    child.on('exit', (code, signal) => {
      const w = this.waiting
      this.waiting = null
      w?.reject(new Error(`the ${name} process exited (code ${code}, signal ${signal})`))
    })
  }

  /** Forks `entry` (a module of this folder) with this process's loader flags, so tsx runs it too. */
  static spawn<C extends { cmd: string }>(entry: URL, name: string): ServerProcess<C | CloseCommand> {
    const child = fork(fileURLToPath(entry), [], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    return new ServerProcess<C | CloseCommand>(child, name)
  }

  async send(cmd: Command): Promise<OkReply> {
    if (this.waiting) throw new Error('one command at a time')
    const reply = await new Promise<ChildReply>((resolve, reject) => {
      this.waiting = { resolve, reject }
      this.child.send(cmd)
    })
    if (!reply.ok) throw new Error(`${this.name} process: ${reply.error}`)
    return reply
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}

/** The child's side: answers each command with what `handle` returns; after `close`, leaves. */
export function serveCommands<C extends { cmd: string }>(handle: (cmd: C | CloseCommand) => Promise<OkReply>): void {
  const reply = (r: ChildReply) => process.send!(r)
  process.on('message', (msg: C | CloseCommand) => {
    void (async () => {
      try {
        reply(await handle(msg))
        if (msg.cmd === 'close') process.disconnect()
      } catch (err) {
        reply({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
      }
    })()
  })
  // The parent died: do not linger.
  process.on('disconnect', () => {
    setTimeout(() => process.exit(0), 2000).unref()
  })
}
