"""Counting an envelope: refused until it can be done properly, then frozen and repeatable."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgeting.models import AuditEntry
from tests.voting.results.results_setup import approvals, cast_with_codes, close_voting
from tests.voting.staff.staff_setup import close_batch, open_batch, voting_round
from voting.results import services as results
from voting.results.ballot_file import digest_of
from voting.results.models import Tally
from voting.staff.services import paper_ballot_enter, paper_ballot_spoil
from voting.tally import read_pb


@pytest.fixture
def voted(envelope, moderator):
    """Four code ballots in an approval envelope (£60,000) of four projects."""
    projects = voting_round(envelope.process, envelope, ballot_type="approval", max_projects=3)
    play, benches, racks, orchard = projects
    cast_with_codes(envelope, approvals([play, benches], [play, orchard], [benches, racks],
                                        [play]))
    return projects


def test_it_refuses_to_count_while_voting_is_open(envelope, voted, process_admin):
    with pytest.raises(ValidationError, match="has not closed"):
        results.tally_count(admin=process_admin, envelope=envelope)
    assert not Tally.objects.exists()


def test_it_refuses_anyone_but_a_process_admin(envelope, voted, moderator):
    close_voting(envelope.process)
    with pytest.raises(PermissionDenied):
        results.tally_count(admin=moderator, envelope=envelope)


def test_it_refuses_while_a_paper_batch_is_open(envelope, voted, process_admin, moderator):
    batch = open_batch(envelope, moderator, declared=2)
    close_voting(envelope.process)
    with pytest.raises(ValidationError, match="must be closed, checked by a second person"):
        results.tally_count(admin=process_admin, envelope=envelope)
    assert str(batch) in str(pytest.raises(ValidationError, results.tally_count,
                                           admin=process_admin, envelope=envelope).value)


def test_it_refuses_an_envelope_without_ballots(envelope, process_admin):
    voting_round(envelope.process, envelope)
    close_voting(envelope.process)
    with pytest.raises(ValidationError, match="No ballots"):
        results.tally_count(admin=process_admin, envelope=envelope)


def test_it_freezes_the_count_with_everything_to_repeat_it(envelope, voted, process_admin):
    play, benches, racks, orchard = voted
    close_voting(envelope.process)
    tally, new = results.tally_count(admin=process_admin, envelope=envelope)
    assert new and tally.number == 1 and not tally.is_published
    assert tally.rule == "greedy"
    assert tally.options["tie_order"].startswith("lower cost")
    assert tally.ballots == 4
    assert tally.ballots_by_channel == {"online": 0, "code": 4, "paper": 0, "imported": 0,
                                        "spoilt": 0}
    assert tally.unit == 100
    # Play park (3 votes, £25,000), benches (2, £8,000), then the racks and the orchard tie on
    # one vote: the cheaper racks (£12,000) go first and the orchard (£30,000) no longer fits.
    assert tally.selected == [play.code, benches.code, racks.code]
    by_id = {p["project_id"]: p for p in tally.outcome["projects"]}
    assert by_id[orchard.code]["reason_code"] == "skipped_no_room"
    assert "£15,000 was left" in by_id[orchard.code]["reason"]
    assert set(tally.alternatives) == {"greedy-no-skip", "max-welfare", "equal-shares"}
    assert tally.counted_by == process_admin and tally.counted_at
    entry = AuditEntry.objects.get(action="tally.counted")
    assert entry.actor == process_admin and entry.after["digest"] == tally.digest


def test_the_frozen_file_counts_the_same_outside_kist(envelope, voted, process_admin):
    close_voting(envelope.process)
    tally, _ = results.tally_count(admin=process_admin, envelope=envelope)
    from voting.tally import count

    again = count(read_pb(tally.ballot_file).election, rule="greedy")
    assert again.selected == tally.selected
    assert digest_of(tally.ballot_file) == tally.digest


def test_counting_again_with_nothing_new_changes_nothing(envelope, voted, process_admin):
    close_voting(envelope.process)
    first, _ = results.tally_count(admin=process_admin, envelope=envelope)
    again, new = results.tally_count(admin=process_admin, envelope=envelope)
    assert not new and again.pk == first.pk
    assert Tally.objects.count() == 1
    assert AuditEntry.objects.filter(action="tally.counted").count() == 1


def test_a_late_paper_batch_makes_a_new_count(envelope, voted, process_admin, moderator):
    play, benches, racks, orchard = voted
    close_voting(envelope.process)
    first, _ = results.tally_count(admin=process_admin, envelope=envelope)
    # Papers from an event during voting, entered after the first count.
    batch = open_batch(envelope, moderator, declared=2)
    for _ in range(2):
        paper_ballot_enter(staff=moderator, batch=batch, choices={orchard.pk: 1})
    close_batch(batch, moderator)
    second, new = results.tally_count(admin=process_admin, envelope=envelope)
    assert new and second.number == 2
    assert second.digest != first.digest
    assert second.ballots == 6 and second.ballots_by_channel["paper"] == 2
    assert orchard.code in second.selected


def test_a_late_batch_of_only_spoilt_papers_makes_a_new_count(envelope, voted, process_admin,
                                                              moderator):
    close_voting(envelope.process)
    first, _ = results.tally_count(admin=process_admin, envelope=envelope)
    batch = open_batch(envelope, moderator, declared=1)
    paper_ballot_spoil(staff=moderator, batch=batch, reason="Blank")
    close_batch(batch, moderator)
    second, new = results.tally_count(admin=process_admin, envelope=envelope)
    assert new and second.digest == first.digest
    assert second.ballots_by_channel["spoilt"] == 1


def test_equal_shares_counts_with_pound_steps(envelope, process_admin):
    projects = voting_round(envelope.process, envelope, ballot_type="approval",
                            counting_rule="equal-shares")
    cast_with_codes(envelope, approvals(projects[:2], projects[1:3], [projects[3]]))
    close_voting(envelope.process)
    tally, _ = results.tally_count(admin=process_admin, envelope=envelope)
    assert tally.rule == "equal-shares"
    assert tally.options["completion"] == "add1u" and tally.options["increment"] == 1
    assert "--completion add1u --increment 1" in results.rerun_command(rule=tally.rule,
                                                                       unit=tally.unit)


@pytest.mark.parametrize("ballot_type, ballots", [
    ("knapsack", [{0: 1, 1: 1}, {0: 1, 2: 1}, {3: 1}]),
    ("points", [{0: 3, 1: 2}, {1: 5}, {3: 4, 2: 1}]),
    ("ranking", [{0: 1, 1: 2, 2: 3}, {1: 1, 0: 2}, {3: 1}]),
])
def test_every_ballot_type_counts_under_every_rule(envelope, process_admin, ballot_type,
                                                   ballots):
    projects = voting_round(envelope.process, envelope, ballot_type=ballot_type,
                            points_total=5, points_max_per_project=5, ranking_max=3,
                            counting_rule="equal-shares")
    cast_with_codes(envelope, [{projects[i]: v for i, v in b.items()} for b in ballots])
    close_voting(envelope.process)
    tally, _ = results.tally_count(admin=process_admin, envelope=envelope)
    assert tally.rule == "equal-shares" and tally.ballots == 3
    assert read_pb(tally.ballot_file).problems == []
    assert set(tally.alternatives) == {"greedy", "greedy-no-skip", "max-welfare"}
    assert tally.outcome["spent"] <= 60_000
