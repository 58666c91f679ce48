"""Authlib (Debian python3-authlib 1.2) Flask authorization server as a real ROPC server, on 127.0.0.1
port 0.

Set up as Authlib's documentation shows ("Flask OAuth 2.0 Server": AuthorizationServer(app,
query_client, save_token); "Resource Owner Password Credentials Grant": a ResourceOwnerPasswordCredentialsGrant
subclass with authenticate_user; "Refresh Token Grant": authenticate_refresh_token, authenticate_user,
revoke_old_credential; "Token Revocation" (RFC 7009) and "Token Introspection" (RFC 7662) endpoints
registered with register_endpoint and routed through create_endpoint_response; OAUTH2_REFRESH_TOKEN_GENERATOR
= True to issue refresh tokens). The docs' SQLAlchemy mixins are replaced by small in-memory classes with
the same methods (ClientMixin, TokenMixin). TOKEN_ENDPOINT_AUTH_METHODS / CLIENT_AUTH_METHODS are the
documented switches; they are set to Basic and post (and none for the public client). Client
authentication itself is Authlib's own code.

Served by werkzeug's make_server; prints `listening on http://127.0.0.1:<port>`.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matrix_common as common  # noqa: E402

common.quiet()

# Authlib refuses http:// issuers unless told otherwise (loopback only here).
os.environ.setdefault('AUTHLIB_INSECURE_TRANSPORT', '1')

from flask import Flask, jsonify  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402
from authlib.integrations.flask_oauth2 import AuthorizationServer  # noqa: E402
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants  # noqa: E402
from authlib.oauth2.rfc7009 import RevocationEndpoint  # noqa: E402
from authlib.oauth2.rfc7662 import IntrospectionEndpoint  # noqa: E402
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata  # noqa: E402

AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none']


class Client(ClientMixin):
    def __init__(self, client_id, public):
        self.client_id = client_id
        self.public = public

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        if not scope:
            return ' '.join(common.DEFAULT_SCOPES)
        return ' '.join(s for s in scope.split() if s in common.SCOPES)

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_client_secret(self, client_secret):
        return not self.public and common.check_secret(self.client_id, client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        # RFC 6749 §2.1: a public client has no secret to present; a confidential one must present it.
        return method == 'none' if self.public else method in ('client_secret_basic', 'client_secret_post')

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type in ('password', 'refresh_token')


CLIENTS = {
    common.CONFIDENTIAL_CLIENT_ID: Client(common.CONFIDENTIAL_CLIENT_ID, public=False),
    common.PUBLIC_CLIENT_ID: Client(common.PUBLIC_CLIENT_ID, public=True),
}


class Token(TokenMixin):
    def __init__(self, client_id, user, scope, expires_in):
        self.client_id = client_id
        self.user = user
        self.scope = scope
        self.issued_at = int(time.time())
        self.expires_in = expires_in
        self.access_revoked = False
        self.refresh_revoked = False

    def check_client(self, client):
        return self.client_id == client.get_client_id()

    def get_scope(self):
        return self.scope

    def get_expires_in(self):
        return self.expires_in

    def is_expired(self):
        return self.issued_at + self.expires_in < time.time()

    def is_revoked(self):
        return self.access_revoked


ACCESS = {}  # digest -> Token
REFRESH = {}  # digest -> Token


def save_token(token, request):
    record = Token(request.client.get_client_id(), request.user, token.get('scope', ''), token['expires_in'])
    ACCESS[common.digest(token['access_token'])] = record
    if 'refresh_token' in token:
        REFRESH[common.digest(token['refresh_token'])] = record


def query_token(token_string, token_type_hint):
    key = common.digest(token_string)
    if token_type_hint == 'refresh_token':
        return REFRESH.get(key) or ACCESS.get(key)
    return ACCESS.get(key) or REFRESH.get(key)


class PasswordGrant(grants.ResourceOwnerPasswordCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def authenticate_user(self, username, password):
        return username if common.check_user(username, password) else None


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token):
        record = REFRESH.get(common.digest(refresh_token))
        if record and not record.refresh_revoked:
            return record

    def authenticate_user(self, credential):
        return credential.user

    def revoke_old_credential(self, credential):
        credential.refresh_revoked = True
        credential.access_revoked = True


class MyRevocationEndpoint(RevocationEndpoint):
    CLIENT_AUTH_METHODS = AUTH_METHODS

    def query_token(self, token_string, token_type_hint):
        return query_token(token_string, token_type_hint)

    def revoke_token(self, token, request):
        token.access_revoked = True
        token.refresh_revoked = True


class MyIntrospectionEndpoint(IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = AUTH_METHODS

    def query_token(self, token_string, token_type_hint):
        return query_token(token_string, token_type_hint)

    def introspect_token(self, token):
        active = not token.is_expired() and not token.is_revoked()
        if not active:
            return {'active': False}
        return {
            'active': True,
            'client_id': token.client_id,
            'token_type': 'Bearer',
            'username': token.user,
            'scope': token.get_scope(),
            'sub': token.user,
            'iat': token.issued_at,
            'exp': token.issued_at + token.expires_in,
        }

    def check_permission(self, token, client, request):
        return token.check_client(client)


def create_app():
    app = Flask(__name__)
    app.config['OAUTH2_REFRESH_TOKEN_GENERATOR'] = True
    app.config['OAUTH2_TOKEN_EXPIRES_IN'] = {'password': common.ACCESS_TOKEN_SECONDS,
                                             'refresh_token': common.ACCESS_TOKEN_SECONDS}
    app.config['MAX_CONTENT_LENGTH'] = common.MAX_BODY_BYTES
    server = AuthorizationServer(app, query_client=CLIENTS.get, save_token=save_token)
    server.register_grant(PasswordGrant)
    server.register_grant(RefreshTokenGrant)
    server.register_endpoint(MyRevocationEndpoint)
    server.register_endpoint(MyIntrospectionEndpoint)

    @app.route('/oauth/token', methods=['POST'])
    def issue_token():
        return server.create_token_response()

    @app.route('/oauth/revoke', methods=['POST'])
    def revoke_token():
        return server.create_endpoint_response(MyRevocationEndpoint.ENDPOINT_NAME)

    @app.route('/oauth/introspect', methods=['POST'])
    def introspect_token():
        return server.create_endpoint_response(MyIntrospectionEndpoint.ENDPOINT_NAME)

    return app


def metadata_for(base_url):
    metadata = AuthorizationServerMetadata({
        'issuer': base_url,
        'token_endpoint': base_url + '/oauth/token',
        'revocation_endpoint': base_url + '/oauth/revoke',
        'introspection_endpoint': base_url + '/oauth/introspect',
        'grant_types_supported': ['password', 'refresh_token'],
        'token_endpoint_auth_methods_supported': AUTH_METHODS,
        'revocation_endpoint_auth_methods_supported': AUTH_METHODS,
        'introspection_endpoint_auth_methods_supported': AUTH_METHODS,
        'scopes_supported': list(common.SCOPES),
        'response_types_supported': [],
    })
    metadata.validate_issuer()
    metadata.validate_token_endpoint()
    metadata.validate_revocation_endpoint()
    metadata.validate_introspection_endpoint()
    return metadata


def main():
    app = create_app()
    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass  # nothing logged: request lines may carry passwords in query strings

    httpd = make_server('127.0.0.1', 0, app, threaded=True, request_handler=QuietHandler)
    base_url = 'http://127.0.0.1:%d' % httpd.server_port
    metadata = metadata_for(base_url)
    app.add_url_rule('/.well-known/oauth-authorization-server', 'metadata', lambda: jsonify(dict(metadata)))
    common.serve(httpd, httpd.server_port)


if __name__ == '__main__':
    main()
