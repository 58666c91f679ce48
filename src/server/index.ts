// The token server's public face: what src/lab and the tests import.
export { createTokenServer } from './token-server'
export type { ExchangeDraft, ExchangePipeline, RecordedExchange } from './exchanges/exchange-pipeline'
export type { SentExchangeWait } from './exchanges/local-senders'
export type { ListenAddress, ListenOptions, TokenServer, TokenServerDeps } from './token-server-types'
