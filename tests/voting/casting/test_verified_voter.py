"""A resident signed in through a verified identity provider votes without typing who they
are, and the register still holds across every channel."""

from datetime import date

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from budgeting.accounts.identity import verified_identity
from budgeting.models import PostcodeWard, Ward
from tests.conftest import make_user
from tests.voting.casting.page_helpers import ballot_url, check_url
from tests.voting.staff.staff_setup import voting_round
from voting.desk.services import AlreadyMarked, desk_mark
from voting.models import Declaration, Participation

pytestmark = pytest.mark.django_db


def verified_resident(email="morag@example.com", *, name="Morag Campbell",
                      birthdate="1990-03-27", postcode="rv12ab", subject="sub-morag"):
    user = make_user(email)
    SocialAccount.objects.create(user=user, provider="test-id", uid=subject, extra_data={
        "id_token": {"sub": subject, "name": name},
        "userinfo": {"sub": subject, "birthdate": birthdate,
                     "address": {"postal_code": postcode}}})
    return user


@pytest.fixture
def voting(envelope, council):
    return envelope, voting_round(envelope.process, envelope, ballot_type="approval")


def test_the_claims_mapping_reads_nested_claims_and_writes_the_postcode_properly(db):
    identity = verified_identity(verified_resident())
    assert identity.name == "Morag Campbell"
    assert identity.born == date(1990, 3, 27)
    assert identity.postcode == "RV1 2AB"


def test_the_claims_mapping_follows_the_settings(db, settings):
    settings.OIDC_CLAIMS = {"name": "name", "birthdate": "dob", "postcode": "postcode"}
    user = make_user("a@example.com")
    SocialAccount.objects.create(user=user, provider="test-id", uid="a", extra_data={
        "userinfo": {"dob": "2001-01-02", "postcode": "RV2 9ZZ"}})
    identity = verified_identity(user)
    assert (identity.born, identity.postcode) == (date(2001, 1, 2), "RV2 9ZZ")


def test_a_verified_resident_confirms_and_goes_straight_to_the_ballot(client, voting):
    envelope, projects = voting
    client.force_login(verified_resident())
    page = client.get(reverse("vote_declare", args=[envelope.process.slug]))
    body = page.content.decode()
    assert "you do not need to type them" in body and "RV1 2AB" in body and "27 March 1990" in body
    response = client.post(reverse("vote_declare", args=[envelope.process.slug]),
                           {"postcode": "ZZ1 1ZZ"})  # anything typed is ignored
    assert response["Location"] == ballot_url(envelope)
    declaration = Declaration.objects.get()
    assert declaration.postcode == "RV1 2AB"


def test_a_verified_voter_is_refused_at_the_paper_desk_afterwards(client, voting, moderator):
    envelope, projects = voting
    client.force_login(verified_resident())
    client.post(reverse("vote_declare", args=[envelope.process.slug]))
    client.post(ballot_url(envelope), {"projects": [str(projects[0].pk)]})
    assert client.post(check_url(envelope)).status_code == 302
    with pytest.raises(AlreadyMarked):
        desk_mark(staff=moderator, envelope=envelope, name="MORAG CAMPBELL",
                  born=date(1990, 3, 27), postcode="RV1 2AB")
    assert Participation.objects.count() == 1


def test_a_verified_postcode_the_directory_does_not_know_is_refused_clearly(client, voting):
    envelope, _ = voting
    ward = Ward.objects.create(code="S13000001", name="Riverside")
    PostcodeWard.objects.create(postcode="RV1 2AB", ward=ward)
    client.force_login(verified_resident(postcode="ZZ9 9ZZ"))
    response = client.post(reverse("vote_declare", args=[envelope.process.slug]))
    assert response.status_code == 400
    assert "ZZ9 9ZZ is not in the council&#x27;s list of postcodes" in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_verified_child_is_told_why_they_cannot_vote_here(client, voting):
    envelope, _ = voting
    client.force_login(verified_resident(birthdate="2020-06-01"))
    client.post(reverse("vote_declare", args=[envelope.process.slug]))
    page = client.get(reverse("vote_envelopes", args=[envelope.process.slug]))
    assert "aged 12 or over" in page.content.decode()


def test_an_identity_without_a_birth_date_falls_back_to_the_typed_form(client, voting):
    envelope, _ = voting
    client.force_login(verified_resident(birthdate=""))
    page = client.get(reverse("vote_declare", args=[envelope.process.slug]))
    assert "Your date of birth" in page.content.decode()
