"""Django OAuth Toolkit (Debian python3-django-oauth-toolkit 1.7, Django 3.2) as a real ROPC server, on
127.0.0.1 port 0.

Set up as DOT's "Getting started" tutorial shows: 'oauth2_provider' in INSTALLED_APPS, its URLs under
/o/ (token, revoke_token, introspect), OAUTH2_PROVIDER settings for the scopes, and an Application per
client ("Resource owner password-based" grant; confidential with its secret, public without). Django's
testing docs' MD5PasswordHasher keeps the user's password check fast. One settings.configure() in this
file instead of a project, an in-memory SQLite database migrated at start, and the standard library's
wsgiref server (one thread, so one database connection). DOT has no RFC 8414 metadata.

Prints `listening on http://127.0.0.1:<port>`.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matrix_common as common  # noqa: E402

common.quiet()

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    DEBUG=False,
    SECRET_KEY='ropc-lab-matrix-fixture-only',
    ALLOWED_HOSTS=['127.0.0.1', 'localhost'],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=['django.contrib.auth', 'django.contrib.contenttypes', 'oauth2_provider'],
    MIDDLEWARE=[],
    DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}},
    PASSWORD_HASHERS=['django.contrib.auth.hashers.MD5PasswordHasher'],
    DATA_UPLOAD_MAX_MEMORY_SIZE=common.MAX_BODY_BYTES,
    USE_TZ=True,
    LOGGING_CONFIG=None,
    OAUTH2_PROVIDER={
        'SCOPES': {'read': 'Read', 'write': 'Write', 'introspection': 'Introspect tokens'},
        'DEFAULT_SCOPES': list(common.DEFAULT_SCOPES),
        'ACCESS_TOKEN_EXPIRE_SECONDS': common.ACCESS_TOKEN_SECONDS,
        'ROTATE_REFRESH_TOKEN': True,
    },
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import include, path  # noqa: E402

urlpatterns = [path('o/', include('oauth2_provider.urls', namespace='oauth2_provider'))]


def seed():
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import get_application_model

    call_command('migrate', verbosity=0, interactive=False)
    User = get_user_model()
    for username, password in common.USERS.items():
        User.objects.create_user(username=username, password=password)
    Application = get_application_model()
    Application.objects.create(
        name='matrix confidential client',
        client_id=common.CONFIDENTIAL_CLIENT_ID,
        client_secret=common.CONFIDENTIAL_CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_PASSWORD,
    )
    Application.objects.create(
        name='matrix public client',
        client_id=common.PUBLIC_CLIENT_ID,
        client_secret='',
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_PASSWORD,
    )


def main():
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass  # nothing logged: request lines may carry tokens in query strings

    seed()
    httpd = make_server('127.0.0.1', 0, get_wsgi_application(), handler_class=QuietHandler)
    common.serve(httpd, httpd.server_port)


if __name__ == '__main__':
    main()
