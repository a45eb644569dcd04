import difflib
import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.urls import reverse

from tests.budgeting.accounts.mail_links import link_in, sent_to
from tests.conftest import make_user

GOOD = {"name": "Eilidh", "email": "Eilidh@Example.com", "password1": "river-path-2027",
        "password2": "river-path-2027"}


def test_it_signs_up_and_asks_for_the_email_address_to_be_confirmed(client, db):
    response = client.post(reverse("account_signup"), GOOD, follow=True)
    assert "Check your email" in response.content.decode()
    user = User.objects.get()
    assert user.email == "eilidh@example.com" and user.first_name == "Eilidh"
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in until the address is confirmed.
    assert client.get(reverse("my_proposals")).status_code == 302


def test_the_link_in_the_email_confirms_the_address_and_signs_in(client, db):
    client.post(reverse("account_signup"), GOOD)
    (message,) = sent_to("eilidh@example.com")
    confirm = link_in(message, "/account/confirm-email/")
    page = client.get(confirm)
    assert "Confirm" in page.content.decode()
    client.post(confirm)
    assert EmailAddress.objects.get(email="eilidh@example.com").verified
    assert client.get(reverse("my_proposals")).status_code == 200


def test_the_confirmation_email_speaks_as_the_council_and_names_no_generated_username(
        client, db, settings):
    client.post(reverse("account_signup"), GOOD)
    (message,) = sent_to("eilidh@example.com")
    username = User.objects.get().username
    assert message.body.startswith("Hello,")
    assert f"From {settings.SITE_NAME}" in message.body
    assert username not in message.body and "Hello from" not in message.body
    assert "no account works until the address is confirmed" in message.body


def test_it_does_not_say_whether_an_address_has_an_account(client, db):
    make_user("eilidh@example.com")
    taken = client.post(reverse("account_signup"), GOOD, follow=True)
    fresh = client.post(reverse("account_signup"), {**GOOD, "email": "new@example.com"},
                        follow=True)
    assert taken.redirect_chain[-1][0] == fresh.redirect_chain[-1][0]
    # The same page, word for word, but for the address typed (and per-request tokens).
    noise = r'"X-CSRFToken": "[^"]+"|nonce="[^"]+"|\S+@example.com'
    unmasked = [re.sub(noise, "", r.content.decode()) for r in (taken, fresh)]
    assert unmasked[0] == unmasked[1], "\n".join(difflib.unified_diff(
        unmasked[0].splitlines(), unmasked[1].splitlines(), lineterm=""))
    assert User.objects.filter(email__iexact="eilidh@example.com").count() == 1
    # The owner is told instead, by email.
    (message,) = sent_to("eilidh@example.com")
    assert "already" in message.body.lower()


def test_it_explains_weak_and_mismatched_passwords_and_keeps_what_was_typed(client, db):
    response = client.post(reverse("account_signup"), {**GOOD, "password1": "12345678",
                                                       "password2": "12345679"})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The passwords do not match." in body or "too common" in body
    assert 'value="Eilidh"' in body
    assert not User.objects.exists()


def test_sign_up_with_nothing_names_every_field(client, db):
    body = client.post(reverse("account_signup"), {}).content.decode()
    for message in ("Enter your name.", "Enter your email address.", "Create a password."):
        assert message in body


def test_an_unconfirmed_account_cannot_sign_in(client, db):
    make_user("eilidh@example.com", verified=False)
    response = client.post(reverse("account_login"), {"login": "eilidh@example.com",
                                                      "password": "a-long-test-password-9"},
                           follow=True)
    assert "Check your email" in response.content.decode()
    assert client.get(reverse("my_proposals")).status_code == 302
    assert sent_to("eilidh@example.com"), "a new confirmation link is sent"


def test_an_unconfirmed_account_can_neither_propose_nor_vote(client, process, envelope):
    unconfirmed = make_user("eilidh@example.com", verified=False)
    client.force_login(unconfirmed)
    for url in (reverse("proposal_new", args=[process.slug]),
                reverse("vote_declare", args=[process.slug])):
        response = client.get(url)
        assert "Confirm your email address first" in response.content.decode(), url
    # A new link is sent, once: asking again within minutes does not flood the inbox.
    assert len(sent_to("eilidh@example.com")) == 1


def test_signing_up_from_a_page_that_needed_it_comes_back_to_that_page(client, process,
                                                                        envelope):
    target = reverse("proposal_new", args=[process.slug])
    login = client.get(client.get(target).url).content.decode()
    assert "we take you back to where you were" in login
    signup = f"/account/signup/?next={target}"
    assert f'href="{signup}"' in login
    page = client.get(signup).content.decode()
    assert f'value="{target}"' in page
    client.post(signup, {**GOOD, "next": target})
    (message,) = sent_to("eilidh@example.com")
    answer = client.post(link_in(message, "/account/confirm-email/"))
    assert answer.url == target
