"""GET /api/v1/envelopes/<id>/results/: the published count only, amounts in pounds."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.open_data_setup import make_open_data
from voting.results.exports import pounds
from voting.results.models import Tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return make_open_data()


def results(envelope_id: int):
    return Client().get(f"/api/v1/envelopes/{envelope_id}/results/")


def test_it_shows_the_published_count(data):
    body = results(data.envelope.pk).json()
    assert body["number"] == data.published.number == 1
    assert body["rule"] == "greedy"
    assert body["digest"] == "a" * 64
    assert body["ballots"] == 27
    assert body["turnout"] == {
        # The three code ballots join the paper ones; two spoilt papers are too few to say.
        "ways_of_voting": [{"channels": ["online"], "count": 14},
                           {"channels": ["code", "paper"], "count": 13}],
        "spoilt": None,
        "age_bands": [{"youngest": 16, "oldest": 44, "label": "16 to 44", "count": 14}],
        "age_hidden": False,
    }
    assert body["options"] == {"completion": "add1u"}
    assert body["unit"] == 1
    assert body["ballot_type"] == "approval"


def test_it_hides_an_unpublished_tally(data):
    # Count 2 is newer but not published: count 1 is what the public sees.
    body = results(data.envelope.pk).json()
    assert body["number"] == 1
    assert "UNPUBLISHED" not in results(data.envelope.pk).content.decode()


def test_it_says_so_when_no_count_is_published(data):
    response = results(data.other_envelope.pk)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "The results of this envelope have not been published yet."
    }


def test_it_shows_a_count_once_it_is_published(data):
    Tally.objects.filter(pk=data.published.pk).update(is_published=False)
    Tally.objects.filter(pk=data.unpublished.pk).update(is_published=True,
                                                        published_at=timezone.now())
    assert results(data.envelope.pk).json()["number"] == 2


def test_it_says_so_when_the_envelope_does_not_exist(data):
    response = results(999999)
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such envelope."}


def test_it_converts_pence_units_to_pounds(data):
    body = results(data.envelope.pk).json()
    assert body["budget"] == "60000.00"
    assert body["spent"] == "55000.50"
    assert body["left"] == "4999.50"
    costs = {p["project_id"]: p["cost"] for p in body["projects"]}
    assert costs == {data.projects[0].code: "10000.00", "R-7": "20000.00",
                     data.projects[2].code: "45000.50"}


def test_it_converts_pound_units_to_pounds(data):
    outcome = dict(data.published.outcome, budget=60000, spent=55000)
    outcome["projects"] = [dict(p, cost=p["cost"] // 100) for p in outcome["projects"]]
    Tally.objects.filter(pk=data.published.pk).update(unit=100, outcome=outcome)
    body = results(data.envelope.pk).json()
    assert (body["unit"], body["budget"], body["spent"]) == (100, "60000.00", "55000.00")
    assert [p["cost"] for p in body["projects"]] == ["10000.00", "20000.00", "45000.00"]


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (0, 1, "0.00"), (1, 1, "0.01"), (4_500_050, 1, "45000.50"), (60000, 100, "60000.00"),
    (10**9, 100, "1000000000.00"), ("123", 100, "123.00"),
])
def test_it_converts_any_amount_exactly(value, unit, expected):
    assert pounds(value=value, unit=unit) == Decimal(expected)


def test_it_lists_every_project_with_its_reason(data):
    body = results(data.envelope.pk).json()
    assert body["selected"] == [data.projects[2].code, data.projects[0].code]
    by_code = {p["project_id"]: p for p in body["projects"]}
    pump = by_code[data.projects[2].code]
    assert pump == {
        "project_id": data.projects[2].code, "project": data.projects[2].pk,
        "name": "Pump track", "cost": "45000.50", "support": 4, "supporters": 4,
        "selected": True, "rank": 1, "reason": pump["reason"], "reason_code": "funded",
        "tie_decided": False,
    }
    assert by_code["R-7"]["project"] == data.projects[1].pk
    assert by_code["R-7"]["selected"] is False
    assert by_code["R-7"]["reason_code"] == "skipped_no_room"


def test_it_links_the_downloads_of_the_count(data):
    body = results(data.envelope.pk).json()
    base = f"/p/riverside/results/{data.envelope.pk}/count-1"
    assert body["downloads"] == {"pb": f"{base}.pb", "csv": f"{base}.csv",
                                 "json": f"{base}.json"}
