"""The documented production environment (deploy/kist.env.example) passes Django's deploy
checks, and production is what Kist is unless told otherwise."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra) -> dict:
    # Nothing of the test run's own: the browser tests allow async-unsafe calls, say.
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL",
                                "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    for line in (ROOT / "deploy" / "kist.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("=", 1)
            environment[name] = value
    environment.update(extra)
    return environment


def _run(*args: str, **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=_env(**extra),
                          capture_output=True, text=True, timeout=120)


def test_the_documented_production_environment_passes_the_deploy_checks():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_it_is_asked_for():
    result = _run("-c", "from django.conf import settings; import django; django.setup(); "
                  "print(settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SECURE_CSP)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False True ")


def test_a_proxy_that_is_not_an_address_stops_kist_with_one_line():
    result = _run("-c", "import config.settings", TRUSTED_PROXIES="127.0.0.1,nginx-box")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'nginx-box' is not an address or a network" in result.stderr
