"""Paper batches on the staff pages: open, enter each ballot type, spoil, reconcile, close."""

from datetime import date

import pytest
from django.urls import reverse

from budgeting.models import AuditEntry
from tests.voting.casting.ballot_setup import ballots_in_box, mixed
from tests.voting.staff.staff_setup import ballot_field, confirm_batch, open_batch, voting_round
from voting.models import Ballot, BallotRules, PaperBatch


@pytest.fixture
def projects(process, envelope):
    return voting_round(process, envelope)


def _url(name: str, batch: PaperBatch) -> str:
    return reverse(name, kwargs={"slug": batch.envelope.process.slug, "batch_id": batch.pk})


def _list_url(envelope) -> str:
    return reverse("voting_staff_paper", kwargs={"slug": envelope.process.slug,
                                                 "envelope_id": envelope.pk})


def _key(project) -> str:
    """A project's field in the paper ballot form (without the form's prefix)."""
    return f"p{project.pk}"


def _mixed_one(envelope) -> Ballot:
    return Ballot.objects.get(envelope=mixed(envelope))


def _choices(ballot: Ballot) -> dict[str, int]:
    return {c.project.title: c.value for c in ballot.choices.select_related("project")}


def _set_rules(envelope, **rules):
    BallotRules.objects.filter(envelope=envelope).update(**rules)


# Opening a batch


def test_a_moderator_opens_a_batch(client, moderator, envelope, projects):
    client.force_login(moderator)
    page = client.get(_list_url(envelope))
    assert page.status_code == 200
    assert page.context["form"]["held_on"].value() == date.today()
    response = client.post(_list_url(envelope), {
        "event": "Gala day", "place": "Riverside hall", "held_on": date.today().isoformat(),
        "declared_count": "40"})
    batch = PaperBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("voting_staff_batch", batch)
    assert (batch.event, batch.place, batch.held_on, batch.declared_count, batch.opened_by) == (
        "Gala day", "Riverside hall", date.today(), 40, moderator)
    assert AuditEntry.objects.filter(action="paper_batch.opened", actor=moderator).exists()
    listing = client.get(_list_url(envelope)).content.decode()
    assert "Gala day" in listing and "0 / 40" in listing


def test_a_bad_batch_is_refused_with_what_was_typed_kept(client, moderator, envelope,
                                                        projects):
    client.force_login(moderator)
    response = client.post(_list_url(envelope), {
        "event": "Gala day", "place": "", "held_on": "14/03/2027x", "declared_count": "0"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["place"] == ["Enter where the event was held."]
    assert errors["held_on"] == ["Enter the date of the event as a real date, like 2027-03-14."]
    assert errors["declared_count"] == ["The number of ballot papers must be 1 or more."]
    html = response.content.decode()
    assert 'value="Gala day"' in html
    assert "There is a problem" in html
    assert not PaperBatch.objects.exists()


def test_no_batch_opens_when_the_envelope_takes_no_paper(client, moderator, envelope,
                                                        projects):
    _set_rules(envelope, paper=False)
    client.force_login(moderator)
    assert "does not take votes on paper" in client.get(_list_url(envelope)).content.decode()
    response = client.post(_list_url(envelope), {
        "event": "Gala day", "place": "Hall", "held_on": date.today().isoformat(),
        "declared_count": "4"})
    assert response.status_code == 400
    assert "This envelope does not take votes on paper." in response.content.decode()
    assert not PaperBatch.objects.exists()


# Entering ballots, one type at a time


def _enter(client, batch, data):
    return client.post(_url("voting_staff_batch_enter", batch), data)


def test_a_knapsack_paper_is_entered_and_over_budget_refused(client, moderator, envelope,
                                                            projects):
    batch = open_batch(envelope, moderator)
    client.force_login(moderator)
    play, benches, racks, orchard = projects
    response = _enter(client, batch, {ballot_field(play): "on", ballot_field(benches): "on"})
    assert response.status_code == 302
    assert response["Location"].endswith("?entered=1")
    ballot = _mixed_one(envelope)
    assert (ballot.channel, ballot.batch, ballot.spoilt) == ("paper", batch, False)
    assert _choices(ballot) == {"Play park": 1, "River benches": 1}
    after = client.get(response["Location"])
    html = after.content.decode()
    assert f"Ballot paper entered (1 of 3 declared). Its reference is {ballot.receipt}." in html
    assert "autofocus" in html  # ready for the next paper

    over = {ballot_field(play): "on", ballot_field(racks): "on", ballot_field(orchard): "on"}
    response = _enter(client, batch, over)
    assert response.status_code == 400
    html = response.content.decode()
    assert "which is £7,000 more than the £60,000 to spend" in html
    form = response.context["ballot_form"]
    assert [form[_key(p)].value() for p in projects] == [True, False, True, True]
    assert ballots_in_box() == 1


def test_an_approval_paper_is_entered_and_too_many_refused(client, moderator, envelope,
                                                          projects):
    _set_rules(envelope, ballot_type="approval", min_projects=1, max_projects=2)
    batch = open_batch(envelope, moderator)
    client.force_login(moderator)
    response = _enter(client, batch, {ballot_field(projects[0]): "on",
                                      ballot_field(projects[3]): "on"})
    assert response.status_code == 302
    assert _choices(_mixed_one(envelope)) == {"Play park": 1, "Community orchard": 1}
    response = _enter(client, batch, {ballot_field(p): "on" for p in projects[:3]})
    assert response.status_code == 400
    assert "Choose no more than 2 projects." in response.content.decode()
    response = _enter(client, batch, {})
    assert response.status_code == 400
    assert "Choose at least 1 project." in response.content.decode()
    assert ballots_in_box() == 1


def test_a_points_paper_is_entered_and_bad_points_refused(client, moderator, envelope,
                                                         projects):
    _set_rules(envelope, ballot_type="points", points_total=10, points_max_per_project=6)
    batch = open_batch(envelope, moderator)
    client.force_login(moderator)
    page = client.get(_url("voting_staff_batch", batch)).content.decode()
    assert 'inputmode="numeric"' in page and 'type="checkbox"' not in page
    response = _enter(client, batch, {ballot_field(projects[0]): "6",
                                      ballot_field(projects[2]): "4",
                                      ballot_field(projects[1]): ""})
    assert response.status_code == 302
    assert _choices(_mixed_one(envelope)) == {"Play park": 6, "Library bike racks": 4}

    response = _enter(client, batch, {ballot_field(projects[0]): "6",
                                      ballot_field(projects[1]): "5"})
    assert response.status_code == 400
    assert "You have given 11 points; you have 10 to share." in response.content.decode()
    assert response.context["ballot_form"][_key(projects[1])].value() == "5"

    response = _enter(client, batch, {ballot_field(projects[0]): "-2"})
    assert response.status_code == 400
    assert response.context["ballot_form"].errors[_key(projects[0])] == [
        "The points for Play park must be 0 or more."]
    assert ballots_in_box() == 1


def test_a_ranking_paper_is_entered_and_bad_places_refused(client, moderator, envelope,
                                                          projects):
    _set_rules(envelope, ballot_type="ranking", ranking_max=3)
    batch = open_batch(envelope, moderator)
    client.force_login(moderator)
    response = _enter(client, batch, {ballot_field(projects[3]): "1",
                                      ballot_field(projects[0]): "2"})
    assert response.status_code == 302
    assert _choices(_mixed_one(envelope)) == {"Community orchard": 1, "Play park": 2}

    response = _enter(client, batch, {ballot_field(projects[3]): "1",
                                      ballot_field(projects[0]): "1"})
    assert response.status_code == 400
    assert "Use each place once, starting from 1, with no gaps" in response.content.decode()

    response = _enter(client, batch, {ballot_field(p): str(i + 1)
                                      for i, p in enumerate(projects)})
    assert response.status_code == 400
    assert "Rank no more than 3 projects." in response.content.decode()
    assert ballots_in_box() == 1


def test_a_title_with_a_percent_sign_does_not_break_the_messages(client, moderator, envelope,
                                                                projects):
    _set_rules(envelope, ballot_type="points")
    projects[0].title = "50% more trees"
    projects[0].save()
    batch = open_batch(envelope, moderator)
    client.force_login(moderator)
    response = _enter(client, batch, {ballot_field(projects[0]): "1001"})
    assert response.status_code == 400
    assert response.context["ballot_form"].errors[_key(projects[0])] == [
        "The points for 50% more trees must be 1,000 or fewer."]


# Spoilt papers, reconciling and closing


def test_a_spoilt_paper_is_recorded_with_its_reason(client, moderator, envelope, projects):
    batch = open_batch(envelope, moderator)
    client.force_login(moderator)
    response = client.post(_url("voting_staff_batch_spoil", batch), {"spoil-reason": ""})
    assert response.status_code == 400
    assert response.context["spoil_form"].errors["reason"] == [
        "Say why the ballot paper is spoilt."]
    response = client.post(_url("voting_staff_batch_spoil", batch),
                           {"spoil-reason": "More crosses than allowed"})
    assert response.status_code == 302
    ballot = _mixed_one(envelope)
    assert (ballot.spoilt, ballot.spoilt_reason, ballot.batch) == (
        True, "More crosses than allowed", batch)
    assert not ballot.choices.exists()
    assert AuditEntry.objects.filter(action="paper_ballot.spoilt").count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "Spoilt ballot paper recorded (1 of 3 declared)." in html


def test_closing_is_refused_until_reconciled(client, moderator, envelope, projects):
    batch = open_batch(envelope, moderator, declared=3)
    client.force_login(moderator)
    _enter(client, batch, {ballot_field(projects[1]): "on"})
    client.post(_url("voting_staff_batch_spoil", batch), {"spoil-reason": "Blank"})
    page = client.get(_url("voting_staff_batch", batch))
    assert page.context["entered"] == 2 and page.context["counted"] == 1
    assert "Difference: 1 paper still to enter." in page.content.decode()

    response = client.post(_url("voting_staff_batch_close", batch))
    assert response.status_code == 400
    html = response.content.decode()
    assert ("2 ballot papers have been entered but 3 were declared. Enter the missing ones or "
            "correct the declared number before closing.") in html
    assert 'role="alert"' in html
    batch.refresh_from_db()
    assert batch.status == PaperBatch.Status.OPEN

    response = client.post(_url("voting_staff_batch_redeclare", batch),
                           {"redeclare-declared_count": "nought"})
    assert response.status_code == 400
    assert response.context["redeclare_form"].errors["declared_count"] == [
        "Enter the number of ballot papers as a whole number, like 3."]

    response = client.post(_url("voting_staff_batch_redeclare", batch),
                           {"redeclare-declared_count": "2"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.declared_count == 2
    entry = AuditEntry.objects.get(action="paper_batch.redeclared")
    assert (entry.before, entry.after) == ({"declared_count": 3}, {"declared_count": 2})
    assert "Entered and declared match." in client.get(_url("voting_staff_batch", batch)
                                                       ).content.decode()

    response = client.post(_url("voting_staff_batch_close", batch))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == PaperBatch.Status.CHECKING and batch.close_asked_by == moderator
    html = client.get(response["Location"]).content.decode()
    assert "Waiting for a second check" in html and "You cannot confirm it yourself" in html
    assert "Enter this paper" not in html
    confirm_batch(batch)
    html = client.get(response["Location"]).content.decode()
    assert "This batch is closed" in html and "checked by checker" in html


def test_more_papers_than_declared_say_so(client, moderator, envelope, projects):
    batch = open_batch(envelope, moderator, declared=1)
    client.force_login(moderator)
    _enter(client, batch, {ballot_field(projects[1]): "on"})
    _enter(client, batch, {ballot_field(projects[2]): "on"})
    html = client.get(_url("voting_staff_batch", batch)).content.decode()
    assert "Difference: 1 paper more than declared." in html
    assert client.post(_url("voting_staff_batch_close", batch)).status_code == 400


def test_a_closed_batch_takes_nothing_more(client, moderator, envelope, projects):
    batch = open_batch(envelope, moderator, declared=1)
    client.force_login(moderator)
    _enter(client, batch, {ballot_field(projects[1]): "on"})
    assert client.post(_url("voting_staff_batch_close", batch)).status_code == 302
    before = (ballots_in_box(), AuditEntry.objects.count())

    for name, data in [
        ("voting_staff_batch_enter", {ballot_field(projects[2]): "on"}),
        ("voting_staff_batch_spoil", {"spoil-reason": "Blank"}),
        ("voting_staff_batch_redeclare", {"redeclare-declared_count": "5"}),
        ("voting_staff_batch_close", {}),
    ]:
        response = client.post(_url(name, batch), data)
        assert response.status_code == 400, name
        assert "This batch is closed; no more ballots can be entered." in (
            response.content.decode()), name
    batch.refresh_from_db()
    assert batch.declared_count == 1
    assert (ballots_in_box(), AuditEntry.objects.count()) == before


def test_the_overview_counts_paper_ballots_and_batches(client, moderator, envelope, projects,
                                                      process):
    batch = open_batch(envelope, moderator, declared=2)
    client.force_login(moderator)
    _enter(client, batch, {ballot_field(projects[1]): "on"})
    client.post(_url("voting_staff_batch_spoil", batch), {"spoil-reason": "Blank"})
    response = client.get(reverse("voting_staff", kwargs={"slug": process.slug}))
    row = response.context["rows"][0]
    assert dict(row["ballots"]) == {"Online with an account": 0, "With a voting code": 0,
                                    "On paper": 1}
    assert (row["counted"], row["spoilt"], row["projects"]) == (1, 1, 4)
    html = response.content.decode()
    assert "Gala day, Riverside hall" in html and "2 / 2" in html
    # Moderators see the paper batches but not the admin-only links.
    assert "Issue voting codes" not in html
    assert "Paper batches" in html
