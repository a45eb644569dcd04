"""Limits on guessing voting codes hold under concurrent requests, are shared through Redis,
and fail closed (503, nothing tried) when Redis cannot be reached."""

import threading
import uuid

import pytest
import redis
from django.test import Client

from tests.voting.casting.ballot_setup import issue_codes, make_voting_envelope
from voting import ratelimit
from voting.models import Ballot, Participation

REDIS = "redis://127.0.0.1:6379/15"
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _redis_or_skip():
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")


def _race(n: int, who: str) -> int:
    """How many of n guesses sent at once from one address are let through."""
    allowed = []
    start = threading.Barrier(n)

    def guess():
        start.wait()
        try:
            ratelimit.reserve(scope="code", who=who)
        except ratelimit.Limited:
            return
        allowed.append(1)

    threads = [threading.Thread(target=guess) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(allowed)


def test_sixty_guesses_at_once_through_redis_let_exactly_the_limit_through(settings):
    _redis_or_skip()
    settings.RATE_LIMIT_REDIS_URL = REDIS
    settings.VOTING_CODE_ATTEMPTS = 10
    assert _race(60, who=f"198.51.100.{uuid.uuid4().int % 250}-{uuid.uuid4()}") == 10


def test_the_window_expires_in_redis(settings):
    _redis_or_skip()
    settings.RATE_LIMIT_REDIS_URL = REDIS
    who = f"test-{uuid.uuid4()}"
    ratelimit.reserve(scope="code", who=who)
    ttl = redis.Redis.from_url(REDIS).ttl(f"rl:code:{who}")
    assert 0 < ttl <= settings.VOTING_CODE_WINDOW_SECONDS


def test_guesses_at_once_in_one_process_without_redis_hold_too(settings):
    settings.RATE_LIMIT_REDIS_URL = ""
    settings.VOTING_CODE_ATTEMPTS = 10
    assert _race(40, who=f"local-{uuid.uuid4()}") == 10


def test_a_real_code_gives_its_count_back(settings):
    settings.RATE_LIMIT_REDIS_URL = ""
    settings.VOTING_CODE_ATTEMPTS = 2
    who = f"kiosk-{uuid.uuid4()}"
    for _ in range(5):
        ratelimit.reserve(scope="code", who=who)
        ratelimit.release(scope="code", who=who)
    assert ratelimit.reserve(scope="code", who=who) == 1


@pytest.fixture
def envelope_with_code(db):
    envelope, projects = make_voting_envelope()
    [code] = issue_codes(envelope, 1)
    return envelope, projects, code


def test_the_api_answers_503_when_redis_is_away_and_casts_nothing(settings,
                                                                  envelope_with_code):
    settings.RATE_LIMIT_REDIS_URL = NOWHERE
    envelope, projects, code = envelope_with_code
    response = Client().post(f"/api/v1/envelopes/{envelope.pk}/ballots/",
                             {"code": code, "choices": [{"project": projects[0].pk, "value": 1}]},
                             content_type="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "cannot be checked" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert not Ballot.objects.exists() and not Participation.objects.exists()


def test_the_code_page_answers_503_when_redis_is_away(settings, envelope_with_code):
    settings.RATE_LIMIT_REDIS_URL = NOWHERE
    _envelope, _projects, code = envelope_with_code
    response = Client().post("/vote/code/", {"code": code})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "cannot be checked just now" in response.content.decode()
    assert "vote_code" not in Client().session
