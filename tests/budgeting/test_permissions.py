"""Who may open which staff page: the permissions matrix."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from budgeting.models import Membership
from budgeting.proposals.models import Proposal
from tests.conftest import make_user

STAFF_PAGES = ["moderation_queue", "moderation_proposal", "audit_log"]
STAFF_ACTIONS = ["moderation_start_review", "moderation_review", "moderation_hide",
                 "moderation_restore"]


def _url(name: str, proposal: Proposal) -> str:
    kwargs = {"slug": proposal.process.slug}
    if name not in {"moderation_queue", "audit_log"}:
        kwargs["pk"] = proposal.pk
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def people(resident, moderator, process_admin, panel_member, outside_moderator):
    superuser = make_user("root@kist.example", is_superuser=True, is_staff=True)
    return {
        "resident": resident,
        "moderator": moderator,
        "process_admin": process_admin,
        "panel_member": panel_member,
        "outside_moderator": outside_moderator,
        "superuser": superuser,
    }


# role -> (moderation pages, audit log)
EXPECTED = {
    "resident": (403, 403),
    "panel_member": (403, 403),
    "outside_moderator": (403, 403),
    "moderator": (200, 403),
    "process_admin": (200, 200),
    "superuser": (200, 200),
}


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_the_staff_pages_follow_role_and_partner(client, people, proposal, role, page):
    client.force_login(people[role])
    moderation, audit = EXPECTED[role]
    expected = audit if page == "audit_log" else moderation
    response = client.get(_url(page, proposal))
    assert response.status_code == expected
    if expected == 403:
        assert "You do not have access to this page" in response.content.decode()


@pytest.mark.parametrize("role", ["resident", "panel_member", "outside_moderator"])
@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_staff_actions_are_refused_to_others_and_change_nothing(
    client, people, proposal, role, action
):
    client.force_login(people[role])
    data = {"review-decision": "feasible", "review-public_reason": "x",
            "hide-reason": "x", "restore-reason": "x"}
    response = client.post(_url(action, proposal), data)
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert not proposal.is_hidden


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(client, proposal, page):
    response = client.get(_url(page, proposal))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_moderator_whose_partner_leaves_the_process_loses_access(client, moderator, proposal,
                                                                   council):
    client.force_login(moderator)
    assert client.get(_url("moderation_queue", proposal)).status_code == 200
    proposal.process.partners.remove(council)
    assert client.get(_url("moderation_queue", proposal)).status_code == 403


def test_a_proposal_of_another_process_is_not_found_through_this_one(
    client, moderator, proposal
):
    from tests.conftest import make_process

    other = make_process(slug="hillside")
    other.partners.add(*proposal.process.partners.all())
    for role in moderator.memberships.all():  # a moderator of both rounds
        Membership.objects.create(user=moderator, process=other, partner=role.partner,
                                  role=role.role)
    client.force_login(moderator)
    url = reverse("moderation_proposal", kwargs={"slug": "hillside", "pk": proposal.pk})
    assert client.get(url).status_code == 404


def test_membership_roles_are_unique_per_partner_in_a_round(moderator, council, process):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=moderator, process=process, partner=council,
                                  role=Membership.Role.MODERATOR)
    assert User.objects.filter(pk=moderator.pk).exists()


def test_a_role_in_one_round_gives_no_power_in_another(moderator, council, process):
    from budgeting.permissions import can_moderate
    from tests.conftest import make_process

    other = make_process(slug="hillside")
    other.partners.add(council)  # the same council takes part in both rounds
    assert can_moderate(user=moderator, process=process)
    assert not can_moderate(user=moderator, process=other)
    Membership.objects.create(user=moderator, process=other, partner=council,
                              role=Membership.Role.MODERATOR)
    assert can_moderate(user=moderator, process=other)


def test_a_paper_desk_officer_works_the_desk_and_nothing_else(council, process):
    from budgeting.permissions import can_moderate, can_work_desk
    from tests.conftest import _member

    officer = _member(council, Membership.Role.DESK_OFFICER, "desk@council.example")
    assert can_work_desk(user=officer, process=process)
    assert not can_moderate(user=officer, process=process)
