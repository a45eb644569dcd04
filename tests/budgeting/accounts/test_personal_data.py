"""A resident's data: downloaded whole, an account deleted (proposals stay, votes unlinked),
and what rounds no longer need purged once their results have been out a while."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from budgeting.accounts.personal_data import purge_personal_data
from budgeting.models import AuditEntry
from tests.conftest import PASSWORD, make_proposal
from tests.voting.casting.page_helpers import ballot_url, check_url, declare
from tests.voting.staff.staff_setup import voting_round
from voting.models import Ballot, Declaration, Participation
from voting.results.models import Tally


@pytest.fixture
def voted(client, resident, envelope, council):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    make_proposal(envelope=envelope, author=resident)
    client.force_login(resident)
    declare(client, envelope.process, name="Eilidh Ross", born="27 3 1990")
    client.post(ballot_url(envelope), {"projects": [str(projects[0].pk)]})
    assert client.post(check_url(envelope)).status_code == 302
    return envelope


def test_a_resident_downloads_everything_held_about_them_and_nothing_of_their_ballot(
        client, voted, resident):
    response = client.get(reverse("your_data_download"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == resident.email
    assert data["proposals"][0]["title"] == "Benches along the river path"
    assert data["about_you_when_voting"][0]["postcode"] == "RV1 2AB"
    assert data["voted_in"][0]["envelope"] == voted.name
    text = response.content.decode()
    for ballot in Ballot.objects.all():
        assert ballot.receipt not in text


def test_deleting_an_account_keeps_proposals_and_unlinks_the_vote(client, voted, resident):
    response = client.post(reverse("your_data_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(pk=resident.pk)
    assert not user.is_active and user.email == "" and user.first_name == "Deleted account"
    assert user.proposals.count() == 1
    assert not Declaration.objects.exists()
    participation = Participation.objects.get()
    assert participation.user is None and participation.person  # the register still holds
    assert client.get(reverse("my_proposals")).status_code == 302  # signed out
    assert AuditEntry.objects.filter(action="account.deleted").exists()


def test_deleting_needs_the_password(client, voted, resident):
    response = client.post(reverse("your_data_delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert User.objects.get(pk=resident.pk).is_active


def test_staff_accounts_are_not_deleted_from_here(client, moderator):
    client.force_login(moderator)
    response = client.post(reverse("your_data_delete"), {"password": PASSWORD})
    assert response.status_code == 409
    assert "ask a process admin to remove your roles" in response.content.decode()


def _published(envelope, days_ago: int) -> None:
    Tally.objects.create(
        envelope=envelope, number=1, rule="greedy", options={}, ballot_file="", digest="x",
        counted_at=timezone.now(),
        ballots=1, ballots_by_channel={}, outcome={}, is_published=True,
        published_at=timezone.now() - timedelta(days=days_ago))


def test_the_purge_removes_what_a_round_no_longer_needs_and_says_so(voted, resident):
    _published(voted, days_ago=100)
    report = purge_personal_data(days=90)
    assert report == [{"process": voted.process.title, "published": report[0]["published"],
                       "declarations": 1, "register_entries": 1, "named_codes": 0}]
    assert not Declaration.objects.exists()
    participation = Participation.objects.get()
    assert participation.user is None and participation.person.startswith("gone-")
    assert Ballot.objects.count() + voted.sealed_ballots.count() == 1  # the vote still counts
    assert purge_personal_data(days=90)[0]["register_entries"] == 0  # nothing twice


def test_the_purge_waits_until_the_results_have_been_out_long_enough(voted):
    _published(voted, days_ago=10)
    assert purge_personal_data(days=90) == []
    assert Declaration.objects.exists()


def test_the_command_prints_what_it_removed(voted):
    _published(voted, days_ago=100)
    out = StringIO()
    call_command("purge_personal_data", "--days", "90", stdout=out)
    assert "1 declarations deleted, 1 register entries unlinked" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("purge_personal_data", "--days", "-1")


def test_the_privacy_notice_says_how_long(client, db, settings):
    settings.PERSONAL_DATA_DAYS = 60
    body = client.get(reverse("privacy")).content.decode()
    assert "60 days after the round" in body
    assert client.get(reverse("cookies")).status_code == 200


def test_a_residents_comments_are_in_their_data_and_lose_their_name_when_they_go(
        client, resident, other_resident, proposal):
    from budgeting.comments import services as comments
    from budgeting.comments.models import Comment, CommentFlag

    mine = comments.comment_post(author=resident, target=proposal, text="Keen on this",
                                 shown_as="Eilidh R")
    theirs = comments.comment_post(author=other_resident, target=proposal, text="Me too")
    comments.comment_flag(comment=theirs, user=resident)
    client.force_login(resident)
    data = json.loads(client.get(reverse("your_data_download")).content)
    assert data["comments"] == [{"on": proposal.title, "text": "Keen on this",
                                 "name_shown": "Eilidh R", "posted": mine.created_at.isoformat(),
                                 "hidden": False}]
    assert data["comments_reported"] == 1
    client.post(reverse("your_data_delete"), {"password": PASSWORD})
    mine.refresh_from_db()
    assert mine.text == "Keen on this" and mine.shown_as == ""
    assert not CommentFlag.objects.exists()
    assert Comment.objects.count() == 2


def test_a_residents_supports_are_in_their_data_and_go_with_their_account(
        client, envelope, resident, proposal):
    from budgeting.supports.models import Support
    from budgeting.supports.services import support_give
    from tests.budgeting.supports.support_setup import declare, take_supports

    take_supports(envelope)
    declare(resident, envelope)
    support_give(user=resident, proposal=proposal)
    client.force_login(resident)
    data = json.loads(client.get(reverse("your_data_download")).content)
    assert [s["proposal"] for s in data["supports"]] == [proposal.reference]
    client.post(reverse("your_data_delete"), {"password": PASSWORD})
    assert not Support.objects.exists()
