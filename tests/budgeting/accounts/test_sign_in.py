from django.urls import reverse

from tests.conftest import PASSWORD


def test_it_takes_the_email_address_in_any_case(client, resident):
    response = client.post(reverse("account_login"), {"login": "EILIDH@example.com",
                                                      "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("my_proposals")).status_code == 200


def test_a_wrong_password_is_refused_clearly(client, resident):
    response = client.post(reverse("account_login"), {"login": resident.email,
                                                      "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "is not right" in body
    assert f'value="{resident.email}"' in body


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(client, resident):
    wrong = client.post(reverse("account_login"), {"login": resident.email, "password": "x"})
    unknown = client.post(reverse("account_login"), {"login": "nobody@example.com",
                                                     "password": "x"})
    assert "is not right" in wrong.content.decode()
    assert "is not right" in unknown.content.decode()


def test_signing_out_takes_a_post(client, resident):
    client.force_login(resident)
    client.post(reverse("account_logout"))
    assert client.get(reverse("my_proposals")).status_code == 302


def test_the_admin_signs_in_through_kists_own_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
