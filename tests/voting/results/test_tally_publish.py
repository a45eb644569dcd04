"""Publishing a count: one published count per envelope, funded projects, proposers told."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from budgeting.models import AuditEntry
from tests.conftest import make_proposal
from tests.voting.results.results_setup import approvals, cast_with_codes, close_voting
from tests.voting.staff.staff_setup import close_batch, open_batch, voting_round
from voting.results import services as results
from voting.results.models import Tally
from voting.staff.services import paper_ballot_enter


@pytest.fixture
def counted(envelope, process_admin, resident):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    play, benches, racks, orchard = projects
    idea = make_proposal(envelope=envelope, author=resident, title="A play park",
                         status="shortlisted")
    play.proposals.add(idea)
    cast_with_codes(envelope, approvals([play, benches], [play], [orchard]))
    close_voting(envelope.process)
    tally, _ = results.tally_count(admin=process_admin, envelope=envelope)
    return tally, projects


def test_publishing_funds_the_selected_projects(counted, process_admin,
                                                django_capture_on_commit_callbacks):
    tally, (play, benches, racks, orchard) = counted
    with django_capture_on_commit_callbacks(execute=True):
        results.tally_publish(admin=process_admin, tally=tally)
    tally.refresh_from_db()
    assert tally.is_published and tally.published_by == process_admin
    for project in (play, benches, racks, orchard):
        project.refresh_from_db()
    assert play.is_funded and benches.is_funded
    assert not orchard.is_funded  # £30,000 no longer fits after the others
    entry = AuditEntry.objects.get(action="tally.published")
    assert entry.after["published"] == 1 and entry.actor == process_admin


def test_proposers_of_funded_projects_are_told(counted, process_admin, resident,
                                               django_capture_on_commit_callbacks):
    tally, _ = counted
    with django_capture_on_commit_callbacks(execute=True):
        results.tally_publish(admin=process_admin, tally=tally)
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert "A play park" in mail.outbox[0].subject + mail.outbox[0].body


def test_only_a_process_admin_publishes(counted, moderator):
    tally, _ = counted
    with pytest.raises(PermissionDenied):
        results.tally_publish(admin=moderator, tally=tally)
    tally.refresh_from_db()
    assert not tally.is_published


def test_a_count_is_published_once(counted, process_admin):
    tally, _ = counted
    results.tally_publish(admin=process_admin, tally=tally)
    with pytest.raises(ValidationError, match="already published"):
        results.tally_publish(admin=process_admin, tally=tally)


def test_a_later_count_replaces_the_published_one(counted, envelope, process_admin, moderator):
    first, (play, benches, racks, orchard) = counted
    results.tally_publish(admin=process_admin, tally=first)
    batch = open_batch(envelope, moderator, declared=3)
    for _ in range(3):
        paper_ballot_enter(staff=moderator, batch=batch, choices={orchard.pk: 1})
    close_batch(batch, moderator)
    second, _ = results.tally_count(admin=process_admin, envelope=envelope)
    results.tally_publish(admin=process_admin, tally=second)
    assert list(Tally.objects.filter(is_published=True)) == [second]
    first.refresh_from_db()
    assert first.published_at is not None and not first.is_published
    orchard.refresh_from_db()
    benches.refresh_from_db()
    assert orchard.is_funded
    assert set(second.selected) == {orchard.code, play.code}
    assert not benches.is_funded  # the later count no longer funds it
    entry = AuditEntry.objects.filter(action="tally.published").first()
    assert entry.after["no_longer_funded"] == [f"{benches.pk}: River benches"]
    assert entry.after["newly_funded"] == [f"{orchard.pk}: Community orchard"]


def test_an_older_count_cannot_be_published_over_a_newer_one(counted, envelope, process_admin,
                                                            moderator):
    first, (play, benches, racks, orchard) = counted
    batch = open_batch(envelope, moderator, declared=1)
    paper_ballot_enter(staff=moderator, batch=batch, choices={orchard.pk: 1})
    close_batch(batch, moderator)
    second, _ = results.tally_count(admin=process_admin, envelope=envelope)
    with pytest.raises(ValidationError, match="not the latest count"):
        results.tally_publish(admin=process_admin, tally=first)
    assert not Tally.objects.filter(is_published=True).exists()
