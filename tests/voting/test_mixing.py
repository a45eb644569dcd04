"""Mixing the ballot box: groups of at least MIX_AT_LEAST, kinds kept apart, everything mixed
once voting closes and before every count, and a box that cannot be opened loses nothing."""

import logging

import pytest
from django.core.management import CommandError, call_command

from tests.voting.results.results_setup import cast_with_codes, close_voting
from tests.voting.staff.staff_setup import close_batch, open_batch, voting_round
from voting.mixing import (
    MIX_AT_LEAST,
    CannotOpenBox,
    ballot_box_mix,
    ballot_box_sweep,
    unmixed,
)
from voting.models import Ballot, BallotChoice, SealedBallot
from voting.results import jobs
from voting.results.models import CountJob
from voting.staff.services import paper_ballot_enter

pytestmark = pytest.mark.django_db

K = MIX_AT_LEAST
OTHER_KEY = b"another-key-of-thirty-two-bytes!"


def _cast(envelope, projects, n: int) -> list[str]:
    picks = [{projects[i % len(projects)]: 1} for i in range(n)]
    return cast_with_codes(envelope, picks)


@pytest.fixture
def voting(envelope, council):
    """The Riverside ward envelope open for voting, its council taking part."""
    return envelope, voting_round(envelope.process, envelope, ballot_type="approval")


def test_while_voting_is_open_nothing_is_mixed_below_two_groups(voting):
    envelope, projects = voting
    _cast(envelope, projects, 2 * K - 1)
    assert ballot_box_sweep() == 0
    assert unmixed(envelope) == 2 * K - 1 and not Ballot.objects.exists()


def test_while_voting_is_open_a_group_of_them_is_mixed_and_a_group_held_back(voting):
    envelope, projects = voting
    receipts = _cast(envelope, projects, 2 * K + 5)
    assert ballot_box_sweep() == K + 5
    assert unmixed(envelope) == K
    assert Ballot.objects.count() == K + 5
    # The ballots held back are chosen at random, not the latest cast.
    assert set(Ballot.objects.values_list("receipt", flat=True)) <= set(receipts)
    # What is mixed is what was cast.
    assert BallotChoice.objects.count() == K + 5


def test_once_voting_closes_everything_left_is_mixed(voting):
    envelope, projects = voting
    _cast(envelope, projects, 3)
    close_voting(envelope.process)
    assert ballot_box_sweep() == 3
    assert unmixed(envelope) == 0 and Ballot.objects.count() == 3


def test_kinds_are_mixed_apart_and_a_closed_paper_batch_is_mixed_whole(
        voting, moderator, council):
    envelope, projects = voting
    _cast(envelope, projects, 2 * K)
    batch = open_batch(envelope, moderator, declared=3)
    for project in projects[:3]:
        paper_ballot_enter(staff=moderator, batch=batch, choices={project.pk: 1})
    assert ballot_box_sweep() == K  # the codes' group; the open batch waits
    assert SealedBallot.objects.filter(batch=batch).count() == 3
    close_batch(batch, moderator)
    assert ballot_box_sweep() == 3
    assert Ballot.objects.filter(batch=batch, channel="paper").count() == 3
    assert Ballot.objects.filter(channel="code", batch=None).count() == K


def test_a_failure_inside_mixing_leaves_the_box_as_it_was(voting, monkeypatch):
    envelope, projects = voting
    _cast(envelope, projects, 4)
    sealed_before = set(SealedBallot.objects.values_list("id", flat=True))

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(BallotChoice.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        ballot_box_mix(envelope=envelope, everything=True)
    assert set(SealedBallot.objects.values_list("id", flat=True)) == sealed_before
    assert not Ballot.objects.exists()


def test_a_box_sealed_under_another_key_is_named_and_nothing_is_deleted(voting, settings):
    envelope, projects = voting
    _cast(envelope, projects, 3)
    settings.BALLOT_BOX_KEY_BYTES = OTHER_KEY
    with pytest.raises(CannotOpenBox) as refused:
        ballot_box_mix(envelope=envelope, everything=True)
    assert envelope.name in refused.value.messages[0]
    assert "BALLOT_BOX_KEY" in refused.value.messages[0]
    assert unmixed(envelope) == 3 and not Ballot.objects.exists()


def test_an_altered_sealed_ballot_stops_mixing_and_nothing_is_deleted(voting):
    envelope, projects = voting
    _cast(envelope, projects, 3)
    tampered = SealedBallot.objects.first()
    sealed = bytearray(tampered.sealed)
    sealed[-1] ^= 1
    SealedBallot.objects.filter(pk=tampered.pk).update(sealed=bytes(sealed))
    with pytest.raises(CannotOpenBox):
        ballot_box_mix(envelope=envelope, everything=True)
    assert unmixed(envelope) == 3 and not Ballot.objects.exists()


def test_the_sweep_logs_a_box_it_cannot_open_and_mixes_the_others(voting, settings, caplog):
    envelope, projects = voting
    _cast(envelope, projects, 3)
    settings.BALLOT_BOX_KEY_BYTES = OTHER_KEY
    other = type(envelope).objects.create(process=envelope.process, name="North ward",
                                          amount=envelope.amount)
    other_projects = voting_round(envelope.process, other, ballot_type="approval")
    _cast(other, other_projects, 2)
    close_voting(envelope.process)
    with caplog.at_level(logging.ERROR, logger="voting.mixing"):
        assert ballot_box_sweep() == 2
    assert "Riverside ward" in caplog.text
    assert unmixed(envelope) == 3 and unmixed(other) == 0


def test_counting_mixes_the_whole_box_first(voting, process_admin, council):
    envelope, projects = voting
    _cast(envelope, projects, 2 * K + 3)
    assert ballot_box_sweep() == K + 3
    close_voting(envelope.process)
    job = jobs.count_request(admin=process_admin, envelope=envelope)
    job.refresh_from_db()
    assert job.status == CountJob.Status.DONE, job.reason
    assert unmixed(envelope) == 0
    assert job.tally.ballots == 2 * K + 3


def test_a_count_of_a_box_it_cannot_open_fails_naming_the_envelope(
        voting, process_admin, council, settings):
    envelope, projects = voting
    _cast(envelope, projects, 3)
    close_voting(envelope.process)
    settings.BALLOT_BOX_KEY_BYTES = OTHER_KEY
    job = jobs.count_request(admin=process_admin, envelope=envelope)
    job.refresh_from_db()
    assert job.status == CountJob.Status.FAILED
    assert "Riverside ward" in job.reason and "BALLOT_BOX_KEY" in job.reason
    assert job.tally is None
    assert unmixed(envelope) == 3 and not Ballot.objects.exists()


def test_the_command_mixes_and_says_what_waits(voting, capsys):
    envelope, projects = voting
    _cast(envelope, projects, K + 1)
    call_command("mix_ballot_box", envelope=envelope.pk)
    assert f"Mixed 0 ballots of Riverside ward; {K + 1} wait sealed" in capsys.readouterr().out
    close_voting(envelope.process)
    call_command("mix_ballot_box")
    assert f"Mixed {K + 1} ballots." in capsys.readouterr().out


def test_the_command_names_an_envelope_that_does_not_exist(db):
    with pytest.raises(CommandError, match="No envelope has the id 999"):
        call_command("mix_ballot_box", envelope=999)


def test_the_command_says_which_box_it_cannot_open(voting, settings):
    envelope, projects = voting
    _cast(envelope, projects, 1)
    close_voting(envelope.process)
    settings.BALLOT_BOX_KEY_BYTES = OTHER_KEY
    with pytest.raises(CommandError, match="Riverside ward"):
        call_command("mix_ballot_box", envelope=envelope.pk)
