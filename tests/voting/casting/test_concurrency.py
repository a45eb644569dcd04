"""Threads racing the same voter end with exactly one ballot, on a real PostgreSQL.

Each thread has its own database connection, so the race is decided by PostgreSQL's locks and
the participation's unique constraints, as it is between app servers in production. SQLite in
the test run is a shared in-memory database, which serialises everything and fails fast with
"table is locked" instead of waiting, so these tests need PostgreSQL.
"""

from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import give_second_factor, make_user
from tests.races import THREADS, kinds, race
from tests.voting.casting.ballot_setup import issue_codes, make_voting_envelope, mixed
from voting.ballot_box import BoxReceipt
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_online, ballot_cast_with_code, declaration_make
from voting.desk.services import desk_mark
from voting.mixing import MIX_AT_LEAST, ballot_box_sweep
from voting.models import Ballot, BallotChoice, Declaration, Participation, SealedBallot
from voting.register import person_key
from voting.staff.services import codes_issue

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need PostgreSQL (set DATABASE_URL=postgres://...): the SQLite test "
        "database is shared in memory and cannot hold concurrent writers",
    ),
]


def test_threads_racing_one_code_cast_exactly_one_ballot():
    envelope, projects = make_voting_envelope(ballot_type="approval", max_projects=3)
    [typed] = issue_codes(envelope, 1)

    def cast(i: int):
        code = code_find(typed=typed, envelope=envelope)
        return ballot_cast_with_code(code=code, choices={projects[i % 5].pk: 1})

    outcomes = race(cast)
    assert kinds(outcomes) == {"BoxReceipt": 1, "AlreadyVoted": THREADS - 1}, outcomes
    assert SealedBallot.objects.count() == 1
    assert Participation.objects.count() == 1
    mixed(envelope)
    assert BallotChoice.objects.count() == 1
    [ballot] = [o for o in outcomes if isinstance(o, BoxReceipt)]
    assert Ballot.objects.get().receipt == ballot.receipt


def test_threads_racing_one_online_voter_cast_exactly_one_ballot():
    envelope, projects = make_voting_envelope(ballot_type="approval", max_projects=3)
    voter = make_user("racer@example.com")
    Declaration.objects.create(user=voter, process=envelope.process, postcode="RV1 1AA", age=40)

    def cast(i: int):
        return ballot_cast_online(user=voter, envelope=envelope,
                                           choices={projects[i % 5].pk: 1})

    outcomes = race(cast)
    assert kinds(outcomes) == {"BoxReceipt": 1, "AlreadyVoted": THREADS - 1}, outcomes
    assert SealedBallot.objects.count() == 1
    assert Participation.objects.filter(user=voter).count() == 1
    mixed(envelope)
    assert Ballot.objects.count() == 1 and BallotChoice.objects.count() == 1


def test_racing_api_requests_with_one_code_get_one_201_and_the_rest_409():
    envelope, projects = make_voting_envelope(ballot_type="approval")
    [typed] = issue_codes(envelope, 1)
    url = f"/api/v1/envelopes/{envelope.pk}/ballots/"

    def post(i: int) -> int:
        body = {"code": typed, "choices": [{"project": projects[i % 5].pk, "value": 1}]}
        return Client().post(url, body, content_type="application/json").status_code

    outcomes = race(post)
    assert Counter(outcomes) == {201: 1, 409: THREADS - 1}, outcomes
    assert SealedBallot.objects.count() == 1 and Participation.objects.count() == 1


def test_racing_different_codes_all_count():
    """The guard against doubles must not refuse voters who are not doubles."""
    envelope, projects = make_voting_envelope(ballot_type="approval")
    plain = issue_codes(envelope, THREADS)

    def cast(i: int):
        code = code_find(typed=plain[i], envelope=envelope)
        return ballot_cast_with_code(code=code, choices={projects[i % 5].pk: 1})

    outcomes = race(cast)
    assert kinds(outcomes) == {"BoxReceipt": THREADS}, outcomes
    assert SealedBallot.objects.count() == THREADS == Participation.objects.count()


def test_casting_while_the_box_is_mixed_loses_and_doubles_nothing():
    """Voters cast while two workers sweep the box: every receipt ends up in exactly one
    ballot, and nothing stays sealed once the last sweep after voting has run."""
    envelope, projects = make_voting_envelope(ballot_type="approval")
    voters = 4 * MIX_AT_LEAST
    plain = issue_codes(envelope, voters)
    casters = THREADS - 2

    def act(i: int):
        if i >= casters:  # a worker sweeping again and again
            return sum(ballot_box_sweep() for _ in range(20))
        receipts = []
        for typed in plain[i::casters]:
            code = code_find(typed=typed, envelope=envelope)
            receipts.append(ballot_cast_with_code(code=code, choices={projects[i % 5].pk: 1})
                            .receipt)
        return receipts

    outcomes = race(act)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    receipts = [r for o in outcomes[:casters] for r in o]
    assert len(receipts) == voters
    mixed(envelope)
    stored = list(Ballot.objects.filter(envelope=envelope).values_list("receipt", flat=True))
    assert sorted(stored) == sorted(receipts)
    assert not SealedBallot.objects.exists()


def test_the_first_ballots_racing_lock_the_rules_once():
    envelope, projects = make_voting_envelope(ballot_type="approval")
    plain = issue_codes(envelope, THREADS)

    def cast(i: int):
        code = code_find(typed=plain[i], envelope=envelope)
        return ballot_cast_with_code(code=code, choices={projects[0].pk: 1})

    outcomes = race(cast)
    assert kinds(outcomes) == {"BoxReceipt": THREADS}, outcomes
    envelope.rules.refresh_from_db()
    assert envelope.rules.locked_at is not None


def _desk_round():
    """An envelope open for voting whose council has a moderator at each of THREADS desks."""
    from budgeting.models import Membership, Partner

    envelope, projects = make_voting_envelope(ballot_type="approval")
    council = Partner.objects.create(name="Council", kind=Partner.Kind.COUNCIL)
    envelope.process.partners.add(council)
    desks = []
    for i in range(THREADS):
        staff = make_user(f"desk{i}@council.example")
        Membership.objects.create(user=staff, process=envelope.process, partner=council,
                                  role=Membership.Role.MODERATOR)
        give_second_factor(staff)
        desks.append(staff)
    return envelope, projects, desks


MORAG = {"name": "Morag Sinclair", "born": date(1990, 3, 27), "postcode": "RV1 2AB"}


def test_desks_marking_one_person_at_once_mark_them_once():
    envelope, _projects, desks = _desk_round()
    outcomes = race(lambda i: desk_mark(staff=desks[i], envelope=envelope, **MORAG))
    assert kinds(outcomes) == {"Marked": 1, "AlreadyMarked": THREADS - 1}, outcomes
    assert Participation.objects.filter(envelope=envelope).count() == 1


def test_one_person_racing_online_with_a_code_and_at_a_desk_votes_once():
    envelope, projects, desks = _desk_round()
    voter = make_user("morag@example.com")
    declaration_make(user=voter, process=envelope.process, postcode=MORAG["postcode"],
                     name=MORAG["name"], born=MORAG["born"])
    [plain] = codes_issue(staff=None, envelope=envelope, count=1,
                          people=[person_key(**MORAG)])

    def act(i: int):
        way = i % 3
        if way == 0:
            return ballot_cast_online(user=voter, envelope=envelope,
                                      choices={projects[0].pk: 1})
        if way == 1:
            return ballot_cast_with_code(code=code_find(typed=plain, envelope=envelope),
                                         choices={projects[1].pk: 1})
        return desk_mark(staff=desks[i], envelope=envelope, **MORAG)

    outcomes = race(act)
    won = [o for o in outcomes if type(o).__name__ in ("BoxReceipt", "Marked")]
    assert len(won) == 1, outcomes
    assert kinds(outcomes)["AlreadyVoted"] + kinds(outcomes)["AlreadyMarked"] == THREADS - 1
    assert Participation.objects.filter(envelope=envelope).count() == 1
    assert SealedBallot.objects.count() == (type(won[0]).__name__ == "BoxReceipt")
