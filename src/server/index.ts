// The token server's public face: what src/lab and the tests import.
export { createTokenServer } from './http/token-server'
export type { ComposerExchangeWait, ListenAddress, TokenServer, TokenServerDeps } from './token-server-types'
