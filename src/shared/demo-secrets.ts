// The demo workspace's client secrets, documented in the README and resources/demo-workspace.json, so
// the composer can offer the one a demo client needs (they are public by design, never a user's own).
import demo from '../../resources/demo-workspace.json'

const DEMO_SECRETS: ReadonlyMap<string, string> = new Map(
  demo.clients.flatMap((c) => ('secret' in c && typeof c.secret === 'string' ? [[c.clientId, c.secret] as const] : [])),
)

/** The documented secret of a demo client (`legacy` → `legacy-demo-secret`), if it is one. */
export function demoClientSecret(clientId: string): string | undefined {
  return DEMO_SECRETS.get(clientId)
}
