"""Staff reach no staff page, and no admin page, without a second factor."""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.conftest import PASSWORD, TOTP_SECRET, make_user, totp_code


def test_a_moderator_without_a_second_factor_is_sent_to_set_one_up(client, moderator, process):
    Authenticator.objects.filter(user=moderator).delete()
    client.force_login(moderator)
    for url in (reverse("moderation_queue", args=[process.slug]), "/admin/",
                reverse("home")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_index"), url
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert "Staff accounts need a second factor" in page.content.decode()


def test_a_moderator_with_a_second_factor_reaches_the_staff_pages(client, moderator, process):
    client.force_login(moderator)
    assert client.get(reverse("moderation_queue", args=[process.slug])).status_code == 200


def test_an_admin_user_needs_one_too(client, db):
    admin = make_user("root@kist.example", is_staff=True, is_superuser=True)
    Authenticator.objects.filter(user=admin).delete()
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == reverse("mfa_index")


def test_residents_are_not_asked_for_one(client, resident):
    client.force_login(resident)
    assert client.get(reverse("my_proposals")).status_code == 200


def test_staff_sign_in_asks_for_the_authenticator_code(client, moderator, process):
    response = client.post(reverse("account_login"), {"login": moderator.email,
                                                      "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("moderation_queue", args=[process.slug])).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "There is a problem" in wrong.content.decode()
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.get(reverse("moderation_queue", args=[process.slug])).status_code == 200


def test_a_code_works_once(client, moderator):
    client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    code = totp_code()
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    replayed = client.post(reverse("mfa_authenticate"), {"code": code})
    assert replayed.status_code == 200  # shown the form again, not signed in


def test_staff_cannot_remove_their_last_second_factor(client, moderator):
    client.force_login(moderator)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=moderator, type="totp").exists()
    assert response.status_code in (200, 302, 403)


def test_the_authenticator_secret_is_not_stored_in_the_clear(moderator):
    stored = Authenticator.objects.get(user=moderator, type="totp").data["secret"]
    assert TOTP_SECRET not in stored


def test_a_lost_authenticator_is_removed_from_the_command_line_and_audited(moderator):
    from io import StringIO

    from django.core.management import call_command

    from budgeting.models import AuditEntry

    out = StringIO()
    call_command("remove_second_factor", "MODERATOR@council.example", stdout=out)
    assert "Removed 1 second factor" in out.getvalue()
    assert not Authenticator.objects.filter(user=moderator).exists()
    entry = AuditEntry.objects.get(action="account.second_factor_removed")
    assert entry.before == {"second_factors": ["totp"]}


def test_the_command_names_an_unknown_address(db):
    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No account has the email address"):
        call_command("remove_second_factor", "nobody@example.com")


def test_a_secret_sealed_under_another_key_never_matches_and_never_errs(client, moderator,
                                                                       settings):
    settings.SECRET_KEY = "another-secret-key-after-a-rotation-" * 2
    client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_a_code_typed_as_the_app_turns_over_is_still_taken(client, moderator):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from tests.conftest import TOTP_SECRET

    client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    previous = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30 - 1))
    assert client.post(reverse("mfa_authenticate"), {"code": previous}).status_code == 302
