"""The ballot rules form: a process admin sets them; they lock at the first ballot."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from budgeting.models import AuditEntry
from tests.voting.staff.staff_setup import open_batch, voting_round
from voting.models import BallotRules
from voting.staff.services import paper_ballot_enter, paper_ballot_spoil

VALID = {
    "ballot_type": "points", "min_projects": "1", "max_projects": "",
    "min_spend_percent": "0", "points_total": "12", "points_max_per_project": "6",
    "ranking_max": "3", "counting_rule": "equal-shares", "channels": ["code", "paper"],
}


@pytest.fixture
def url(process, envelope):
    voting_round(process, envelope)
    return reverse("voting_staff_rules", kwargs={"slug": process.slug,
                                                 "envelope_id": envelope.pk})


def test_the_form_shows_the_current_rules(client, process_admin, url, envelope):
    client.force_login(process_admin)
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["ballot_type"].value() == "knapsack"
    assert set(form["channels"].value()) == {"online", "code", "paper"}
    html = response.content.decode()
    assert "Save the ballot rules" in html
    assert "These rules are locked" not in html


def test_a_process_admin_saves_the_rules(client, process_admin, url, envelope, process):
    client.force_login(process_admin)
    response = client.post(url, VALID)
    assert response.status_code == 302
    assert response["Location"] == reverse("voting_staff", kwargs={"slug": process.slug})
    rules = BallotRules.objects.get(envelope=envelope)
    assert (rules.ballot_type, rules.points_total, rules.points_max_per_project) == (
        "points", 12, 6)
    assert rules.counting_rule == "equal-shares"
    assert rules.max_projects is None
    assert (rules.online, rules.codes, rules.paper) == (False, True, True)
    entry = AuditEntry.objects.get(action="ballot_rules.updated")
    assert entry.actor == process_admin
    assert entry.after["points_total"] == 12
    overview = client.get(response["Location"]).content.decode()
    assert "The ballot rules for Riverside ward have been saved." in overview
    assert "Share 12 points, at most 6 on one project." in overview


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"min_projects": "3", "max_projects": "2"}, "max_projects",
         "The most projects cannot be fewer than the fewest."),
        ({"points_total": "4", "points_max_per_project": "5"}, "points_max_per_project",
         "This cannot be more than the points to share."),
        ({"channels": []}, "channels", "Choose at least one way to vote."),
        ({"min_spend_percent": "120"}, "min_spend_percent",
         "The least share to spend must be 100 or fewer."),
        ({"ranking_max": "three"}, "ranking_max",
         "Enter the number of projects to rank as a whole number, like 3."),
        ({"ballot_type": "lottery"}, "ballot_type", "Choose one of the ballot types listed."),
        ({"points_total": ""}, "points_total", "Enter the points to share."),
    ],
)
def test_bad_rules_are_refused_with_what_was_typed_kept(
    client, process_admin, url, envelope, change, field, message
):
    client.force_login(process_admin)
    before = AuditEntry.objects.count()
    response = client.post(url, {**VALID, "ranking_max": "4", **change})
    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["form"].errors[field] == [message]
    assert "There is a problem" in html
    assert f'href="#id_{field}' in html
    assert html.count(message) == 2  # in the summary and at the field
    assert response.context["form"]["ranking_max"].value() == change.get("ranking_max", "4")
    rules = BallotRules.objects.get(envelope=envelope)
    assert rules.ballot_type == "knapsack"
    assert AuditEntry.objects.count() == before


def test_the_rules_lock_at_the_first_ballot(client, process_admin, moderator, url, envelope,
                                           process):
    projects = list(envelope.projects.all())
    batch = open_batch(envelope, moderator)
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[1].pk: 1})
    client.force_login(process_admin)

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "These rules are locked" in html
    today = date_format(timezone.localdate(), "j F Y")
    assert f"Ballots have been cast in this envelope since {today}" in html
    assert "Save the ballot rules" not in html
    assert "Pick projects within the budget" in html  # the rules, read-only

    response = client.post(url, VALID)
    assert response.status_code == 400
    assert "These rules are locked" in response.content.decode()
    assert BallotRules.objects.get(envelope=envelope).ballot_type == "knapsack"

    overview = client.get(reverse("voting_staff", kwargs={"slug": process.slug}))
    assert "See the ballot rules" in overview.content.decode()


def test_the_rules_lock_even_if_only_a_spoilt_paper_was_recorded(
    client, process_admin, moderator, url, envelope
):
    batch = open_batch(envelope, moderator)
    paper_ballot_spoil(staff=moderator, batch=batch, reason="Blank")
    client.force_login(process_admin)
    response = client.post(url, VALID)
    assert response.status_code == 400
    assert BallotRules.objects.get(envelope=envelope).ballot_type == "knapsack"


def test_the_rules_page_does_not_write_rules_it_only_reads(client, process_admin, process,
                                                          other_envelope):
    client.force_login(process_admin)
    url = reverse("voting_staff_rules", kwargs={"slug": process.slug,
                                                "envelope_id": other_envelope.pk})
    assert client.get(url).status_code == 200
    assert not BallotRules.objects.filter(envelope=other_envelope).exists()
