from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

GOOD = {"name": "Eilidh", "email": "Eilidh@Example.com", "password": "river-path-2027",
        "password_again": "river-path-2027"}


def test_a_resident_signs_up_and_is_signed_in(client, db):
    response = client.post(reverse("signup"), GOOD)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "eilidh@example.com"
    assert user.first_name == "Eilidh"
    assert client.get(reverse("my_proposals")).status_code == 200


def test_sign_up_refuses_a_taken_email_in_any_case(client, db):
    make_user("eilidh@example.com")
    response = client.post(reverse("signup"), GOOD)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_sign_up_explains_weak_and_mismatched_passwords(client, db):
    response = client.post(reverse("signup"), {**GOOD, "password": "12345678",
                                               "password_again": "12345679"})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "The passwords do not match." in body
    assert "too common" in body or "entirely numeric" in body
    assert 'value="Eilidh"' in body  # the name typed is kept
    assert not User.objects.exists()


def test_sign_up_with_nothing_names_every_field(client, db):
    body = client.post(reverse("signup"), {}).content.decode()
    for message in ("Enter your name.", "Enter your email address.", "Create a password."):
        assert message in body


def test_sign_in_takes_the_email_in_any_case(client, resident):
    response = client.post(reverse("login"), {"username": "EILIDH@example.com",
                                              "password": PASSWORD})
    assert response.status_code == 302


def test_a_wrong_password_is_refused_clearly(client, resident):
    response = client.post(reverse("login"), {"username": resident.email, "password": "nope"})
    assert response.status_code == 200
    assert "is not right" in response.content.decode()


def test_password_reset_sends_a_link_that_works(client, resident):
    response = client.post(reverse("password_reset"), {"email": resident.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    assert "Choose a new password" in page.content.decode()
    done = client.post(page.redirect_chain[-1][0], {"new_password1": "a-new-river-2028",
                                                    "new_password2": "a-new-river-2028"})
    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("a-new-river-2028")
