"""Paper batches that can be trusted: dated within voting, closed by two people of two
partners, late ones approved, mistyped entries voided (kept, not counted)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from budgeting.models import AuditEntry, Membership
from tests.conftest import make_user, set_phase
from tests.voting.casting.ballot_setup import mixed
from tests.voting.staff.staff_setup import close_batch, confirm_batch, open_batch, voting_round
from voting.models import Ballot, PaperBatch, SealedBallot
from voting.results.services import tally_count
from voting.staff.selectors import batch_entered
from voting.staff.services import (
    paper_ballot_enter,
    paper_ballot_void,
    paper_batch_approve,
    paper_batch_close,
    paper_batch_confirm,
    paper_batch_open,
    paper_batch_return,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(process, envelope, council):
    return voting_round(process, envelope, ballot_type="approval")


@pytest.mark.parametrize("held_on", [date(2030, 1, 1), date(2020, 1, 1)])
def test_a_batch_must_be_dated_on_a_day_of_voting(envelope, projects, moderator, held_on):
    with pytest.raises(ValidationError) as refused:
        paper_batch_open(staff=moderator, envelope=envelope, event="Gala", place="Hall",
                         held_on=held_on, declared_count=3)
    assert "held_on" in refused.value.error_dict
    assert not PaperBatch.objects.exists()


def test_the_one_who_asked_to_close_cannot_confirm(envelope, projects, moderator):
    batch = open_batch(envelope, moderator, declared=1)
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[0].pk: 1})
    paper_batch_close(staff=moderator, batch=batch)
    with pytest.raises(ValidationError, match="Someone else must confirm"):
        paper_batch_confirm(staff=moderator, batch=batch)
    with pytest.raises(ValidationError, match="closed"):
        paper_ballot_enter(staff=moderator, batch=batch, choices={projects[1].pk: 1})


def test_a_colleague_of_the_same_partner_cannot_confirm_where_another_partner_takes_part(
        envelope, projects, moderator, process_admin, outsider_partner):
    envelope.process.partners.add(outsider_partner)
    Membership.objects.create(user=make_user("m@hillside.example"), process=envelope.process,
                              partner=outsider_partner,
                              role=Membership.Role.MODERATOR)
    batch = open_batch(envelope, moderator, declared=1)
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[0].pk: 1})
    paper_batch_close(staff=moderator, batch=batch)
    with pytest.raises(ValidationError, match="another partner"):
        paper_batch_confirm(staff=process_admin, batch=batch)
    batch = confirm_batch(batch)
    assert batch.status == PaperBatch.Status.CLOSED and batch.closed_by != moderator
    assert AuditEntry.objects.filter(action="paper_batch.closed").exists()


def test_the_checker_can_send_a_batch_back(envelope, projects, moderator, process_admin):
    batch = open_batch(envelope, moderator, declared=1)
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[0].pk: 1})
    paper_batch_close(staff=moderator, batch=batch)
    with pytest.raises(ValidationError):
        paper_batch_return(staff=process_admin, batch=batch, reason=" ")
    paper_batch_return(staff=process_admin, batch=batch, reason="One paper is missing.")
    batch.refresh_from_db()
    assert batch.status == PaperBatch.Status.OPEN
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[1].pk: 1})


def test_a_batch_waiting_for_its_check_is_not_counted(envelope, projects, moderator,
                                                      process_admin):
    batch = open_batch(envelope, moderator, declared=1)
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[0].pk: 1})
    paper_batch_close(staff=moderator, batch=batch)
    set_phase(envelope.process, "results")
    with pytest.raises(ValidationError, match="checked by a second person"):
        tally_count(admin=process_admin, envelope=envelope)


def test_a_late_batch_counts_only_once_the_process_admin_approves_it(
        envelope, projects, moderator, process_admin):
    early = open_batch(envelope, moderator, declared=1)
    paper_ballot_enter(staff=moderator, batch=early, choices={projects[0].pk: 1})
    close_batch(early, moderator)
    set_phase(envelope.process, "results")
    late = open_batch(envelope, moderator, declared=1)
    assert late.late and AuditEntry.objects.filter(action="paper_batch.opened_late").exists()
    paper_ballot_enter(staff=moderator, batch=late, choices={projects[1].pk: 1})
    paper_batch_close(staff=moderator, batch=late)
    with pytest.raises(ValidationError, match="approved by a process admin"):
        tally_count(admin=process_admin, envelope=envelope)
    with pytest.raises(PermissionDenied):
        paper_batch_approve(admin=moderator, batch=late)
    confirm_batch(late)  # checked by another partner, then approved
    tally, _ = tally_count(admin=process_admin, envelope=envelope)
    assert tally.ballots == 2


def test_a_mistyped_entry_is_voided_kept_and_not_counted(envelope, projects, moderator,
                                                         process_admin):
    batch = open_batch(envelope, moderator, declared=1)
    wrong = paper_ballot_enter(staff=moderator, batch=batch, choices={projects[3].pk: 1})
    assert batch_entered(batch) == 1
    with pytest.raises(ValidationError):
        paper_ballot_void(staff=moderator, batch=batch, receipt="NOPE-NOPE", reason="Typo")
    paper_ballot_void(staff=moderator, batch=batch, receipt=wrong.receipt.lower(),
                      reason="Ticked the wrong project")
    assert batch_entered(batch) == 0
    void = Ballot.objects.get(voided=True)
    assert void.spoilt and void.spoilt_reason == "Ticked the wrong project"
    assert list(void.choices.values_list("project_id", flat=True)) == [projects[3].pk]
    assert not SealedBallot.objects.exists()
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[0].pk: 1})
    close_batch(batch, moderator)
    set_phase(envelope.process, "results")
    tally, _ = tally_count(admin=process_admin, envelope=envelope)
    assert tally.ballots == 1 and tally.ballots_by_channel["spoilt"] == 0
    assert AuditEntry.objects.filter(action="paper_ballot.voided").count() == 1


def test_an_entry_already_mixed_can_be_voided_too(envelope, projects, moderator):
    batch = open_batch(envelope, moderator, declared=1)
    wrong = paper_ballot_enter(staff=moderator, batch=batch, choices={projects[3].pk: 1})
    mixed(envelope)
    paper_ballot_void(staff=moderator, batch=batch, receipt=wrong.receipt,
                      reason="Ticked the wrong project")
    assert Ballot.objects.get().voided


def test_a_batch_opened_after_voting_closed_is_still_dated_in_voting(envelope, projects,
                                                                     moderator):
    set_phase(envelope.process, "results")
    with pytest.raises(ValidationError):
        paper_batch_open(staff=moderator, envelope=envelope, event="Gala", place="Hall",
                         held_on=timezone.localdate(), declared_count=1)
    end = envelope.process.voting_end
    batch = paper_batch_open(staff=moderator, envelope=envelope, event="Gala", place="Hall",
                             held_on=end - timedelta(days=1), declared_count=1)
    assert batch.late
