// Thrown by a check (or a session helper it calls) that cannot run: the step is reported as
// skipped with this reason, never as failed.
export class SkipCheck extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'SkipCheck'
  }
}

export function skip(reason: string): never {
  throw new SkipCheck(reason)
}
