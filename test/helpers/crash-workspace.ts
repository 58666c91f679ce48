// The crash-safety test's workspaces (test/helpers/crash-child.ts imports them; the test checks against them).
export const USERS = 5000
export const PASSWORD = 'crash-password'
export const CLIENT = { id: 'crash-client', secret: 'crash-secret' }

export function workspaceOf(gen: number, passwordHash: string, secretHash: string): unknown {
  return {
    version: 1,
    settings: { bcryptCost: 4, exchangeRetention: 1_000_000 },
    scopes: [{ name: `gen-${gen}`, default: true }],
    clients: [{ clientId: CLIENT.id, secretHash, scopes: [`gen-${gen}`] }],
    users: Array.from({ length: USERS }, (_, i) => ({ username: `g${gen}-user-${i}`, passwordHash })),
  }
}
