// The conformance pack against Python oauthlib's LegacyApplicationServer (see harness.ts), each
// verdict compared with expected-oauthlib.json, where the RFC sentence behind it is written.
import { describeServer } from './matrix-suite'

describeServer('oauthlib')
