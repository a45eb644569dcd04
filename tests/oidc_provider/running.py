"""The loopback identity provider as the tests use it: started once, stopped at the end."""

import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_ID = "test-id"
CLIENT_ID = "kist-on-loopback"
SECRET = "kist-loopback-client-secret-for-tests"


@dataclass
class Provider:
    url: str
    process: subprocess.Popen

    @property
    def server_url(self) -> str:
        return f"{self.url}/o"

    def settings(self) -> dict:
        """SOCIALACCOUNT_PROVIDERS as Kist builds it from OIDC_* environment variables."""
        return {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [{
            "provider_id": PROVIDER_ID, "name": "Test ID", "client_id": CLIENT_ID,
            "secret": SECRET, "settings": {"server_url": self.server_url,
                                           "scope": ["openid", "profile", "email", "address"]},
        }]}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(kist_urls: list[str]) -> Provider:
    port = free_port()
    callbacks = [f"{url}/account/oidc/{PROVIDER_ID}/login/callback/" for url in kist_urls]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), CLIENT_ID, SECRET,
         *callbacks], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise RuntimeError(f"the loopback identity provider did not start: {line!r}")
    return Provider(url=f"http://127.0.0.1:{port}", process=process)
