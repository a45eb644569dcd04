"""/healthz tells a load balancer whether this app server can take votes."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client


def test_it_answers_ok_when_the_database_and_cache_answer(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok",
                               "worker_seen_seconds_ago": None, "jobs_waiting": 0}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_answers_503_naming_the_cache_when_the_cache_is_away(db, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionError("refused")

    monkeypatch.setattr(LocMemCache, "set", refuse)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "failing" and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_it_is_not_redirected_to_https_so_a_plain_health_check_works(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/").status_code == 301


def test_an_error_under_api_is_json(client, monkeypatch):
    from django.test import RequestFactory

    from config import errors

    response = errors.server_error(RequestFactory().get("/api/v1/processes/"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert "went wrong" in response.content.decode()
    page = errors.server_error(RequestFactory().get("/p/riverside/"))
    assert page.status_code == 500 and "text/html" in page["Content-Type"]


def test_it_says_when_a_worker_was_last_seen_and_what_waits(db, settings):
    from budgeting.tasks import send_letters
    from config.health import worker_beat

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    worker_beat()
    send_letters.enqueue(letters=[], about="nothing")
    body = Client().get("/healthz").json()
    assert body["worker_seen_seconds_ago"] == 0 and body["jobs_waiting"] == 1
