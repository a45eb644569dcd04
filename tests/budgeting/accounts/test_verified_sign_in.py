"""Verified sign-in through a real OpenID Connect provider on loopback (tests/oidc_provider):
the whole exchange over HTTP, with the test client as Kist's side and a requests session as the
resident at the provider."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import User
from django.urls import reverse

from budgeting.accounts.identity import verified_identity
from tests.oidc_provider.people import PEOPLE
from tests.oidc_provider.running import PROVIDER_ID

LOGIN = f"/account/oidc/{PROVIDER_ID}/login/"
CALLBACK = f"/account/oidc/{PROVIDER_ID}/login/callback/"


def at_the_provider(client, provider, username: str) -> str:
    """Start at Kist, sign in at the provider as `username`; the callback path Kist gets."""
    response = client.post(LOGIN)
    assert response.status_code == 302, response.content[:500]
    authorize = response["Location"]
    assert authorize.startswith(provider.server_url)
    person = requests.Session()
    page = person.get(authorize, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    back = person.post(page.url, data={
        "csrfmiddlewaretoken": token, "username": username,
        "password": PEOPLE[username]["password"], "next": parse_qs(urlsplit(page.url).query)
        ["next"][0]}, allow_redirects=False, timeout=10)
    back = person.get(provider.url + back.headers["Location"], allow_redirects=False, timeout=10)
    callback = back.headers["Location"]
    assert callback.startswith("http://testserver" + CALLBACK), callback
    return callback.removeprefix("http://testserver")


def test_a_resident_signs_in_and_kist_knows_their_postcode_and_birth_date(
        client, verified_sign_in):
    callback = at_the_provider(client, verified_sign_in, "morag")
    response = client.get(callback)
    assert response.status_code == 302
    user = User.objects.get(email="morag@example.com")
    identity = verified_identity(user)
    assert (identity.name, identity.born.isoformat(), identity.postcode) == (
        "Morag Campbell", "1990-03-27", "RV1 2AB")
    assert user.first_name == "Morag Campbell"
    assert client.get(reverse("my_proposals")).status_code == 200


def test_a_replayed_callback_is_refused(client, verified_sign_in):
    callback = at_the_provider(client, verified_sign_in, "morag")
    client.get(callback)
    client.post(reverse("account_logout"))
    replayed = client.get(callback)
    assert replayed.status_code == 401
    assert "You could not be signed in" in replayed.content.decode()
    assert client.get(reverse("my_proposals")).status_code == 302


def test_a_tampered_code_is_refused(client, verified_sign_in):
    callback = at_the_provider(client, verified_sign_in, "morag")
    tampered = re.sub(r"code=[^&]+", "code=forged", callback)
    response = client.get(tampered)
    assert "You could not be signed in" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_a_forged_state_is_refused(client, verified_sign_in):
    callback = at_the_provider(client, verified_sign_in, "morag")
    forged = re.sub(r"state=[^&]+", "state=forged", callback)
    response = client.get(forged)
    assert "You could not be signed in" in response.content.decode()
    assert not User.objects.exists()


def test_an_error_from_the_provider_is_shown_plainly(client, verified_sign_in):
    client.post(LOGIN)
    response = client.get(CALLBACK + "?error=access_denied&state=x")
    assert "You could not be signed in" in response.content.decode()


def test_a_provider_that_is_down_gets_a_clear_page_not_a_server_error(client, settings, db):
    from tests.oidc_provider.running import Provider, free_port

    down = Provider(url=f"http://127.0.0.1:{free_port()}", process=None)
    settings.SOCIALACCOUNT_PROVIDERS = down.settings()
    response = client.post(LOGIN)
    assert response.status_code == 502
    assert "is not answering" in response.content.decode()


@pytest.mark.parametrize("username", ["morag"])
def test_the_login_page_offers_the_provider(client, verified_sign_in, username):
    body = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Test ID" in body
