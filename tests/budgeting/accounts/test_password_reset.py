from django.core import mail
from django.urls import reverse

from tests.budgeting.accounts.mail_links import link_in, sent_to


def test_the_reset_link_in_the_email_lets_a_new_password_be_chosen(client, resident):
    response = client.post(reverse("account_reset_password"), {"email": resident.email})
    assert response.status_code == 302
    (message,) = sent_to(resident.email)
    page = client.get(link_in(message, "/account/password/reset/key/"), follow=True)
    assert "Choose a new password" in page.content.decode()
    done = client.post(page.redirect_chain[-1][0], {"password1": "a-new-river-2028",
                                                    "password2": "a-new-river-2028"})
    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("a-new-river-2028")


def test_a_used_reset_link_says_it_has_expired(client, resident):
    client.post(reverse("account_reset_password"), {"email": resident.email})
    link = link_in(sent_to(resident.email)[0], "/account/password/reset/key/")
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"password1": "a-new-river-2028",
                                             "password2": "a-new-river-2028"})
    again = client.get(link, follow=True)
    assert "This link has expired" in again.content.decode()


def test_an_unknown_address_gets_the_same_page_and_no_reset_link(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def test_it_explains_a_mistyped_address(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "not-an-address"})
    body = response.content.decode()
    assert "There is a problem" in body and "like name@example.com" in body
