import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]


BOX_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()


def _import_settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )


def test_it_refuses_to_start_in_production_with_the_development_key():
    result = _import_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_starts_in_production_with_a_real_key():
    result = _import_settings(DEBUG="false", SECRET_KEY="x" * 50,
                              REDIS_URL="redis://127.0.0.1:6379/0", VOTING_CODE_PEPPER="p" * 40,
                              BALLOT_BOX_KEY=BOX_KEY)
    assert result.returncode == 0, result.stderr


def test_it_refuses_to_start_in_production_without_a_code_pepper():
    result = _import_settings(DEBUG="false", SECRET_KEY="x" * 50, VOTING_CODE_PEPPER="",
                              REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode != 0
    assert "VOTING_CODE_PEPPER must be set" in result.stderr


@pytest.mark.parametrize("key", [
    "", "too-short", base64.urlsafe_b64encode(b"k" * 31).decode(), "not base64 at all!!",
    "a2lzdC1kZXZlbG9wbWVudC1iYWxsb3QtYm94LWtleSE=",  # the public development key
])
def test_it_refuses_to_start_in_production_without_a_real_ballot_box_key(key):
    result = _import_settings(DEBUG="false", SECRET_KEY="x" * 50, VOTING_CODE_PEPPER="p" * 40,
                              REDIS_URL="redis://127.0.0.1:6379/0", BALLOT_BOX_KEY=key)
    assert result.returncode != 0
    assert "BALLOT_BOX_KEY must be" in result.stderr.splitlines()[-1]


def test_it_refuses_to_start_in_production_without_redis():
    result = _import_settings(DEBUG="false", SECRET_KEY="x" * 50, REDIS_URL="",
                              VOTING_CODE_PEPPER="p" * 40)
    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_it_reads_a_postgres_url():
    config = database_from_url("postgres://kist:p%40ss@db.internal:5433/kist_live")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("kist", "p@ss")
    assert (config["HOST"], str(config["PORT"]), config["NAME"]) == (
        "db.internal", "5433", "kist_live")


def test_it_keeps_the_options_of_a_postgres_url():
    config = database_from_url("postgres://kist@db.internal/kist?sslmode=require")
    assert config["OPTIONS"]["sslmode"] == "require"
    # A connection that a restart of PostgreSQL has closed is noticed before it is used.
    assert config["CONN_HEALTH_CHECKS"] is True


def test_it_rejects_an_unknown_database_scheme():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://root@localhost/kist")


def _settings_value(expression: str, **env) -> str:
    environment = {**os.environ, "DEBUG": "true", **env}
    result = subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


OIDC = {"OIDC_PROVIDER_ID": "mygov", "OIDC_NAME": "mygov.scot myaccount",
        "OIDC_CLIENT_ID": "kist", "OIDC_CLIENT_SECRET": "s3cret",
        "OIDC_SERVER_URL": "https://id.example.scot/realms/citizens",
        "OIDC_CLAIM_POSTCODE": "postcode"}


def test_verified_sign_in_is_configured_by_environment_variables_alone():
    app = _settings_value("s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]", **OIDC)
    assert "'provider_id': 'mygov'" in app and "'name': 'mygov.scot myaccount'" in app
    assert "'server_url': 'https://id.example.scot/realms/citizens'" in app
    assert _settings_value("s.OIDC_CLAIMS['postcode']", **OIDC) == "postcode"
    assert "https://id.example.scot" in _settings_value("s.SECURE_CSP['form-action']", **OIDC)


def test_without_a_provider_there_is_no_verified_sign_in():
    assert _settings_value("s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS']") == "[]"


def test_a_half_configured_provider_refuses_to_start():
    result = _import_settings(DEBUG="true", OIDC_PROVIDER_ID="mygov")
    assert result.returncode != 0
    assert "OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_SERVER_URL must be set" in result.stderr
