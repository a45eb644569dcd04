"""Choosing a language: remembered on the device without an account and, for someone signed in,
for the letters Kist sends them; the language statement says honestly how far each is checked."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from budgeting.languages.models import LanguagePreference
from budgeting.languages.selectors import language_of, languages
from budgeting.proposals import services
from tests.conftest import PASSWORD, make_user, set_phase

pytestmark = pytest.mark.django_db


def _choose(client, code: str, next_url: str = "/"):
    return client.get(reverse("language_choose", args=[code]), {"next": next_url})


def test_it_remembers_the_choice_on_the_device_and_speaks_it(client):
    response = _choose(client, "gd", "/languages/")
    assert response.status_code == 302 and response["Location"] == "/languages/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "gd" and cookie["httponly"] and cookie["samesite"] == "Lax"
    body = client.get("/").content.decode()
    assert '<html lang="gd">' in body
    assert "Leum chun a&#x27; phrìomh shusbaint" in body or "Leum chun a' phrìomh" in body
    assert 'hreflang="en-gb" lang="en-gb">English</a>' in body
    assert '<span class="header__language" aria-current="true" lang="gd">Gàidhlig</span>' in body


def test_it_refuses_a_language_it_does_not_offer_and_an_outside_address(client):
    assert _choose(client, "fr").status_code == 404
    response = _choose(client, "gd", "https://evil.example/")
    assert response["Location"] == "/"


def test_the_switch_never_carries_the_query_string(client):
    body = client.get("/vote/code/?code=ABCD-EFGH-JKLM").content.decode()
    assert "ABCD-EFGH-JKLM" not in body


def test_a_signed_in_choice_is_kept_for_letters(client):
    user = make_user("eilidh@example.com", "Eilidh")
    client.force_login(user)
    _choose(client, "gd")
    assert language_of(user) == "gd"
    _choose(client, "en-gb")
    assert language_of(user) == "en-gb"


def test_a_choice_made_before_signing_in_is_kept(client):
    user = make_user("eilidh@example.com", "Eilidh")
    _choose(client, "gd")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert LanguagePreference.objects.get(user=user).language == "gd"


def test_letters_reach_a_proposer_in_their_language(proposal, moderator,
                                                    django_capture_on_commit_callbacks):
    LanguagePreference.objects.create(user=proposal.author, language="gd")
    set_phase(proposal.process, "review")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(proposal=proposal, reviewer=moderator, decision="feasible",
                               public_reason="Parks will install them.")
    [letter] = mail.outbox
    assert "so-dhèanta" in letter.subject.lower()
    assert "Parks will install them." in letter.body
    assert "Hello" not in letter.body


def test_the_statement_says_gaelic_awaits_a_native_speakers_review(client):
    [english, gaelic] = languages()
    assert english.reviewed and not gaelic.reviewed
    body = client.get(reverse("languages")).content.decode()
    assert "drafted without a native speaker and awaiting review by one" in body
    assert 'hreflang="gd" lang="gd">Gàidhlig</a>' in body


def test_the_cookies_page_lists_the_language_cookie(client):
    assert "kist_language" in client.get(reverse("cookies")).content.decode()
