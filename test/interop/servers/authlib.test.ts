// The conformance pack against Authlib's Flask authorization server (see harness.ts), each verdict
// compared with expected-authlib.json, where the RFC sentence behind it is written.
import { describeServer } from './matrix-suite'

describeServer('authlib')
