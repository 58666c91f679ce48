import demo from '../../resources/demo-workspace.json'

/**
 * The workspace seeded on a fresh database: client `legacy` with a documented demo secret,
 * scopes `read` (default) and `write`, and demo users. The README's curl uses these values.
 */
export const DEMO_WORKSPACE: unknown = demo
export const DEMO_CREDENTIALS = {
  clientId: 'legacy',
  clientSecret: 'legacy-demo-secret',
  username: 'demo',
  password: 'demo-password',
} as const
