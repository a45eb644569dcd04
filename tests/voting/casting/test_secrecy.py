"""A ballot never points at a voter or carries a date, and the receipt says only where it is."""

import uuid

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from tests.conftest import make_user
from tests.voting.casting.ballot_setup import issue_codes, make_voting_envelope, mixed
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_online, ballot_cast_with_code, receipt_status
from voting.models import (
    Ballot,
    BallotChoice,
    Declaration,
    PaperBatch,
    Participation,
    SealedBallot,
    VotingCode,
)
from voting.staff.services import paper_ballot_spoil

VOTER_MODELS = {User, VotingCode, Participation, Declaration}
BALLOT_MODELS = (Ballot, BallotChoice, SealedBallot)


def test_no_ballot_sealed_or_mixed_has_a_link_to_a_voter_code_or_participation():
    for model in BALLOT_MODELS:
        for field in model._meta.get_fields():
            if field.is_relation:
                assert field.related_model not in VOTER_MODELS, (model, field.name)
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"user", "voter", "code", "participation", "declaration",
                            "ip", "address", "session"}
    assert {f.name for f in Ballot._meta.get_fields() if f.is_relation} == {
        "envelope", "batch", "choices"
    }
    # Keyed by ballot and project: no sequence that follows the order of writing.
    assert {f.name for f in BallotChoice._meta.get_fields()} == {
        "pk", "ballot", "project", "value"
    }
    assert isinstance(BallotChoice._meta.pk, models.CompositePrimaryKey)


def test_participation_does_not_point_at_a_ballot():
    for field in Participation._meta.get_fields():
        if field.is_relation:
            assert field.related_model not in BALLOT_MODELS, field.name


def test_no_ballot_carries_a_date_and_participation_only_the_day():
    assert type(Participation._meta.get_field("voted_on")) is models.DateField
    for model in BALLOT_MODELS:
        for field in model._meta.concrete_fields:
            assert not isinstance(field, (models.DateField, models.TimeField)), field.name
    for field in Participation._meta.concrete_fields:
        assert not isinstance(field, (models.DateTimeField, models.TimeField)), field.name


@pytest.mark.parametrize("model", [Ballot, SealedBallot])
def test_ballot_keys_are_random_uuids(model):
    field = model._meta.get_field("id")
    assert isinstance(field, models.UUIDField) and field.primary_key
    assert field.default is uuid.uuid4


@pytest.mark.django_db
def test_mixed_ballots_get_new_random_ids_and_receipts_unrelated_to_codes():
    envelope, projects = make_voting_envelope(ballot_type="approval")
    plain = issue_codes(envelope, 5)
    for typed in plain:
        ballot_cast_with_code(code=code_find(typed=typed), choices={projects[0].pk: 1})
    sealed_ids = set(SealedBallot.objects.values_list("id", flat=True))
    ballots = list(Ballot.objects.filter(envelope=mixed(envelope)))
    assert len({b.id for b in ballots}) == 5
    assert all(b.id.version == 4 for b in ballots)
    assert not sealed_ids & {b.id for b in ballots}
    receipts = {b.receipt for b in ballots}
    raw_codes = {c.replace("-", "") for c in plain}
    assert not any(r.replace("-", "") in raw_codes for r in receipts)
    # Codes are stored only as digests.
    stored = set(VotingCode.objects.values_list("digest", flat=True))
    assert not any(c in d or c.replace("-", "") in d for c in plain for d in stored)


@pytest.mark.django_db
def test_the_receipt_tells_waiting_then_counted_and_no_more():
    envelope, projects = make_voting_envelope(ballot_type="approval")
    [code] = issue_codes(envelope, 1)
    cast = ballot_cast_with_code(code=code_find(typed=code), choices={projects[1].pk: 1})
    assert receipt_status(receipt=cast.receipt) == (envelope, False)
    # The box holds the receipt only as a keyed digest.
    assert not SealedBallot.objects.filter(receipt_digest__contains=cast.receipt).exists()
    mixed(envelope)
    assert receipt_status(receipt=cast.receipt) == (envelope, True)
    # Typed loosely: lower case, no dash, spaces.
    loose = " " + cast.receipt.replace("-", " ").lower() + " "
    assert receipt_status(receipt=loose) == (envelope, True)
    assert receipt_status(receipt="AAAAA-AAAAA") is None
    assert receipt_status(receipt="") is None
    assert receipt_status(receipt="x" * 1000) is None


@pytest.mark.django_db
def test_a_spoilt_paper_is_not_counted(moderator):
    envelope, _projects = make_voting_envelope(ballot_type="approval")
    envelope.process.partners.add(moderator.memberships.get().partner)
    batch = PaperBatch.objects.create(
        envelope=envelope, event="Fair", place="Hall", held_on=timezone.localdate(),
        declared_count=1, opened_by=moderator,
    )
    spoilt = paper_ballot_spoil(staff=moderator, batch=batch, reason="Two names")
    assert receipt_status(receipt=spoilt.receipt) is None


@pytest.mark.django_db
def test_a_mixed_online_ballot_and_its_participation_share_nothing_but_envelope_and_channel():
    envelope, projects = make_voting_envelope(ballot_type="approval")
    voter = make_user("mairi@example.com")
    Declaration.objects.create(user=voter, process=envelope.process, postcode="RV1 2AB", age=30)
    ballot_cast_online(user=voter, envelope=envelope, choices={projects[0].pk: 1})
    participation = Participation.objects.get(user=voter)
    ballot = Ballot.objects.get(envelope=mixed(envelope))
    on_ballot = {getattr(ballot, f.attname) for f in Ballot._meta.concrete_fields}
    on_participation = {getattr(participation, f.attname)
                        for f in Participation._meta.concrete_fields}
    shared = (on_ballot - {None, "", False}) & on_participation
    assert shared <= {envelope.pk, "online"}
