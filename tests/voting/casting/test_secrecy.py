"""A ballot never points at a voter, carries only the day, and the receipt says only 'counted'."""

import uuid
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from tests.conftest import make_user
from tests.voting.casting.ballot_setup import issue_codes, make_voting_envelope
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_online, ballot_cast_with_code, receipt_is_counted
from voting.models import (
    Ballot,
    BallotChoice,
    Declaration,
    PaperBatch,
    Participation,
    VotingCode,
)
from voting.staff.services import paper_ballot_spoil

VOTER_MODELS = {User, VotingCode, Participation, Declaration}


def test_the_ballot_has_no_link_to_a_voter_code_or_participation():
    for model in (Ballot, BallotChoice):
        for field in model._meta.get_fields():
            if field.is_relation:
                assert field.related_model not in VOTER_MODELS, (model, field.name)
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"user", "voter", "code", "participation", "declaration",
                            "ip", "address", "session"}
    assert {f.name for f in Ballot._meta.get_fields() if f.is_relation} == {
        "envelope", "batch", "choices"
    }
    assert {f.name for f in BallotChoice._meta.get_fields()} == {
        "id", "ballot", "project", "value"
    }


def test_participation_does_not_point_at_a_ballot():
    for field in Participation._meta.get_fields():
        if field.is_relation:
            assert field.related_model not in {Ballot, BallotChoice}, field.name


def test_ballot_carries_the_day_and_nothing_finer():
    assert type(Ballot._meta.get_field("cast_on")) is models.DateField
    assert type(Participation._meta.get_field("voted_on")) is models.DateField
    for model in (Ballot, BallotChoice, Participation):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, (models.DateTimeField, models.TimeField)), field.name
            assert not getattr(field, "auto_now", False) and not getattr(
                field, "auto_now_add", False
            )


def test_the_ballot_key_is_a_random_uuid():
    field = Ballot._meta.get_field("id")
    assert isinstance(field, models.UUIDField) and field.primary_key
    assert field.default is uuid.uuid4


@pytest.mark.django_db
def test_ballots_cast_get_random_ids_and_receipts_unrelated_to_codes():
    envelope, projects = make_voting_envelope(ballot_type="approval")
    plain = issue_codes(envelope, 5)
    for typed in plain:
        ballot_cast_with_code(code=code_find(typed=typed),
                                       choices={projects[0].pk: 1})
    ballots = list(Ballot.objects.all())
    assert len({b.id for b in ballots}) == 5
    assert all(b.id.version == 4 for b in ballots)
    assert all(b.cast_on == timezone.localdate() for b in ballots)
    receipts = {b.receipt for b in ballots}
    raw_codes = {c.replace("-", "") for c in plain}
    assert not any(r.replace("-", "") in raw_codes for r in receipts)
    # Codes are stored only as digests.
    stored = set(VotingCode.objects.values_list("digest", flat=True))
    assert not any(c in d or c.replace("-", "") in d for c in plain for d in stored)


@pytest.mark.django_db
def test_the_receipt_tells_counted_and_no_more():
    envelope, projects = make_voting_envelope(ballot_type="approval")
    [code] = issue_codes(envelope, 1)
    ballot = ballot_cast_with_code(code=code_find(typed=code),
                                            choices={projects[1].pk: 1})
    found = receipt_is_counted(receipt=ballot.receipt)
    assert found is not None and found.pk == ballot.pk
    # Typed loosely: lower case, no dash, spaces.
    loose = " " + ballot.receipt.replace("-", " ").lower() + " "
    assert receipt_is_counted(receipt=loose) == ballot
    assert receipt_is_counted(receipt="AAAAA-AAAAA") is None
    assert receipt_is_counted(receipt="") is None
    assert receipt_is_counted(receipt="x" * 1000) is None


@pytest.mark.django_db
def test_a_spoilt_paper_is_not_counted(moderator):
    envelope, _projects = make_voting_envelope(ballot_type="approval")
    envelope.process.partners.add(moderator.memberships.get().partner)
    batch = PaperBatch.objects.create(
        envelope=envelope, event="Fair", place="Hall", held_on=date(2027, 3, 1),
        declared_count=1, opened_by=moderator,
    )
    spoilt = paper_ballot_spoil(staff=moderator, batch=batch, reason="Two names")
    assert receipt_is_counted(receipt=spoilt.receipt) is None


@pytest.mark.django_db
def test_online_ballot_and_participation_share_nothing_but_envelope_and_day():
    envelope, projects = make_voting_envelope(ballot_type="approval")
    voter = make_user("mairi@example.com")
    Declaration.objects.create(user=voter, process=envelope.process, postcode="RV1 2AB", age=30)
    ballot = ballot_cast_online(user=voter, envelope=envelope,
                                         choices={projects[0].pk: 1})
    participation = Participation.objects.get(user=voter)
    ballot_values = {f.attname: getattr(ballot, f.attname) for f in Ballot._meta.concrete_fields}
    shared = {
        value for value in ballot_values.values()
        if value not in (None, "", False)
    } & {getattr(participation, f.attname) for f in Participation._meta.concrete_fields}
    assert shared <= {envelope.pk, ballot.cast_on, "online"}
