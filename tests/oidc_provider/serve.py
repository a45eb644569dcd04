"""Start the loopback OpenID Connect provider: `python -m tests.oidc_provider.serve PORT
CLIENT_ID SECRET REDIRECT_URI...`. Prints "ready" once it answers."""

import os
import socketserver
import sys
import tempfile
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Threaded(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main(port: int, client_id: str, secret: str, redirect_uris: list[str]) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ["OIDC_PROVIDER_KEY"] = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    os.environ["OIDC_PROVIDER_DB"] = os.path.join(tempfile.mkdtemp(), "provider.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    from tests.oidc_provider.people import PEOPLE

    call_command("migrate", verbosity=0)
    for username, person in PEOPLE.items():
        User.objects.create_user(username=username, password=person["password"])
    Application.objects.create(
        name="Kist", client_id=client_id, client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris), algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server("127.0.0.1", port, get_wsgi_application(), server_class=Threaded,
                         handler_class=Quiet)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:])
