"""Who may open which staff voting page and take which action: the permissions matrix."""

import pytest
from django.urls import reverse
from django.utils import timezone

from budgeting.models import AuditEntry
from tests.conftest import make_user
from tests.voting.staff.staff_setup import ballot_field, open_batch, voting_round
from voting.models import Ballot, BallotRules, CodeBatch, PaperBatch

# name -> (needs a batch rather than an envelope, process admins only)
PAGES = {
    "voting_staff": (None, False),
    "voting_staff_rules": ("envelope", True),
    "voting_staff_codes": ("envelope", True),
    "voting_staff_paper": ("envelope", False),
    "voting_staff_batch": ("batch", False),
}
ACTIONS = {
    "voting_staff_rules": "envelope",
    "voting_staff_codes": "envelope",
    "voting_staff_paper": "envelope",
    "voting_staff_batch_enter": "batch",
    "voting_staff_batch_spoil": "batch",
    "voting_staff_batch_close": "batch",
    "voting_staff_batch_redeclare": "batch",
}
ADMIN_ONLY_ACTIONS = {"voting_staff_rules", "voting_staff_codes"}
OTHERS = ["resident", "panel_member", "outside_moderator"]


@pytest.fixture
def setting(process, envelope, moderator):
    projects = voting_round(process, envelope)
    batch = open_batch(envelope, moderator, declared=1)
    return {"process": process, "envelope": envelope, "batch": batch, "projects": projects}


@pytest.fixture
def people(resident, moderator, process_admin, panel_member, outside_moderator):
    return {
        "resident": resident,
        "moderator": moderator,
        "process_admin": process_admin,
        "panel_member": panel_member,
        "outside_moderator": outside_moderator,
        "superuser": make_user("root@kist.example", is_superuser=True, is_staff=True),
    }


def _url(name: str, setting) -> str:
    kwargs = {"slug": setting["process"].slug}
    needs = PAGES.get(name, (ACTIONS.get(name),))[0]
    if needs == "envelope":
        kwargs["envelope_id"] = setting["envelope"].pk
    elif needs == "batch":
        kwargs["batch_id"] = setting["batch"].pk
    return reverse(name, kwargs=kwargs)


def _post_data(setting) -> dict:
    """Data that would succeed for a process admin, so a refusal is the permission's doing."""
    return {
        "ballot_type": "approval", "min_projects": "1", "max_projects": "2",
        "min_spend_percent": "0", "points_total": "10", "points_max_per_project": "5",
        "ranking_max": "3", "counting_rule": "greedy", "channels": ["online", "paper"],
        "count": "2", "token": "x",
        "event": "Fete", "place": "Hall", "held_on": timezone.localdate().isoformat(),
        "declared_count": "1",
        ballot_field(setting["projects"][1]): "on",
        "spoil-reason": "Blank", "redeclare-declared_count": "2",
    }


def _state(setting) -> tuple:
    rules = BallotRules.objects.get(envelope=setting["envelope"])
    batch = PaperBatch.objects.get(pk=setting["batch"].pk)
    return (
        Ballot.objects.count(), CodeBatch.objects.count(), PaperBatch.objects.count(),
        AuditEntry.objects.count(), rules.ballot_type, rules.paper, batch.status,
        batch.declared_count,
    )


EXPECTED = {
    "resident": (403, 403),
    "panel_member": (403, 403),
    "outside_moderator": (403, 403),
    "moderator": (200, 403),
    "process_admin": (200, 200),
    "superuser": (200, 200),
}


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("page", PAGES)
def test_the_staff_voting_pages_follow_role_and_partner(client, people, setting, role, page):
    client.force_login(people[role])
    staff, admin = EXPECTED[role]
    expected = admin if PAGES[page][1] else staff
    response = client.get(_url(page, setting))
    assert response.status_code == expected
    if expected == 403:
        assert "You do not have access to this page" in response.content.decode()


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize("action", ACTIONS)
def test_staff_voting_actions_are_refused_to_others_and_change_nothing(
    client, people, setting, role, action
):
    client.force_login(people[role])
    before = _state(setting)
    response = client.post(_url(action, setting), _post_data(setting))
    assert response.status_code == 403
    assert _state(setting) == before


@pytest.mark.parametrize("action", sorted(ADMIN_ONLY_ACTIONS))
def test_a_moderator_cannot_change_rules_or_issue_codes(client, people, setting, action):
    client.force_login(people["moderator"])
    before = _state(setting)
    response = client.post(_url(action, setting), _post_data(setting))
    assert response.status_code == 403
    assert _state(setting) == before


@pytest.mark.parametrize("name", sorted(set(PAGES) | set(ACTIONS)))
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_asked_to_sign_in(client, setting, name, method):
    before = _state(setting)
    response = getattr(client, method)(_url(name, setting), _post_data(setting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert _state(setting) == before


def test_a_batch_of_another_process_is_not_found(client, people, setting, process_admin):
    from budgeting.models import Membership
    from tests.conftest import make_process

    other = make_process(slug="hillside", phase="voting")
    other.partners.add(*setting["process"].partners.all())
    for role in process_admin.memberships.all():  # an admin of both rounds
        Membership.objects.create(user=process_admin, process=other, partner=role.partner,
                                  role=role.role)
    client.force_login(process_admin)
    url = reverse("voting_staff_batch", kwargs={"slug": "hillside",
                                                "batch_id": setting["batch"].pk})
    assert client.get(url).status_code == 404
    url = reverse("voting_staff_rules", kwargs={"slug": "hillside",
                                                "envelope_id": setting["envelope"].pk})
    assert client.get(url).status_code == 404


def test_the_process_page_links_staff_to_voting(client, people, setting):
    url = setting["process"].get_absolute_url()
    staff_url = reverse("voting_staff", kwargs={"slug": setting["process"].slug})
    client.force_login(people["moderator"])
    assert staff_url in client.get(url).content.decode()
    client.force_login(people["resident"])
    assert staff_url not in client.get(url).content.decode()
    client.force_login(people["panel_member"])
    assert staff_url not in client.get(url).content.decode()
