"""Filtering and searching the open API's lists, and refusing filters it cannot use."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from budgeting.models import Envelope, Process
from tests.api.open_data_setup import make_open_data
from tests.conftest import make_process, make_proposal, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return make_open_data()


def slugs(query=""):
    response = Client().get(f"/api/v1/processes/{query}")
    assert response.status_code == 200, response.content
    return [p["slug"] for p in response.json()["results"]]


def proposals(query=""):
    response = Client().get(f"/api/v1/processes/riverside/proposals/{query}")
    assert response.status_code == 200, response.content
    return [p["title"] for p in response.json()["results"]]


@pytest.fixture
def processes(db):
    for phase in ["upcoming", "ideas", "review", "shortlisting", "voting", "results"]:
        make_process(slug=f"{phase}-round", phase=phase, title=f"{phase.title()} Choices",
                     area=f"{phase.title()}ton")


def test_it_filters_processes_by_phase_today(processes):
    for phase in ["upcoming", "ideas", "review", "shortlisting", "voting", "results"]:
        assert slugs(f"?phase={phase}") == [f"{phase}-round"]
        assert Process.objects.get(slug=f"{phase}-round").phase == phase


def test_it_puts_a_process_in_the_right_phase_on_the_boundary_days(db):
    today = timezone.localdate()
    day = timedelta(days=1)
    make_process(slug="last-vote-day", voting_end=today, voting_start=today - day,
                 shortlisting_start=today - 2 * day, review_start=today - 3 * day,
                 ideas_start=today - 4 * day)
    make_process(slug="ideas-open-today", ideas_start=today, review_start=today + day,
                 shortlisting_start=today + 2 * day, voting_start=today + 3 * day,
                 voting_end=today + 4 * day)
    assert slugs("?phase=voting") == ["last-vote-day"]
    assert slugs("?phase=ideas") == ["ideas-open-today"]


def test_it_searches_processes_by_title_and_area(processes):
    assert slugs("?q=review+choices") == ["review-round"]
    assert slugs("?q=VOTINGTON") == ["voting-round"]
    assert slugs("?q=nowhere") == []


def test_it_lists_processes_latest_vote_first(processes):
    assert slugs()[0] == "upcoming-round"
    assert slugs()[-1] == "results-round"


def test_it_filters_proposals_by_envelope_status_and_category(data):
    other = make_proposal(envelope=data.other_envelope, author=make_user("tom@example.com"),
                          title="Youth hut", category="young_people", status="feasible")
    assert proposals(f"?envelope={data.envelope.pk}") == ["Benches along the river path"]
    assert proposals(f"?envelope={data.other_envelope.pk}") == [other.title]
    assert proposals("?status=feasible") == [other.title]
    assert proposals("?category=young_people") == [other.title]
    assert proposals("?category=young_people&status=shortlisted") == []


def test_it_searches_proposals(data):
    assert proposals("?q=river+benches") == ["Benches along the river path"]
    assert proposals("?q=allotments") == ["Benches along the river path"]
    assert proposals("?q=pumpkins") == []


def test_it_treats_blank_filters_as_no_filter(data):
    assert proposals("?status=&category=&q=") == ["Benches along the river path"]


def test_it_finds_nothing_for_an_envelope_of_another_process(data):
    other = Envelope.objects.create(process=make_process(slug="elsewhere"), name="Elsewhere",
                                    amount=1000)
    assert proposals(f"?envelope={other.pk}") == []
    assert proposals("?envelope=999999") == []


@pytest.mark.parametrize(("url", "field", "message"), [
    ("/api/v1/processes/?phase=bogus", "phase", '"bogus" is not a valid choice.'),
    ("/api/v1/processes/riverside/proposals/?status=bogus", "status",
     '"bogus" is not a valid choice.'),
    ("/api/v1/processes/riverside/proposals/?category=bogus", "category",
     '"bogus" is not a valid choice.'),
    ("/api/v1/processes/riverside/proposals/?envelope=xyz", "envelope",
     "A valid integer is required."),
    ("/api/v1/processes/riverside/proposals/?envelope=0", "envelope",
     "Ensure this value is greater than or equal to 1."),
    (f"/api/v1/processes/riverside/proposals/?envelope={2**64}", "envelope",
     "Ensure this value is less than or equal to 9223372036854775807."),
    ("/api/v1/processes/?q=" + "x" * 201, "q",
     "Ensure this field has no more than 200 characters."),
])
def test_it_says_which_filter_it_cannot_use(data, url, field, message):
    response = Client().get(url)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


@pytest.mark.parametrize("url", [
    "/api/v1/processes/nowhere/", "/api/v1/processes/nowhere/envelopes/",
    "/api/v1/processes/nowhere/proposals/", "/api/v1/envelopes/999999/",
    "/api/v1/envelopes/999999/projects/", "/api/v1/projects/999999/",
    f"/api/v1/envelopes/{2**64}/", f"/api/v1/projects/{2**64}/", f"/api/v1/proposals/{2**64}/",
])
def test_it_says_what_does_not_exist(data, url):
    response = Client().get(url)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("There is no")
