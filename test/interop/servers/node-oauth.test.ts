// The conformance pack against @node-oauth/oauth2-server through express-oauth-server (see
// harness.ts), each verdict compared with expected-node-oauth.json, where the RFC sentence behind it is written.
import { describeServer } from './matrix-suite'

describeServer('node-oauth')
