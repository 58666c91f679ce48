"""Python oauthlib (Debian python3-oauthlib 3.2) as a real ROPC server, on 127.0.0.1 port 0.

Set up as oauthlib's own documentation shows ("Creating a Provider" / "OAuth 2.0 Server": implement a
RequestValidator, build the pre-configured LegacyApplicationServer from it, call its
create_token_response / create_introspect_response / create_revocation_response from any web
framework, and MetadataEndpoint for RFC 8414). oauthlib leaves client authentication to the validator
("may for example be HTTP Basic"): authenticate_client reads Basic the way Django OAuth Toolkit, the
most used oauthlib validator, does (base64, split at the first ":", then unquote_plus each part as
RFC 6749 §2.3.1 asks), and falls back to client_id/client_secret in the body.

Served with the standard library's http.server; prints `listening on http://127.0.0.1:<port>`.
"""

import base64
import binascii
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_plus

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matrix_common as common  # noqa: E402

common.quiet()

common.insecure_transport_for_loopback()

from oauthlib.oauth2 import LegacyApplicationServer, RequestValidator  # noqa: E402
from oauthlib.oauth2.rfc6749.endpoints.metadata import MetadataEndpoint  # noqa: E402


class Client:
    def __init__(self, client_id):
        self.client_id = client_id


class Validator(RequestValidator):
    def __init__(self):
        self.tokens = {}  # digest -> {kind, client_id, user, scopes, exp}

    # -- clients (RFC 6749 §2.3) --
    def client_authentication_required(self, request, *args, **kwargs):
        # RFC 6749 §4.3.2: authentication is required of confidential clients, or whenever a client
        # sent credentials; a public client only names itself.
        if request.headers.get('Authorization') or request.client_secret is not None:
            return True
        return request.client_id != common.PUBLIC_CLIENT_ID

    def _basic(self, request):
        auth = request.headers.get('Authorization') or ''
        scheme, _, value = auth.partition(' ')
        if scheme.lower() != 'basic':
            return None
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode('utf-8')
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, sep, secret = decoded.partition(':')
        return (unquote_plus(client_id), unquote_plus(secret)) if sep else None

    def authenticate_client(self, request, *args, **kwargs):
        basic = self._basic(request)
        client_id, secret = basic if basic else (request.client_id, request.client_secret)
        if not common.check_secret(client_id, secret):
            return False
        request.client = Client(client_id)
        request.client_id = client_id
        return True

    def authenticate_client_id(self, client_id, request, *args, **kwargs):
        if client_id != common.PUBLIC_CLIENT_ID:
            return False
        request.client = Client(client_id)
        return True

    def validate_client_id(self, client_id, request, *args, **kwargs):
        return client_id in (common.CONFIDENTIAL_CLIENT_ID, common.PUBLIC_CLIENT_ID)

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type in ('password', 'refresh_token')

    # -- users and scopes --
    def validate_user(self, username, password, client, request, *args, **kwargs):
        if not common.check_user(username, password):
            return False
        request.user = username
        return True

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return all(s in common.SCOPES for s in scopes)

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return list(common.DEFAULT_SCOPES)

    # -- tokens --
    def save_bearer_token(self, token, request, *args, **kwargs):
        base = {'client_id': request.client.client_id, 'user': request.user, 'scopes': list(request.scopes)}
        self.tokens[common.digest(token['access_token'])] = dict(
            base, kind='access_token', exp=common.now() + token.get('expires_in', common.ACCESS_TOKEN_SECONDS)
        )
        if 'refresh_token' in token:
            self.tokens[common.digest(token['refresh_token'])] = dict(base, kind='refresh_token', exp=None)
        return request.client.client_id

    def _live(self, token, kind=None):
        record = self.tokens.get(common.digest(token or ''))
        if not record or (kind and record['kind'] != kind):
            return None
        if record['exp'] is not None and record['exp'] < common.now():
            return None
        return record

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        record = self._live(refresh_token, 'refresh_token')
        if not record or record['client_id'] != client.client_id:
            return False
        request.user = record['user']
        return True

    def get_original_scopes(self, refresh_token, request, *args, **kwargs):
        return list(self._live(refresh_token, 'refresh_token')['scopes'])

    def save_token(self, token, request, *args, **kwargs):
        # The old refresh token goes when a new one is issued (rotate_refresh_token defaults to True).
        if request.grant_type == 'refresh_token' and 'refresh_token' in token:
            self.tokens.pop(common.digest(request.refresh_token), None)
        return self.save_bearer_token(token, request, *args, **kwargs)

    def validate_bearer_token(self, token, scopes, request):
        record = self._live(token, 'access_token')
        return bool(record) and all(s in record['scopes'] for s in scopes)

    def introspect_token(self, token, token_type_hint, request, *args, **kwargs):
        record = self._live(token)
        if not record or record['client_id'] != request.client.client_id:
            return None
        claims = {'client_id': record['client_id'], 'username': record['user'], 'scope': ' '.join(record['scopes'])}
        if record['exp'] is not None:
            claims['exp'] = record['exp']
        if record['kind'] == 'access_token':
            claims['token_type'] = 'Bearer'
        return claims

    def revoke_token(self, token, token_type_hint, request, *args, **kwargs):
        record = self._live(token)
        if record and record['client_id'] == request.client.client_id:
            self.tokens.pop(common.digest(token), None)


def build(base_url):
    server = LegacyApplicationServer(Validator(), token_expires_in=common.ACCESS_TOKEN_SECONDS)
    metadata = MetadataEndpoint(
        [server],
        {
            'issuer': base_url,
            'token_endpoint': base_url + '/token',
            'introspection_endpoint': base_url + '/introspect',
            'revocation_endpoint': base_url + '/revoke',
            'scopes_supported': list(common.SCOPES),
        },
    )
    return server, metadata


class Handler(BaseHTTPRequestHandler):
    server_version = 'oauthlib-fixture'
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass  # nothing logged: request lines may carry tokens in query strings

    def _reply(self, headers, body, status):
        data = (body or '').encode('utf-8')
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get('Content-Length') or 0)
        if length > common.MAX_BODY_BYTES:
            return None
        return self.rfile.read(length).decode('utf-8', 'replace') if length else ''

    def do_GET(self):
        if self.path == '/.well-known/oauth-authorization-server':
            return self._reply(*self.server.metadata.create_metadata_response(self.uri(), 'GET'))
        self._reply({'Content-Type': 'text/plain'}, 'not found', 404)

    def do_POST(self):
        # What any web framework does with an exception the library lets through: a 500 page.
        try:
            self._post()
        except Exception:  # noqa: BLE001
            self.close_connection = True
            self._reply({'Content-Type': 'text/html'}, '<h1>Server Error (500)</h1>', 500)

    def _post(self):
        body = self._body()
        if body is None:
            self.close_connection = True
            return self._reply({'Content-Type': 'text/plain'}, 'body too large', 413)
        headers = dict(self.headers.items())
        route = self.path.split('?', 1)[0]
        oauth = self.server.oauth
        if route == '/token':
            return self._reply(*oauth.create_token_response(self.uri(), 'POST', body, headers))
        if route == '/introspect':
            return self._reply(*oauth.create_introspect_response(self.uri(), 'POST', body, headers))
        if route == '/revoke':
            return self._reply(*oauth.create_revocation_response(self.uri(), 'POST', body, headers))
        self._reply({'Content-Type': 'text/plain'}, 'not found', 404)

    def uri(self):
        return self.server.base_url + self.path


def main():
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    httpd.daemon_threads = True
    httpd.base_url = 'http://127.0.0.1:%d' % httpd.server_address[1]
    httpd.oauth, httpd.metadata = build(httpd.base_url)
    common.serve(httpd, httpd.server_address[1])


if __name__ == '__main__':
    main()
