// DummyHashes lives in credentials/ (it is bcrypt work, below oauth). This re-export only serves
// http/token-server.ts until the composition root leaves http/; delete it then.
export { DummyHashes } from '../credentials/dummy-hashes'
