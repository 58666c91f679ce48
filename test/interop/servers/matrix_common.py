"""What the three real-server fixtures share: the known client, user and scopes, token digests, and
how each one announces its loopback port and serves. Only test fixtures import this: the servers themselves
are the libraries' own code, set up as their documentation shows."""

import hashlib
import hmac
import json
import logging
import os
import sys
import time

# One file of accounts for every fixture and the tests (accounts.json).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'accounts.json'), encoding='utf-8') as f:
    _ACCOUNTS = json.load(f)

# The confidential client's secret has every character RFC 6749 §2.3.1's form-encoding step changes
# ("@", "+", " ", ":"), so a server that skips the decoding refuses a correctly encoding client.
CONFIDENTIAL_CLIENT_ID = _ACCOUNTS['confidentialClientId']
CONFIDENTIAL_CLIENT_SECRET = _ACCOUNTS['confidentialClientSecret']
PUBLIC_CLIENT_ID = _ACCOUNTS['publicClientId']
USERS = {u['username']: u['password'] for u in (_ACCOUNTS['user'], _ACCOUNTS['timingUser'])}
SCOPES = tuple(_ACCOUNTS['scopes'])
DEFAULT_SCOPES = list(_ACCOUNTS['defaultScopes'])
ACCESS_TOKEN_SECONDS = _ACCOUNTS['accessTokenSeconds']
# RFC 6749 §3.2 bounds nothing, but a fixture must: a body over this is refused before parsing.
MAX_BODY_BYTES = 64 * 1024


def digest(token):
    """Tokens are kept as SHA-256 digests, never as issued."""
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


def check_user(username, password):
    expected = USERS.get(username or '')
    given = (password or '').encode('utf-8')
    # Constant-time compare; an unknown user compares against a value that never matches.
    return hmac.compare_digest((expected or '\x00unknown').encode('utf-8'), given) and expected is not None


def check_secret(client_id, secret):
    if client_id != CONFIDENTIAL_CLIENT_ID or secret is None:
        return False
    return hmac.compare_digest(CONFIDENTIAL_CLIENT_SECRET.encode(), secret.encode())


def quiet():
    """Nothing is logged: request lines and error reports can carry passwords and tokens (a probe puts
    them in the query string)."""
    logging.disable(logging.CRITICAL)


def serve(httpd, port):
    """Prints the one line the harness reads to learn the ephemeral port (the server binds port 0),
    then serves until the harness stops the process."""
    sys.stdout.write('listening on http://127.0.0.1:%d\n' % port)
    sys.stdout.flush()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


def now():
    return int(time.time())


def insecure_transport_for_loopback():
    # oauthlib refuses http:// URLs unless told otherwise; its docs name this variable for local testing.
    os.environ.setdefault('OAUTHLIB_INSECURE_TRANSPORT', '1')
