"""The canonical anonymised ballot file: the same ballots always give the same bytes."""

from decimal import Decimal

import pytest

from tests.voting.casting.ballot_setup import make_voting_envelope, mixed
from tests.voting.results.results_setup import approvals, cast_with_codes
from voting.models import Ballot, BallotChoice
from voting.results.ballot_file import ballot_file, money_unit
from voting.rules import rules_of
from voting.staff.services import paper_ballot_enter, paper_ballot_spoil
from voting.tally import read_pb


def _file(envelope):
    return ballot_file(envelope=mixed(envelope), rules=rules_of(envelope))


@pytest.fixture
def knapsack(db):
    return make_voting_envelope(ballot_type="knapsack")


def test_it_gives_the_same_digest_for_the_same_ballots(knapsack):
    envelope, p = knapsack
    cast_with_codes(envelope, approvals([p[0], p[1]], [p[2]], [p[0], p[4]]))
    first, second = _file(envelope), _file(envelope)
    assert first.text == second.text
    assert first.digest == second.digest
    assert len(first.digest) == 64


def test_the_order_of_casting_does_not_change_the_file(knapsack):
    from voting.models import Participation

    envelope, p = knapsack
    ballots = approvals([p[0], p[1]], [p[2]], [p[0], p[4]], [p[1]])
    cast_with_codes(envelope, ballots)
    first = _file(envelope).text
    Ballot.objects.filter(envelope=envelope).delete()
    Participation.objects.filter(envelope=envelope).delete()
    cast_with_codes(envelope, list(reversed(ballots)))
    assert _file(envelope).text == first


def test_a_new_ballot_changes_the_digest(knapsack):
    envelope, p = knapsack
    cast_with_codes(envelope, approvals([p[0]]))
    before = _file(envelope).digest
    cast_with_codes(envelope, approvals([p[1]]))
    assert _file(envelope).digest != before


def test_it_names_no_voter_receipt_or_ballot_key(knapsack):
    envelope, p = knapsack
    receipts = cast_with_codes(envelope, approvals([p[0], p[1]], [p[2]]))
    text = _file(envelope).text
    for ballot in Ballot.objects.filter(envelope=envelope):
        assert str(ballot.id) not in text
        assert ballot.id.hex not in text
    for receipt in receipts:
        assert receipt not in text
    assert [v["voter_id"] for v in read_pb(text).votes] == ["1", "2"]


def test_it_leaves_out_spoilt_papers_and_open_batches_and_keeps_empty_ballots(db, moderator,
                                                                            envelope):
    from tests.voting.staff.staff_setup import close_batch, open_batch, voting_round

    projects = voting_round(envelope.process, envelope, ballot_type="approval", min_projects=0)
    batch = open_batch(envelope, moderator, declared=3)
    paper_ballot_enter(staff=moderator, batch=batch, choices={projects[0].pk: 1})
    paper_ballot_enter(staff=moderator, batch=batch, choices={})
    paper_ballot_spoil(staff=moderator, batch=batch, reason="Torn in half")
    assert _file(envelope).ballots == 0  # a batch still open is not counted
    close_batch(batch, moderator)
    made = _file(envelope)
    pb = read_pb(made.text)
    assert made.ballots == 2 and made.by_channel == {"paper": 2}
    assert sorted(v["vote"] for v in pb.votes) == ["", projects[0].code]
    assert pb.election.voters == 2


def test_it_writes_whole_pounds_as_pounds_and_pence_otherwise(db):
    envelope, p = make_voting_envelope(costs=["1000", "2500.50"], slug="pence")
    cast_with_codes(envelope, approvals([p[0], p[1]]))
    made = _file(envelope)
    assert made.unit == 1
    pb = read_pb(made.text)
    assert pb.election.budget == 6_000_000
    assert [x.cost for x in pb.election.projects] == [100_000, 250_050]
    assert money_unit([Decimal("5"), Decimal("7.00")]) == 100


def test_a_points_ballot_keeps_its_points(db):
    envelope, p = make_voting_envelope(ballot_type="points", points_total=10,
                                       points_max_per_project=6)
    cast_with_codes(envelope, [{p[0]: 6, p[1]: 4}, {p[2]: 5}])
    pb = read_pb(_file(envelope).text)
    assert pb.vote_type == "cumulative"
    assert sorted((v["vote"], v["points"]) for v in pb.votes) == sorted(
        [(f"{p[0].code},{p[1].code}", "6,4"), (p[2].code, "5")]
    )
    assert pb.problems == []


def test_a_ranking_lists_projects_first_to_last(db):
    envelope, p = make_voting_envelope(ballot_type="ranking", ranking_max=3)
    cast_with_codes(envelope, [{p[3]: 1, p[0]: 2, p[2]: 3}])
    pb = read_pb(_file(envelope).text)
    assert pb.vote_type == "ordinal"
    assert pb.votes[0]["vote"] == f"{p[3].code},{p[0].code},{p[2].code}"
    assert BallotChoice.objects.count() == 3


def test_ballots_that_keep_the_rules_raise_no_problems_in_the_file(db):
    envelope, p = make_voting_envelope(ballot_type="knapsack", min_spend_percent=50)
    cast_with_codes(envelope, approvals([p[0], p[1]], [p[3], p[4]]))
    assert read_pb(_file(envelope).text).problems == []


def test_a_ballot_lists_its_projects_in_the_envelopes_order_not_the_order_chosen(db):
    envelope, p = make_voting_envelope(ballot_type="points", points_total=10,
                                       points_max_per_project=6)
    # The envelope's order is the reverse of the projects' ids, and of the order chosen.
    for position, project in enumerate(reversed(p)):
        project.position = position
        project.save(update_fields=["position"])
    cast_with_codes(envelope, [{p[0]: 1, p[2]: 6, p[1]: 3}])
    vote = read_pb(_file(envelope).text).votes[0]
    assert (vote["vote"], vote["points"]) == (f"{p[2].code},{p[1].code},{p[0].code}", "6,3,1")
