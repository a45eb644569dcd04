"""Sign-in, sign-up and password reset are limited per account and per client address."""

from django.urls import reverse

from tests.budgeting.accounts.mail_links import sent_to
from tests.conftest import PASSWORD, make_user


def _sign_in(client, email: str, password: str, address: str = "203.0.113.5"):
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_for_a_while(client, resident):
    for _ in range(5):
        assert "is not right" in _sign_in(client, resident.email, "guess").content.decode()
    refused = _sign_in(client, resident.email, PASSWORD)
    assert "Too many wrong passwords" in refused.content.decode()
    assert client.get(reverse("my_proposals")).status_code == 302


def test_the_lock_is_per_account(client, resident, other_resident):
    for _ in range(5):
        _sign_in(client, resident.email, "guess")
    assert _sign_in(client, other_resident.email, PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(client, db):
    for n in range(10):
        make_user(f"voter{n}@example.com")
        _sign_in(client, f"voter{n}@example.com", "guess")
    make_user("voter10@example.com")
    refused = _sign_in(client, "voter10@example.com", PASSWORD)
    assert "Too many wrong passwords" in refused.content.decode()
    assert client.get(reverse("my_proposals")).status_code == 302
    # Another client is not held up by it.
    assert _sign_in(client, "voter9@example.com", PASSWORD, "198.51.100.7").status_code == 302


def test_sign_ups_from_one_address_are_limited(client, db):
    for n in range(5):
        response = client.post(reverse("account_signup"), {
            "name": "Someone", "email": f"new{n}@example.com", "password1": "river-path-2027",
            "password2": "river-path-2027"}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 302
    sixth = client.post(reverse("account_signup"), {
        "name": "Someone", "email": "new5@example.com", "password1": "river-path-2027",
        "password2": "river-path-2027"}, REMOTE_ADDR="203.0.113.9")
    assert sixth.status_code == 429


def test_resets_to_one_address_stop_after_three_an_hour(client, resident):
    for n in range(6):
        client.post(reverse("account_reset_password"), {"email": resident.email},
                    REMOTE_ADDR=f"203.0.113.{n + 10}")
    assert len(sent_to(resident.email)) == 3


def test_the_limit_reads_the_client_through_trusted_proxies_only(client, resident, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(10):
        make_user(f"voter{n}@example.com")
        client.post(reverse("account_login"), {"login": f"voter{n}@example.com",
                                               "password": "guess"},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.4, 203.0.113.{n}")
    # Ten different clients behind the proxy: none is refused for the others' tries, and what
    # the client wrote itself (1.2.3.4) is not believed.
    assert _sign_in(client, resident.email, PASSWORD, "10.0.0.2").status_code == 302
