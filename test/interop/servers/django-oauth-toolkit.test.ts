// The conformance pack against Django OAuth Toolkit (see harness.ts), each verdict compared with
// expected-django-oauth-toolkit.json, where the RFC sentence behind it is written.
import { describeServer } from './matrix-suite'

describeServer('django-oauth-toolkit')
