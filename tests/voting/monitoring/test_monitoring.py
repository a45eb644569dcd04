"""Equalities monitoring: offered once after a vote, sealed apart from it, counted only in
groups, published merged to the privacy floor, and impossible to join to a ballot, a
participation or an account."""

import pytest
from django.test import Client
from django.urls import reverse

from budgeting.models import AuditEntry
from tests.conftest import make_user, set_phase
from tests.voting.casting.page_helpers import ballot_url, check_url, declare, make_ballot, ticks
from voting.mixing import MIX_AT_LEAST
from voting.monitoring import selectors, services
from voting.monitoring.models import AnswerCount, AreaShare, SealedAnswers

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot():
    return make_ballot(ballot_type="approval")


def _voted(envelope, projects, email="morag@example.com") -> Client:
    client = Client()
    client.force_login(make_user(email, email.split("@")[0]))
    declare(client, envelope.process)
    client.post(ballot_url(envelope), ticks(projects[0]))
    assert client.post(check_url(envelope))["Location"] == reverse("vote_done")
    return client


def _form(process) -> str:
    return reverse("monitoring_form", args=[process.slug])


def test_it_is_offered_once_after_voting_and_seals_the_answers(ballot):
    envelope, projects = ballot
    client = _voted(envelope, projects)
    assert _form(envelope.process) in client.get(reverse("vote_done")).content.decode()
    response = client.post(_form(envelope.process), {"age": "25-34", "sex": "female",
                                                     "ethnic_group": "white_scottish"})
    assert response.status_code == 302
    [sealed] = SealedAnswers.objects.all()
    assert b"female" not in bytes(sealed.sealed) and b"white" not in bytes(sealed.sealed)
    # Once only: the same device cannot answer again.
    again = client.post(_form(envelope.process), {"age": "25-34"})
    assert "asked once, after you vote" in again.content.decode()
    assert SealedAnswers.objects.count() == 1


def test_it_is_not_offered_without_a_vote(client, ballot):
    envelope, _ = ballot
    client.force_login(make_user("ross@example.com", "Ross"))
    client.post(_form(envelope.process), {"age": "25-34"})
    assert not SealedAnswers.objects.exists()


def test_nothing_stored_can_be_joined_to_a_person_or_a_time():
    fields = {f.name for f in SealedAnswers._meta.get_fields()}
    assert fields == {"id", "process", "key_id", "sealed"}
    assert SealedAnswers._meta.pk.get_internal_type() == "UUIDField"
    fields = {f.name for f in AnswerCount._meta.get_fields()}
    assert fields == {"id", "process", "question", "answer", "count"}


def test_a_bad_answer_is_refused_and_the_form_kept(ballot):
    envelope, projects = ballot
    client = _voted(envelope, projects)
    response = client.post(_form(envelope.process), {"age": "200", "sex": "female"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not SealedAnswers.objects.exists()


def _seal(process, n, **answers):
    for _ in range(n):
        services.answers_seal(process=process, answers=answers or {"sex": "female"})


def test_while_voting_no_count_moves_by_one_person(ballot):
    process = ballot[0].process
    _seal(process, 2 * MIX_AT_LEAST - 1)
    assert services.answers_count(process=process) == 0
    _seal(process, 6)
    counted = services.answers_count(process=process)
    assert counted == 2 * MIX_AT_LEAST + 5 - MIX_AT_LEAST
    assert SealedAnswers.objects.count() == MIX_AT_LEAST
    assert AnswerCount.objects.get(question="sex", answer="female").count == counted
    set_phase(process, "results")
    assert services.answers_count(process=process) == MIX_AT_LEAST
    assert AnswerCount.objects.get(question="sex", answer="female").count == 2 * MIX_AT_LEAST + 5


def test_answers_are_taken_only_while_voting_is_open(ballot):
    process = set_phase(ballot[0].process, "results")
    with pytest.raises(Exception, match="only while voting is open"):
        services.answers_seal(process=process, answers={"sex": "male"})


def test_small_groups_are_merged_to_the_privacy_floor(ballot):
    process = ballot[0].process
    _seal(process, 12, sex="female")
    _seal(process, 3, sex="male")
    set_phase(process, "results")
    services.answers_count(process=process)
    sex = next(q for q in selectors.who_took_part(process=process) if q["question"] == "sex")
    assert [(row["labels"], row["count"]) for row in sex["rows"]] == [(["Female", "Male"], 15)]
    age = next(q for q in selectors.who_took_part(process=process) if q["question"] == "age")
    assert age["rows"] == []  # nobody answered: nothing shown


def test_the_public_sees_it_after_voting_and_staff_during(client, process, process_admin):
    set_phase(process, "voting")
    url = reverse("who_took_part", args=[process.slug])
    assert "published once voting has closed" in client.get(url).content.decode()
    client.force_login(process_admin)
    assert "sealed and waiting to be counted" in client.get(url).content.decode()
    client.logout()
    set_phase(process, "results")
    assert "Who took part" in client.get(url).content.decode()


def test_staff_enter_the_areas_census_figures_audited(client, process, process_admin):
    client.force_login(process_admin)
    url = reverse("monitoring_area_shares", args=[process.slug, "sex"])
    response = client.post(url, {"female": "60", "male": "50"})
    assert response.status_code == 400 and "more than 100%" in response.content.decode()
    assert client.post(url, {"female": "51.5", "male": "48.5"}).status_code == 302
    assert {s.answer: str(s.percent) for s in AreaShare.objects.all()} == {
        "female": "51.5", "male": "48.5"}
    assert AuditEntry.objects.filter(action="monitoring.area_shares_set").exists()
    assert client.get(reverse("monitoring_area_shares", args=[process.slug, "shoe_size"])
                      ).status_code == 404
