"""A process admin invites staff to a role in this round; the invitee accepts from the emailed
single-use, expiring link; removing someone is audited."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from budgeting.models import AuditEntry, Membership
from budgeting.team import services
from budgeting.team.models import Invitation
from tests.budgeting.accounts.mail_links import link_in, sent_to
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Send an invitation as the page does; the link in its email."""
    def send(admin, process, partner, email="ailsa@trust.example",
             role=Membership.Role.MODERATOR) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_send(admin=admin, process=process, partner=partner, role=role,
                                     email=email, base_url="http://testserver/")
        return link_in(sent_to(email)[-1], "/invitations/")
    return send


def test_an_invitee_sets_a_password_and_holds_the_role_in_this_round_only(invite,
        client, process_admin, process, council):
    link = invite(process_admin, process, council)
    assert Invitation.objects.get().digest not in link  # only the digest is kept
    page = client.get(link)
    assert "You are invited to be Moderator for Riverside Council" in page.content.decode()
    response = client.post(link, {"name": "Ailsa", "password1": "tide-marram-beacon-7",
                                  "password2": "tide-marram-beacon-7"})
    assert response.status_code == 302
    user = User.objects.get(email="ailsa@trust.example")
    assert Membership.objects.filter(user=user, process=process, partner=council,
                                     role="moderator").exists()
    assert user.emailaddress_set.get().verified
    # Staff: the next page asks for a second factor.
    assert client.get(reverse("moderation_queue", args=[process.slug]))["Location"] == reverse(
        "mfa_index")
    assert AuditEntry.objects.filter(action="invitation.accepted").exists()


def test_the_link_works_once(invite, client, process_admin, process, council):
    link = invite(process_admin, process, council)
    client.post(link, {"name": "Ailsa", "password1": "tide-marram-beacon-7",
                       "password2": "tide-marram-beacon-7"})
    client.post(reverse("account_logout"))
    again = client.get(link)
    assert again.status_code == 410
    assert "This invitation no longer works" in again.content.decode()


def test_an_expired_or_withdrawn_link_does_not_work(invite, client, process_admin, process,
                                                   council):
    link = invite(process_admin, process, council)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(link).status_code == 410
    link = invite(process_admin, process, council, email="brian@trust.example")
    services.invitation_withdraw(admin=process_admin,
                                 invitation=Invitation.objects.get(email="brian@trust.example"))
    assert client.get(link).status_code == 410


def test_someone_with_an_account_signs_in_and_accepts(invite, client, process_admin, process,
                                                      council,
                                                      resident):
    link = invite(process_admin, process, council, email=resident.email)
    page = client.get(link).content.decode()
    assert "Sign in to accept" in page
    client.force_login(resident)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=resident, process=process).exists()


def test_the_signed_in_person_must_be_the_one_invited(invite, client, process_admin, process,
                                                      council,
                                                      resident):
    link = invite(process_admin, process, council, email="someone@else.example")
    client.force_login(resident)
    response = client.post(link)
    assert response.status_code == 400
    assert "sign in with that address" in response.content.decode()
    assert not Membership.objects.filter(user=resident).exists()


def test_only_a_process_admin_invites_and_only_to_a_partner_of_the_round(invite,
        process_admin, moderator, process, council, outsider_partner):
    with pytest.raises(PermissionDenied):
        invite(moderator, process, council)
    with pytest.raises(ValidationError, match="taking part"):
        invite(process_admin, process, outsider_partner)


def test_a_bad_invitation_form_keeps_what_was_typed(client, process_admin, process):
    client.force_login(process_admin)
    response = client.post(reverse("team", args=[process.slug]), {"email": "not-an-address"})
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body
    assert 'value="not-an-address"' in body


def test_removing_someone_is_audited_and_the_last_admin_stays(client, process_admin,
                                                              moderator, process):
    client.force_login(process_admin)
    role = Membership.objects.get(user=moderator, process=process)
    assert client.post(reverse("team_remove", args=[process.slug, role.pk])).status_code == 302
    assert not Membership.objects.filter(pk=role.pk).exists()
    entry = AuditEntry.objects.get(action="membership.removed")
    assert entry.before["person"] == moderator.email
    own = Membership.objects.get(user=process_admin, process=process)
    refused = client.post(reverse("team_remove", args=[process.slug, own.pk]))
    assert refused.status_code == 409 and "last process admin" in refused.content.decode()


def test_a_new_account_with_a_weak_password_is_refused_and_nothing_is_made(invite, client,
                                                                            process_admin,
                                                                            process, council):
    link = invite(process_admin, process, council)
    response = client.post(link, {"name": "Ailsa", "password1": "12345678",
                                  "password2": "12345678"})
    assert response.status_code == 400
    assert not User.objects.filter(email="ailsa@trust.example").exists()
    assert make_user  # the helper stays importable for other tests
