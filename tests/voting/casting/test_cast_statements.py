"""What casting says to the database: few statements, none naming both a voter and a ballot,
and nothing read from before the ballot: every cast sees the envelope as it is now."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgeting.models import Project
from tests.conftest import set_phase
from tests.voting.casting.ballot_setup import (
    ballots_in_box,
    issue_codes,
    make_voting_envelope,
    mixed,
)
from voting.ballot_box import AlreadyVoted, VotingClosed
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_with_code
from voting.freezing import Frozen
from voting.models import Ballot, BallotChoice, Participation

pytestmark = pytest.mark.django_db

BALLOT_TABLE = re.compile(r"\bvoting_(sealed)?ballot\b")


def cast(envelope, typed, choices):
    code = code_find(typed=typed, envelope=envelope)
    return ballot_cast_with_code(code=code, choices=choices)


@pytest.fixture
def voting():
    """An envelope whose rules the first ballot has frozen, and two unused codes."""
    envelope, projects = make_voting_envelope(ballot_type="knapsack", max_projects=3)
    first, *unused = issue_codes(envelope, 3)
    cast(envelope, first, {projects[0].pk: 1})
    return envelope, projects, unused


def test_no_statement_names_both_the_voter_and_the_ballot(voting):
    envelope, projects, [typed, _] = voting
    with CaptureQueriesContext(connection) as queries:
        ballot = cast(envelope, typed, {projects[1].pk: 1, projects[4].pk: 1})
    statements = [q["sql"] for q in queries.captured_queries]
    about_voter = [s for s in statements if "voting_participation" in s]
    about_ballot = [s for s in statements if BALLOT_TABLE.search(s) or "voting_ballotchoice" in s]
    assert about_voter and about_ballot
    assert not set(about_voter) & set(about_ballot)
    # The receipt goes into the box sealed: no statement holds it.
    assert not any(ballot.receipt in s for s in statements)
    assert ballots_in_box() == Participation.objects.count() == 2
    mixed(envelope)
    stored = Ballot.objects.get(receipt=ballot.receipt)
    assert dict(BallotChoice.objects.filter(ballot=stored).values_list("project", "value")) == {
        projects[1].pk: 1, projects[4].pk: 1
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the written-out SQL is PostgreSQL's")
def test_a_cast_on_postgresql_takes_ten_statements_at_most(voting):
    # code, batch, envelope, process, rules, projects, BEGIN, participation, ballot, COMMIT
    envelope, projects, [typed, _] = voting
    with CaptureQueriesContext(connection) as queries:
        cast(envelope, typed, {projects[1].pk: 1})
    assert len(queries.captured_queries) <= 10, [q["sql"][:80] for q in queries]


def test_a_used_code_writes_nothing(voting):
    envelope, projects, [typed, _] = voting
    cast(envelope, typed, {projects[1].pk: 1})
    with pytest.raises(AlreadyVoted):
        cast(envelope, typed, {projects[2].pk: 1})
    assert ballots_in_box() == Participation.objects.count() == 2


def test_a_cost_changed_after_the_rules_froze_is_what_the_next_ballot_meets(voting):
    envelope, projects, [typed, _] = voting
    Project.objects.filter(pk=projects[1].pk).update(cost=Decimal("70000"))
    with pytest.raises(ValidationError) as caught:
        cast(envelope, typed, {projects[1].pk: 1})
    assert caught.value.error_dict["choices"][0].code == "over_budget"
    assert ballots_in_box() == 1


def test_no_project_can_be_added_once_the_first_ballot_is_cast(voting):
    envelope, projects, [typed, _] = voting
    with pytest.raises(Frozen, match="no project can be added"):
        Project.objects.create(envelope=envelope, title="Added", summary="Added",
                               cost=Decimal("1000"), position=9)
    assert list(envelope.projects.all()) == projects


def test_voting_closed_after_the_rules_froze_refuses_the_next_ballot(voting):
    envelope, projects, [typed, _] = voting
    set_phase(envelope.process, "results")
    with pytest.raises(VotingClosed):
        cast(envelope, typed, {projects[1].pk: 1})
    assert ballots_in_box() == Participation.objects.count() == 1


def test_a_smaller_envelope_after_the_rules_froze_is_what_the_next_ballot_meets(voting):
    envelope, projects, [typed, _] = voting
    type(envelope).objects.filter(pk=envelope.pk).update(amount=Decimal("5000"))
    with pytest.raises(ValidationError) as caught:
        cast(envelope, typed, {projects[0].pk: 1})
    assert caught.value.error_dict["choices"][0].code == "over_budget"

